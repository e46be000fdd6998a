"""Trello board exports written for the tests, in the published format (Board menu →
Print, export and share → Export as JSON): made-up boards and people, never a real
person's board. Each has the members the importer reads, and some of the many others a
real export carries (which the import ignores).

- :func:`small_export`: every feature the import maps, once or twice;
- :func:`unicode_export`: names and Markdown in many scripts, emoji, long texts;
- :func:`large_export`: generated, 5,000 cards and 20,000 actions by default.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from teamboard.core.runtime import Runtime
from teamboard.portability.jobs import Importer
from tests.support.api import Api, Headers

BOARD_ID = "5f0c1a2b3c4d5e6f7a8b9c0d"


def _id(kind: int, n: int) -> str:
    """A 24-hex Trello-like id (its first 8 hex digits are a time, as Trello's are)."""
    return f"5f0c1a2b{kind:04x}{n:012x}"


def _member(n: int, username: str, full_name: str) -> dict[str, Any]:
    return {
        "id": _id(1, n),
        "username": username,
        "fullName": full_name,
        "initials": "".join(part[0] for part in full_name.split()),
        "avatarUrl": None,
        "memberType": "normal",
    }


def _list(n: int, name: str, pos: float, *, closed: bool = False) -> dict[str, Any]:
    return {
        "id": _id(2, n),
        "name": name,
        "closed": closed,
        "pos": pos,
        "idBoard": BOARD_ID,
        "subscribed": False,
        "softLimit": None,
    }


def _card(n: int, list_n: int, name: str, pos: float, **fields: Any) -> dict[str, Any]:
    card: dict[str, Any] = {
        "id": _id(3, n),
        "name": name,
        "desc": "",
        "due": None,
        "dueComplete": False,
        "closed": False,
        "pos": pos,
        "idList": _id(2, list_n),
        "idBoard": BOARD_ID,
        "idLabels": [],
        "idMembers": [],
        "idChecklists": [],
        "attachments": [],
        "badges": {"votes": 0, "comments": 0, "attachments": 0},
        "shortUrl": f"https://trello.com/c/{n:08d}",
        "dateLastActivity": "2026-01-05T09:00:00.000Z",
    }
    card.update(fields)
    return card


def _comment(n: int, card_n: int, member: dict[str, Any], text: str, when: str) -> dict[str, Any]:
    return {
        "id": _id(5, n),
        "idMemberCreator": member["id"],
        "type": "commentCard",
        "date": when,
        "data": {
            "text": text,
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


def small_export() -> dict[str, Any]:
    """A board with every feature: lists out of order and one closed; cards in pos order
    with Markdown, a due date marked complete, an archived card, labels (one unnamed,
    one of a _dark shade, one without colour), checklists with done and open items,
    attachments, comments by two people, members mapped or not, other actions."""
    alice = _member(1, "alice", "Alice Martin")
    bob = _member(2, "bob", "Bob Stone")
    carol = _member(3, "carol", "Carol King")
    labels = [
        {"id": _id(4, 1), "idBoard": BOARD_ID, "name": "Bug", "color": "red"},
        {"id": _id(4, 2), "idBoard": BOARD_ID, "name": "", "color": "green"},
        {"id": _id(4, 3), "idBoard": BOARD_ID, "name": "Design", "color": "purple_dark"},
        {"id": _id(4, 4), "idBoard": BOARD_ID, "name": "Later", "color": None},
    ]
    lists = [
        _list(3, "Done", 49152),
        _list(1, "To do", 16384),
        _list(4, "Old ideas", 65536, closed=True),
        _list(2, "Doing", 32768),
    ]
    cards = [
        _card(
            1,
            1,
            "Write the spec",
            32768,
            desc="The spec in **Markdown**:\n\n- one\n- two",
            due="2031-05-01T22:30:00.000Z",
            dueComplete=True,
            idLabels=[_id(4, 1), _id(4, 2)],
            idMembers=[alice["id"], bob["id"]],
            idChecklists=[_id(6, 1), _id(6, 2)],
            attachments=[
                {
                    "id": _id(7, 1),
                    "name": "spec [draft].pdf",
                    "url": "https://trello.com/1/cards/c1/attachments/a1/download/spec.pdf",
                    "bytes": 1234,
                    "mimeType": "application/pdf",
                    "isUpload": True,
                },
                {"id": _id(7, 2), "name": "Mock-ups", "url": "https://example.com/mock ups"},
            ],
        ),
        _card(2, 1, "Sketch the screens", 16384, idLabels=[_id(4, 3)]),
        _card(3, 2, "Old prototype", 16384, closed=True, idLabels=[_id(4, 4)]),
        _card(4, 3, "Kick-off", 16384, due="2026-01-02T00:00:00.000Z"),
        _card(5, 4, "Idea in a closed list", 16384),
    ]
    checklists = [
        {
            "id": _id(6, 1),
            "name": "Steps",
            "idCard": _id(3, 1),
            "idBoard": BOARD_ID,
            "pos": 32768,
            "checkItems": [
                {"id": _id(8, 1), "name": "Review", "state": "incomplete", "pos": 32768},
                {"id": _id(8, 2), "name": "Draft", "state": "complete", "pos": 16384},
            ],
        },
        {
            "id": _id(6, 2),
            "name": "Before",
            "idCard": _id(3, 1),
            "idBoard": BOARD_ID,
            "pos": 16384,
            "checkItems": [{"id": _id(8, 3), "name": "Ask", "state": "complete", "pos": 1}],
        },
    ]
    actions = [
        _comment(1, 1, bob, "Looks good to me.", "2026-01-03T10:00:00.000Z"),
        _comment(2, 1, alice, "First draft is up.", "2026-01-02T09:30:00.000Z"),
        _comment(3, 5, carol, "A comment on a card in a closed list.", "2026-01-04T08:00:00.000Z"),
        {
            "id": _id(5, 4),
            "idMemberCreator": alice["id"],
            "type": "createCard",
            "date": "2026-01-01T08:00:00.000Z",
            "data": {"card": {"id": _id(3, 1)}, "list": {"id": _id(2, 1)}},
            "memberCreator": {"id": alice["id"], "username": "alice", "fullName": "Alice"},
        },
    ]
    return {
        "id": BOARD_ID,
        "name": "Launch plan",
        "desc": "Everything for the **launch**.",
        "closed": False,
        "url": "https://trello.com/b/abcdefgh/launch-plan",
        "prefs": {"permissionLevel": "private", "background": "blue"},
        "labelNames": {"red": "Bug", "green": ""},
        "lists": lists,
        "cards": cards,
        "labels": labels,
        "checklists": checklists,
        "actions": actions,
        "members": [alice, bob, carol],
        "memberships": [{"idMember": m["id"], "memberType": "normal"} for m in (alice, bob)],
    }


def unicode_export() -> dict[str, Any]:
    """Names and Markdown in several scripts, emoji, a title past 200 characters, a
    description with tables, code and HTML, control characters to be taken out."""
    zoe = _member(1, "zoe_λ", "Zoë Ångström")
    markdown = (
        "# Überblick 📋\n\n| Spalte | Wert |\n|---|---|\n| α | β |\n\n```python\nprint('ok')\n```"
        "\n\n<b>not HTML</b> — 日本語のテキスト، نص عربي"
    )
    return {
        "name": "Projekt Ω — 計画 🚀",
        "desc": "Ünïcödé **board**",
        "lists": [_list(1, "À faire ✏️", 1), _list(2, "В работе", 2)],
        "cards": [
            _card(1, 1, "Écrire la spécification 📝", 1, desc=markdown),
            _card(2, 2, "長い" * 150, 1, desc="bell\x07 and tab\tkept"),
        ],
        "labels": [{"id": _id(4, 1), "name": "Dringend ⚠️", "color": "orange_light"}],
        "checklists": [],
        "actions": [_comment(1, 1, zoe, "Très bien 👍 — *merci*", "2026-02-01T12:00:00.000Z")],
        "members": [zoe],
    }


def large_export(cards: int = 5000, actions: int = 20_000, lists: int = 10) -> dict[str, Any]:
    """A generated board: ``cards`` spread over ``lists`` lists, each with a label, a
    checklist of three items every fifth card, and ``actions`` comments spread over the
    cards (with one other action in ten)."""
    people = [_member(n, f"user{n}", f"User {n}") for n in range(1, 6)]
    labels = [
        {"id": _id(4, n), "name": f"label {n}", "color": color}
        for n, color in enumerate(["green", "yellow", "orange", "red", "blue"], 1)
    ]
    made_cards = [
        _card(
            n,
            n % lists + 1,
            f"Card {n}",
            n * 1024,
            desc=f"Card **{n}** of the generated board.",
            idLabels=[_id(4, n % 5 + 1)],
        )
        for n in range(1, cards + 1)
    ]
    checklists = [
        {
            "id": _id(6, n),
            "name": "Steps",
            "idCard": _id(3, n),
            "pos": 1,
            "checkItems": [
                {"id": _id(8, n * 3 + i), "name": f"Step {i}", "state": "complete", "pos": i}
                for i in range(3)
            ],
        }
        for n in range(1, cards + 1, 5)
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made_actions = []
    for n in range(actions):
        when = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        action = _comment(n, n % cards + 1, people[n % 5], f"Comment {n} on the card.", when)
        if n % 10 == 9:  # history the import leaves out
            action["type"] = "updateCard"
        made_actions.append(action)
    return {
        "name": "Generated board",
        "desc": "",
        "lists": [_list(n, f"List {n}", n * 1024) for n in range(1, lists + 1)],
        "cards": made_cards,
        "labels": labels,
        "checklists": checklists,
        "actions": made_actions,
        "members": people,
    }


def encoded(export: dict[str, Any]) -> bytes:
    return json.dumps(export, ensure_ascii=False).encode()


async def upload(
    api: Api, who: Headers, data: bytes, *, member_map: str = "", status: int = 202
) -> dict[str, Any]:
    """POST the export to the import route; its JSON answer (``status`` checked)."""
    form = {"member_map": member_map} if member_map else {}
    answer: dict[str, Any] = await api.call(
        who,
        "POST",
        "/api/v1/imports/trello",
        files={"file": ("board.json", data, "application/json")},
        data=form,
        status=status,
    )
    return answer


async def run_imports(runtime: Runtime) -> None:
    """One turn of the runner's import task, as a worker process runs it."""
    await Importer(runtime.settings, runtime.db, runtime.files).turn()


async def imported(
    api: Api, who: Headers, export: dict[str, Any], *, member_map: str = ""
) -> dict[str, Any]:
    """The export uploaded and imported: the job as ``GET /imports/{id}`` reads then."""
    started = await upload(api, who, encoded(export), member_map=member_map)
    await run_imports(api.runtime)
    job: dict[str, Any] = await api.call(who, "GET", f"/api/v1/imports/{started['id']}")
    return job
