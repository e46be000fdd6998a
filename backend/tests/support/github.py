"""A small stand-in for GitHub's OAuth endpoints and REST API on a loopback port, with the
checks GitHub makes (client secret, redirect URI, single-use code, PKCE S256) and the
answers it gives (errors as HTTP 200 with an ``error`` field), for the GitHub code path."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "gh-client"
CLIENT_SECRET = "gh-secret"


@dataclass
class GitHub:
    url: str = ""
    user: dict[str, Any] = field(default_factory=dict)
    emails: list[dict[str, Any]] = field(default_factory=list)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    pkce_checked: int = 0

    def approve(self, authorize_url: str) -> str:
        """The person clicks "Authorize": GitHub's redirect back with a code."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        assert query["client_id"] == CLIENT_ID
        code = secrets.token_urlsafe(12)
        self.codes[code] = query
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _handler(github: GitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, body: Any, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/login/oauth/access_token":
                return self._json({"message": "Not Found"}, 404)
            if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                return self._json({"error": "incorrect_client_credentials"})
            request = github.codes.pop(form.get("code", ""), None)
            if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                return self._json({"error": "bad_verification_code"})
            if _s256(form.get("code_verifier", "")) != request["code_challenge"]:
                return self._json({"error": "bad_verification_code"})
            github.pkce_checked += 1
            token = secrets.token_urlsafe(16)
            github.tokens.add(token)
            return self._json({"access_token": token, "token_type": "bearer", "scope": "user"})

        def do_GET(self) -> None:
            token = self.headers.get("authorization", "").removeprefix("Bearer ")
            if token not in github.tokens:
                return self._json({"message": "Bad credentials"}, 401)
            if self.path == "/api/user":
                return self._json(github.user)
            if self.path == "/api/user/emails":
                return self._json(github.emails)
            return self._json({"message": "Not Found"}, 404)

    return Handler


@contextmanager
def run_github() -> Iterator[GitHub]:
    github = GitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(github))
    github.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield github
    finally:
        server.shutdown()
        server.server_close()
