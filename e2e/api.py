"""Another person acting through the JSON API (bearer tokens), next to a browser."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
from conftest import PASSWORD

_n = itertools.count()


class ApiUser:
    def __init__(self, base_url: str, name: str) -> None:
        self.email = f"api{next(_n)}-{id(self)}@example.com"
        self.http = httpx.Client(base_url=base_url, headers={"Origin": base_url}, timeout=10)
        answer = self.http.post(
            "/api/v1/auth/signup",
            json={"email": self.email, "password": PASSWORD, "display_name": name},
        )
        answer.raise_for_status()
        self.id: int = answer.json()["id"]
        token = self.http.post(
            "/api/v1/auth/token", data={"username": self.email, "password": PASSWORD}
        )
        token.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        self.http.cookies.clear()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self.http.request(method, "/api/v1" + path, **kwargs)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def board(self, name: str, *members: str) -> dict[str, Any]:
        board = self.call("POST", "/boards", json={"name": name})
        for email in members:
            self.call(
                "POST", f"/boards/{board['id']}/members", json={"email": email, "role": "editor"}
            )
        detail: dict[str, Any] = self.call("GET", f"/boards/{board['id']}")
        return detail

    def close(self) -> None:
        self.http.close()
