"""A generated Trello board export for the import bench, in the published format (Board
menu → Print, export and share → Export as JSON): made-up boards and people.

The same shape as the tests' ``large_export`` (backend/tests/support/trello.py), which
the bench does not import (the tests' helpers need the backend's test set-up): cards
spread over lists, each with a label, a checklist of three items every fifth card, and
comments spread over the cards, one action in ten some other history the import leaves
out. Change both together.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

BOARD_ID = "5f0c1a2b3c4d5e6f7a8b9c0d"


def _id(kind: int, n: int) -> str:
    """A 24-hex Trello-like id (its first 8 hex digits are a time, as Trello's are)."""
    return f"5f0c1a2b{kind:04x}{n:012x}"


def _member(n: int) -> dict[str, Any]:
    return {
        "id": _id(1, n),
        "username": f"user{n}",
        "fullName": f"User {n}",
        "initials": f"U{n}",
        "avatarUrl": None,
        "memberType": "normal",
    }


def _list(n: int) -> dict[str, Any]:
    return {
        "id": _id(2, n),
        "name": f"List {n}",
        "closed": False,
        "pos": n * 1024,
        "idBoard": BOARD_ID,
        "subscribed": False,
        "softLimit": None,
    }


def _card(n: int, list_n: int) -> dict[str, Any]:
    return {
        "id": _id(3, n),
        "name": f"Card {n}",
        "desc": f"Card **{n}** of the generated board.",
        "due": None,
        "dueComplete": False,
        "closed": False,
        "pos": n * 1024,
        "idList": _id(2, list_n),
        "idBoard": BOARD_ID,
        "idLabels": [_id(4, n % 5 + 1)],
        "idMembers": [],
        "idChecklists": [],
        "attachments": [],
        "badges": {"votes": 0, "comments": 0, "attachments": 0},
        "shortUrl": f"https://trello.com/c/{n:08d}",
        "dateLastActivity": "2026-01-05T09:00:00.000Z",
    }


def _checklist(n: int) -> dict[str, Any]:
    return {
        "id": _id(6, n),
        "name": "Steps",
        "idCard": _id(3, n),
        "pos": 1,
        "checkItems": [
            {"id": _id(8, n * 3 + i), "name": f"Step {i}", "state": "complete", "pos": i}
            for i in range(3)
        ],
    }


def _action(n: int, card_n: int, member: dict[str, Any], when: str) -> dict[str, Any]:
    return {
        "id": _id(5, n),
        "idMemberCreator": member["id"],
        "type": "updateCard" if n % 10 == 9 else "commentCard",  # one in ten: left out
        "date": when,
        "data": {
            "text": f"Comment {n} on the card.",
            "card": {"id": _id(3, card_n), "name": "…", "idShort": card_n},
            "board": {"id": BOARD_ID, "name": "…"},
            "list": {"id": _id(2, 1), "name": "…"},
        },
        "memberCreator": {
            "id": member["id"],
            "username": member["username"],
            "fullName": member["fullName"],
        },
    }


def large_export(cards: int = 5000, actions: int = 20_000, lists: int = 10) -> dict[str, Any]:
    """``cards`` cards over ``lists`` lists and ``actions`` actions (9 in 10 comments)."""
    people = [_member(n) for n in range(1, 6)]
    labels = [
        {"id": _id(4, n), "name": f"label {n}", "color": color}
        for n, color in enumerate(["green", "yellow", "orange", "red", "blue"], 1)
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "name": "Generated board",
        "desc": "",
        "lists": [_list(n) for n in range(1, lists + 1)],
        "cards": [_card(n, n % lists + 1) for n in range(1, cards + 1)],
        "labels": labels,
        "checklists": [_checklist(n) for n in range(1, cards + 1, 5)],
        "actions": [
            _action(
                n,
                n % cards + 1,
                people[n % 5],
                (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            )
            for n in range(actions)
        ],
        "members": people,
    }


def encoded(export: dict[str, Any]) -> bytes:
    return json.dumps(export, ensure_ascii=False).encode()
