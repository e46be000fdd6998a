"""The benchmark board, built through the JSON API, and the checks made on it before and
after the runs."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from lib.common import API, CARD_COUNT, COLUMN_NAMES, LABELS, BenchError


@dataclass
class Fixture:
    email: str
    password: str
    token: str
    board_id: int
    column_ids: list[int]
    card_ids: list[int]
    etag: str
    seq: int
    body_bytes: int


def _ok(response: httpx.Response, what: str, status: int = 200) -> Any:
    if response.status_code != status:
        raise BenchError(
            f"{what}: expected {status}, got {response.status_code}: {response.text[:500]}"
        )
    return response.json() if response.content else None


def build_board(base_url: str) -> Fixture:
    """One user, one board with 4 columns, 3 labels and 200 cards, all through the API."""
    email, password = "bench@example.com", "bench-" + secrets.token_urlsafe(12)
    with httpx.Client(base_url=base_url + API, timeout=30) as client:
        user = _ok(
            client.post(
                "/auth/signup",
                json={"email": email, "password": password, "display_name": "Bench"},
            ),
            "sign-up",
            201,
        )
        tokens = _ok(
            client.post("/auth/token", data={"username": email, "password": password}), "token"
        )
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        board = _ok(
            client.post(
                "/boards",
                json={
                    "name": "Benchmark board",
                    "description": "200 cards, read and moved by wrk",
                    "columns": COLUMN_NAMES,
                },
            ),
            "create board",
            201,
        )
        board_id = board["id"]
        detail = _ok(client.get(f"/boards/{board_id}"), "read board")
        column_ids = [column["id"] for column in detail["columns"]]
        label_ids = [
            _ok(
                client.post(f"/boards/{board_id}/labels", json={"name": n, "color": c}),
                "create label",
                201,
            )["id"]
            for n, c in LABELS
        ]
        card_ids = []
        for index in range(CARD_COUNT):
            card = _ok(
                client.post(
                    f"/columns/{column_ids[index % len(column_ids)]}/cards",
                    json={
                        "title": f"Card {index + 1}: something that needs doing",
                        "description": "A short description of the work. " * (1 + index % 4),
                        "label_ids": label_ids[: index % (len(label_ids) + 1)],
                        "assignee_ids": [user["id"]] if index % 2 == 0 else [],
                    },
                ),
                "create card",
                201,
            )
            card_ids.append(card["id"])
        full = client.get(f"/boards/{board_id}")
        detail = _ok(full, "read board")
        on_board = sum(len(column["cards"]) for column in detail["columns"])
        if on_board != CARD_COUNT:
            raise BenchError(f"board shows {on_board} cards, expected {CARD_COUNT}")
        etag = full.headers.get("etag")
        if not etag:
            raise BenchError("GET /boards/{id} sent no ETag")
        return Fixture(
            email=email,
            password=password,
            token=tokens["access_token"],
            board_id=board_id,
            column_ids=column_ids,
            card_ids=card_ids,
            etag=etag,
            seq=detail["seq"],
            body_bytes=len(full.content),
        )


def check_not_modified(base_url: str, fx: Fixture) -> None:
    response = httpx.get(
        f"{base_url}{API}/boards/{fx.board_id}",
        headers={"Authorization": f"Bearer {fx.token}", "If-None-Match": fx.etag},
        timeout=10,
    )
    if response.status_code != 304 or response.headers.get("etag") != fx.etag:
        raise BenchError(
            f"If-None-Match {fx.etag} gave {response.status_code} "
            f"(ETag {response.headers.get('etag')!r}), expected 304"
        )


def check_board_after_moves(base_url: str, fx: Fixture) -> tuple[int, list[str]]:
    """Board sequence advance, plus anything wrong with the board after the moves."""
    response = httpx.get(
        f"{base_url}{API}/boards/{fx.board_id}",
        headers={"Authorization": f"Bearer {fx.token}"},
        timeout=10,
    )
    detail = _ok(response, "read board after moves")
    problems: list[str] = []
    seen: list[int] = []
    for column in detail["columns"]:
        positions = [card["position"] for card in column["cards"]]
        if positions != list(range(len(positions))):
            problems.append(f"column {column['id']} positions are {positions[:10]}…")
        seen += [card["id"] for card in column["cards"]]
    if sorted(seen) != sorted(fx.card_ids):
        problems.append(f"board holds {len(seen)} cards ({len(set(seen))} distinct)")
    return detail["seq"] - fx.seq, problems
