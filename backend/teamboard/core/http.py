"""HTTP plumbing shared by every route: problem+json errors, security headers, body limit.

The middlewares are plain ASGI (no BaseHTTPMiddleware): they sit on every request, so
they must cost microseconds and never buffer a streamed body.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teamboard.core.errors import AppError, CsrfFailed, TooLarge, Unavailable
from teamboard.core.messages import describe_all
from teamboard.core.methods import allowed_methods
from teamboard.core.observe import SCOPE_KEY as REQUEST_ID_KEY
from teamboard.core.outages import DOWN_ERRORS, database_unavailable
from teamboard.core.schemas import MAX_ID, parse_int

log = logging.getLogger("teamboard")

PROBLEM = "application/problem+json"
HTML_ERROR_RENDERER = "html_error_renderer"

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    502: "upstream_failed",
    500: "internal",
    503: "unavailable",
}


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    current: Any = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """RFC 9457 problem details: one body shape for every 4xx and 5xx (``extra``: members
    of a specific problem, e.g. readiness's ``checks``)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code or _STATUS_CODES.get(status, "error"),
    }
    if errors is not None:
        body["errors"] = errors
    if current is not None:
        body["current"] = jsonable_encoder(current)
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM)


_NOT_JSON = "The body is not valid JSON."
_FASTAPI_UNPARSED = "There was an error parsing the body"


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Each error in the catalogue's words (core/messages.py), never the validator's.
    return describe_all(exc.errors())


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


async def _render(request: Request, response: JSONResponse) -> Response:
    """HTML clients get the error page (when the web layer registered one)."""
    renderer = getattr(request.app.state, HTML_ERROR_RENDERER, None)
    if renderer is not None and _wants_html(request):
        rendered: Response = await renderer(request, response)
        return rendered
    return response


