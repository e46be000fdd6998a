"""The Trello import's mapping (portability/trello_plan.py), through the real route and
the runner's task: each feature of a Trello export, as the new board holds it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from teamboard.boards.models import BoardColumn, BoardMember, Invitation, Label
from teamboard.cards.models import Card, CardAssignee, CardLabel, Checklist, ChecklistItem, Comment
from teamboard.core.runtime import Runtime
from teamboard.portability.trello_text import colour_of
from tests.support.api import Api, Headers
from tests.support.trello import imported, small_export, unicode_export

MAP = "alice={me}\nbob=Bob@Example.com"


async def _board(runtime: Runtime, board_id: int) -> dict[str, Any]:
    """The board as the database holds it: columns in order, each with its cards in
    order (title, description, due, archived, labels, assigned, comments, checklists)."""
    async with runtime.db.session() as db:
        columns = list(
            await db.execute(
                select(BoardColumn.id, BoardColumn.name)
                .where(BoardColumn.board_id == board_id)
                .order_by(BoardColumn.rank)
            )
        )
        labels = {
            label.id: (label.name, label.color)
            for label in await db.scalars(select(Label).where(Label.board_id == board_id))
        }
        cards = list(
            await db.scalars(select(Card).where(Card.board_id == board_id).order_by(Card.rank))
        )
        links = list(await db.execute(select(CardLabel.card_id, CardLabel.label_id)))
        assigned = set(await db.scalars(select(CardAssignee.card_id)))
        comments = list(
            await db.scalars(
                select(Comment).where(Comment.board_id == board_id).order_by(Comment.created_at)
            )
        )
        lists = list(
            await db.scalars(
                select(Checklist).where(Checklist.board_id == board_id).order_by(Checklist.rank)
            )
        )
        items = list(await db.scalars(select(ChecklistItem).order_by(ChecklistItem.rank)))
    board: dict[str, Any] = {"labels": sorted(labels.values()), "columns": {}}
    for column_id, name in columns:
        board["columns"][name] = [
            {
                "title": card.title,
                "description": card.description,
                "due": card.due_date,
                "archived": card.archived,
                "labels": sorted(labels[lid][0] for cid, lid in links if cid == card.id),
                "assigned": card.id in assigned,
                "comments": [
                    (c.body, c.created_at, c.author_id) for c in comments if c.card_id == card.id
                ],
                "checklists": [
                    (cl.title, [(i.text, i.done) for i in items if i.checklist_id == cl.id])
                    for cl in lists
                    if cl.card_id == card.id
                ],
            }
            for card in cards
            if card.column_id == column_id
        ]
    return board


async def _small(api: Api) -> tuple[Headers, dict[str, Any], dict[str, Any]]:
    me = await api.user("importer")
    job = await imported(api, me, small_export(), member_map=MAP.format(me=me["X-Email"]))
    assert job["status"] == "done", job
    return me, job, await _board(api.runtime, job["board_id"])


async def test_lists_become_columns_in_pos_order_and_closed_lists_are_skipped(api: Api) -> None:
    _me, job, board = await _small(api)
    assert list(board["columns"]) == ["To do", "Doing", "Done"]
    skipped = {entry["what"]: entry["why"] for entry in job["report"]["skipped"]}
    assert "list “Old ideas” and its 1 card" in skipped
    assert "closed" in skipped["list “Old ideas” and its 1 card"]
    assert job["report"]["imported"]["columns"] == 3


async def test_cards_keep_pos_order_description_due_and_archived(api: Api) -> None:
    _me, job, board = await _small(api)
    todo = board["columns"]["To do"]
    assert [card["title"] for card in todo] == ["Sketch the screens", "Write the spec"]
    spec = todo[1]
    assert spec["description"].startswith("The spec in **Markdown**:\n\n- one\n- two")
    assert spec["due"] == date(2031, 5, 1)  # the day in UTC
    assert "*On Trello, the due date was marked complete.*" in spec["description"]
    assert (
        "1 card had its due date marked complete on Trello. Teamboard's due dates have no "
        "such mark, so the description of each says so at its end."
    ) in job["report"]["notes"]
    assert board["columns"]["Doing"][0]["archived"] is True
    assert board["columns"]["Done"][0]["archived"] is False
    assert job["report"]["imported"]["cards"] == 4
    assert job["report"]["imported"]["archived_cards"] == 1


async def test_labels_keep_their_names_and_colours_unnamed_ones_are_named_after_theirs(
    api: Api,
) -> None:
    _me, _job, board = await _small(api)
    assert board["labels"] == sorted(
        [
            ("Bug", colour_of("red")),
            ("green", colour_of("green")),
            ("Design", colour_of("purple_dark")),
            ("Later", "#6b7280"),
        ]
    )
    assert colour_of("purple_dark") != colour_of("purple") != colour_of("purple_light")
    todo = board["columns"]["To do"]
    assert todo[1]["labels"] == ["Bug", "green"]
    assert todo[0]["labels"] == ["Design"]


async def test_checklists_keep_their_order_and_their_items_state(api: Api) -> None:
    _me, job, board = await _small(api)
    spec = board["columns"]["To do"][1]
    assert spec["checklists"] == [
        ("Before", [("Ask", True)]),
        ("Steps", [("Draft", True), ("Review", False)]),
    ]
    assert job["report"]["imported"]["checklists"] == 2
    assert job["report"]["imported"]["checklist_items"] == 3


async def test_comments_keep_their_dates_and_name_their_trello_author(api: Api) -> None:
    me, job, board = await _small(api)
    comments = board["columns"]["To do"][1]["comments"]
    assert [(body, when) for body, when, _ in comments] == [
        (
            "*Alice Martin (@alice) on Trello:*\n\nFirst draft is up.",
            datetime(2026, 1, 2, 9, 30, tzinfo=UTC),
        ),
        (
            "*Bob Stone (@bob) on Trello:*\n\nLooks good to me.",
            datetime(2026, 1, 3, 10, 0, tzinfo=UTC),
        ),
    ]
    # The importer is the author of record.
    assert {author for _, _, author in comments} == {int(me["X-User-Id"])}
    skipped = {entry["what"]: entry["why"] for entry in job["report"]["skipped"]}
    assert "1 other action" in skipped
    assert job["report"]["imported"]["comments"] == 2


async def test_attachments_become_links_in_the_description(api: Api) -> None:
    _me, job, board = await _small(api)
    description = board["columns"]["To do"][1]["description"]
    assert (
        "**Attachments on Trello**\n\n"
        "- [spec \\[draft\\].pdf]"
        "(<https://trello.com/1/cards/c1/attachments/a1/download/spec.pdf>)\n"
        "- [Mock-ups](<https://example.com/mock%20ups>)"
    ) in description
    assert job["report"]["imported"]["attachments"] == 2


async def test_mapped_members_are_invited_the_importer_assigned_the_others_named(
    api: Api,
) -> None:
    me, job, board = await _small(api)
    async with api.runtime.db.session() as db:
        invited = list(
            await db.scalars(select(Invitation.email).where(Invitation.board_id == job["board_id"]))
        )
        members = list(
            await db.execute(
                select(BoardMember.user_id, BoardMember.role).where(
                    BoardMember.board_id == job["board_id"]
                )
            )
        )
    assert invited == ["bob@example.com"]
    assert [(uid, role.value) for uid, role in members] == [(int(me["X-User-Id"]), "owner")]
    assert board["columns"]["To do"][1]["assigned"] is True  # alice is the importer
    skipped = {entry["what"]: entry["why"] for entry in job["report"]["skipped"]}
    assert "not in the member map" in skipped["member Carol King (@carol)"]
    assert "1 card assignment" in skipped  # bob's: not a member until he accepts
    assert job["report"]["imported"]["invitations"] == 1


async def test_unicode_and_markdown_arrive_as_written(api: Api) -> None:
    me = await api.user("importer")
    job = await imported(api, me, unicode_export())
    assert job["status"] == "done", job
    board = await _board(api.runtime, job["board_id"])
    assert list(board["columns"]) == ["À faire ✏️", "В работе"]
    first = board["columns"]["À faire ✏️"][0]
    assert first["title"] == "Écrire la spécification 📝"
    assert first["description"] == unicode_export()["cards"][0]["desc"]
    assert first["comments"][0][0] == "*Zoë Ångström (@zoe_λ) on Trello:*\n\nTrès bien 👍 — *merci*"
    long = board["columns"]["В работе"][0]
    assert len(long["title"]) == 200 and long["title"].endswith("…")
    assert long["description"] == "bell and tab\tkept"  # the control character taken out
    assert board["labels"] == [("Dringend ⚠️", colour_of("orange_light"))]
    skipped = {entry["what"] for entry in job["report"]["skipped"]}
    assert "1 card title shortened" in skipped
    async with api.runtime.db.session() as db:
        name = await db.scalar(select(Card.title).where(Card.board_id == job["board_id"]).limit(1))
    assert name is not None


async def test_importing_the_same_file_twice_makes_two_boards_and_says_so(api: Api) -> None:
    me = await api.user("importer")
    first = await imported(api, me, small_export())
    second = await imported(api, me, small_export())
    assert first["board_id"] != second["board_id"]
    assert not any("before" in note for note in first["report"]["notes"])
    assert any(
        f"into board {first['board_id']}" in note and "second board" in note
        for note in second["report"]["notes"]
    )
    boards = await api.call(me, "GET", "/api/v1/boards")
    names = (
        [board["name"] for board in boards["items"]]
        if isinstance(boards, dict)
        else [board["name"] for board in boards]
    )
    assert names.count("Launch plan") == 2
