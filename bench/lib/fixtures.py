"""The benchmark board, built through the JSON API, and the checks made on it before and
after the runs."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import httpx

from devkit.api import SyncApi, expect
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


def build_board(base_url: str) -> Fixture:
    """One user, one board with 4 columns, 3 labels and 200 cards, all through the API."""
    password = "bench-" + secrets.token_urlsafe(12)
    with SyncApi.connect(base_url, password=password) as api:
        user = api.sign_up("Bench", email="bench@example.com")
        board = api.board(
            user,
            "Benchmark board",
            description="200 cards, read and moved by wrk",
            columns=COLUMN_NAMES,
        )
        board_id = board["id"]
        column_ids = [column["id"] for column in board["columns"]]
        label_ids = [
            api.call(user, "POST", f"{API}/boards/{board_id}/labels", status=201,
                     json={"name": n, "color": c})["id"]
            for n, c in LABELS
        ]  # fmt: skip
        card_ids = []
        for index in range(CARD_COUNT):
            card = api.card(
                user,
                column_ids[index % len(column_ids)],
                f"Card {index + 1}: something that needs doing",
                description="A short description of the work. " * (1 + index % 4),
                label_ids=label_ids[: index % (len(label_ids) + 1)],
                assignee_ids=[user.id] if index % 2 == 0 else [],
            )
            card_ids.append(card["id"])
        full = api.client.get(f"{API}/boards/{board_id}", headers=user.headers)
        detail = expect(full, 200, "read board")
        on_board = sum(len(column["cards"]) for column in detail["columns"])
        if on_board != CARD_COUNT:
            raise BenchError(f"board shows {on_board} cards, expected {CARD_COUNT}")
        etag = full.headers.get("etag")
        if not etag:
            raise BenchError("GET /boards/{id} sent no ETag")
        return Fixture(
            email=user.email,
            password=password,
            token=user.token,
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
    detail = expect(response, 200, "read board after moves")
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