def install_error_handlers(app: FastAPI) -> None:
    async def on_app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        return await _render(
            request,
            problem(
                exc.status,
                exc.title,
                exc.detail,
                code=exc.code,
                errors=describe_all(exc.errors) if exc.errors else exc.errors,
                current=exc.current,
                headers=exc.headers,
                extra=exc.extra,
            ),
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = _field_errors(exc)
        if any(e["type"] == "json_invalid" for e in errors):
            return await _render(request, problem(400, "Malformed JSON", _NOT_JSON, errors=errors))
        detail = "Some fields need another look: each error says what to change."
        return await _render(request, problem(422, "Invalid input", detail, errors=errors))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            allow = allowed_methods(request.app, request.scope["path"])
            headers = (headers or {}) | {"Allow": allow}
        if exc.status_code == 400 and exc.detail == _FASTAPI_UNPARSED:
            # JSON nested too deep to read: the same words as any other broken JSON.
            return await _render(request, problem(400, "Malformed JSON", _NOT_JSON))
        return await _render(
            request, problem(exc.status_code, str(exc.detail), str(exc.detail), headers=headers)
        )

    async def on_database_down(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable: %s", exc)
        down = Unavailable("The database is unavailable; try again shortly")
        return await _render(
            request, problem(503, down.title, down.detail, headers={"Retry-After": "5"})
        )

    async def on_integrity(request: Request, exc: Exception) -> Response:
        # A race lost against a constraint (two writers, one unique slot): a conflict.
        log.info("integrity error: %s", exc)
        return await _render(
            request,
            problem(409, "Conflict", "The change conflicts with another one; reload and retry"),
        )

    async def on_bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return await _render(request, problem(500, "Internal error", "Something went wrong"))

    async def on_crash(request: Request, exc: Exception) -> Response:
        response = await on_bug(request, exc)
        # Starlette answers unhandled errors from its outermost middleware, outside
        # SecurityHeaders and the request observer: this answer gets their headers here.
        runtime = getattr(request.app.state, "runtime", None)
        hsts = bool(runtime and runtime.settings.secure_cookies)
        for key, value in security_headers(hsts=hsts):
            response.headers[key.decode()] = value.decode()
        if (rid := request.scope.get(REQUEST_ID_KEY)) is not None:
            response.headers["X-Request-ID"] = rid
        return response

    async def on_database_error(request: Request, exc: Exception) -> Response:
        if database_unavailable(exc):
            return await on_database_down(request, exc)
        return await on_bug(request, exc)  # answered inside the middleware: headers follow

    app.add_exception_handler(AppError, on_app_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(OperationalError, on_database_down)
    app.add_exception_handler(IntegrityError, on_integrity)
    # Registered by class so that they are answered inside the middleware stack, like any
    # other error, instead of escaping to the server as crashes.
    for family in DOWN_ERRORS:
        app.add_exception_handler(family, on_database_error)
    app.add_exception_handler(Exception, on_crash)


def ws_close_code(exc: AppError) -> int:
    """The WebSocket face of the error tree: refusals are policy violations (1008, which
    before the handshake's accept is an HTTP 403); anything else is the server's (1011)."""
    return 1008 if exc.status in (401, 403, 404) else 1011


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


_CSP = b"content-security-policy"


def security_headers(*, hsts: bool, csp: str = CSP) -> list[tuple[bytes, bytes]]:
    headers = [
        (_CSP, csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if hsts:
        headers.append((b"strict-transport-security", b"max-age=63072000"))
    return headers


class SecurityHeaders:
    """Adds CSP, framing, sniffing and referrer headers to every response (HSTS on https);
    API responses also get ``Cache-Control: no-store`` unless the route chose one. A route
    that sets its own CSP keeps it (the SPA's page: the app's, with its own styles' hashes
    added): a second policy would be enforced as well, and refuse what the first allows."""

    def __init__(self, app: ASGIApp, *, hsts: bool, csp: str = CSP) -> None:
        self.app = app
        self.headers = security_headers(hsts=hsts, csp=csp)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own_csp = any(k == _CSP for k, _ in headers)
                headers.extend(h for h in self.headers if not (own_csp and h[0] == _CSP))
                if is_api and not any(k == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(TooLarge, StarletteHTTPException):  # type: ignore[misc]
    """Raised while the app reads the body. Being an HTTPException, FastAPI's body parsing
    re-raises it instead of making it a 400; being an AppError (found first in the MRO by
    the handler lookup), it renders as our 413. The ignore: ``headers`` types differ."""

    def __init__(self, max_bytes: int) -> None:
        TooLarge.__init__(self, f"Request bodies are limited to {max_bytes} bytes")
        self.status_code = 413


class BodyLimit:
    """413 for bodies over the limit, whether announced by Content-Length (before a byte
    of the body is read) or streamed. Uploads (paths matching ``upload_paths``) have their
    own, larger limit, and so has each path pattern in ``limits`` (e.g. imports)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        *,
        upload_paths: re.Pattern[str] | None = None,
        upload_bytes: int = 0,
        limits: tuple[tuple[re.Pattern[str], int], ...] = (),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_paths = upload_paths
        self.upload_bytes = upload_bytes
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if self.upload_paths is not None and self.upload_paths.match(scope["path"]):
            limit = self.upload_bytes
        for paths, bytes_ in self.limits:
            if paths.match(scope["path"]):
                limit = bytes_
        for key, value in scope["headers"]:
            if key == b"content-length":
                declared = parse_int(value.decode("latin-1"), 0, MAX_ID)
                if declared is None or declared > limit:
                    await self._reject(scope, receive, send, limit)
                    return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._reject(scope, receive, send, limit)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        exc = TooLarge(f"Request bodies are limited to {limit} bytes")
        response = problem(exc.status, exc.title, exc.detail, code=exc.code)
        await response(scope, receive, send)


# -- where a request comes from ---------------------------------------------------------


def request_origin(request: Request) -> str | None:
    origin = request.headers.get("origin")
    if origin is None and (referer := request.headers.get("referer")):
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "null"
    return origin.lower() if origin else None


def verify_origin(request: Request, allowed: frozenset[str]) -> None:
    """Browsers always send Origin on cross-site unsafe requests; a foreign one (not in
    ``allowed``: the settings' ``allowed_origins``) is refused."""
    origin = request_origin(request)
    if origin is not None and origin not in allowed:
        raise CsrfFailed("Cross-site request refused")
