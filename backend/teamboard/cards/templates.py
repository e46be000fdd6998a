"""Templates to start new boards from: a few built in (data, below), and the boards their
owners mark as templates (``boards.is_template``), which any of their members may use.

A template is named by a string: ``builtin:<key>`` or ``board:<id>``. A board that is not
a template, or one the caller is not a member of, is no template to them: 404, as any
board they cannot read. A board started from a template is a copy of it, with its cards
(cards/board_copies.py).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, func, select

from teamboard.boards.models import Board, BoardColumn, BoardMember, Label
from teamboard.boards.schemas import BoardRead
from teamboard.cards.board_copies import Blueprint, CardPlan, blueprint_of, make_board
from teamboard.cards.models import Card
from teamboard.cards.schemas import TemplateColumn, TemplateLabel, TemplateRead
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid, NotFound

BUILTIN = "builtin:"
BOARD = "board:"
MAX_LISTED = 100  # a person's own template boards in the list, by name

_RED, _AMBER, _GREEN, _BLUE, _GREY, _PURPLE = (
    "#dc2626",
    "#d97706",
    "#16a34a",
    "#2563eb",
    "#6b7280",
    "#7c3aed",
)


def _cards(*cards: tuple[int, str, str, tuple[str, ...]]) -> tuple[CardPlan, ...]:
    return tuple(
        CardPlan(column, title, description, None, labels)
        for column, title, description, labels in cards
    )


# key → (name, blueprint). Changing one changes only the boards started from it later.
BUILTINS: dict[str, tuple[str, Blueprint]] = {
    "kanban": (
        "Kanban",
        Blueprint(
            description="Work flows left to right; the WIP limits keep it moving.",
            columns=(
                ("Backlog", None),
                ("To do", None),
                ("In progress", 3),
                ("Review", 2),
                ("Done", None),
            ),
            labels=(("Bug", _RED), ("Feature", _BLUE), ("Chore", _GREY), ("Urgent", _AMBER)),
            cards=_cards(
                (0, "Collect ideas here", "Anything that might be done one day.", ()),
                (1, "Pull the next card from the top", "Ordered by priority.", ("Chore",)),
                (2, "Keep at most 3 cards in progress", "Finish before you start.", ()),
            ),
        ),
    ),
    "scrum": (
        "Scrum sprint",
        Blueprint(
            description="One sprint: the goal, its backlog, and what is done.",
            columns=(
                ("Product backlog", None),
                ("Sprint backlog", None),
                ("In progress", None),
                ("Review", None),
                ("Done", None),
            ),
            labels=(("Story", _GREEN), ("Bug", _RED), ("Spike", _PURPLE), ("Blocked", _AMBER)),
            cards=_cards(
                (1, "Sprint goal", "What this sprint is for, in one sentence.", ()),
                (0, "As a user, I can …", "Acceptance criteria:\n\n- …", ("Story",)),
                (1, "Plan the sprint review", "", ()),
            ),
        ),
    ),
    "bugs": (
        "Bug triage",
        Blueprint(
            description="New reports are triaged, fixed, verified and closed.",
            columns=(
                ("Reported", None),
                ("Triaged", None),
                ("Fixing", 5),
                ("Verifying", None),
                ("Closed", None),
            ),
            labels=(
                ("Critical", _RED),
                ("Major", _AMBER),
                ("Minor", _GREEN),
                ("Needs info", _GREY),
            ),
            cards=_cards(
                (
                    0,
                    "Example: the app crashes on start",
                    "Steps to reproduce:\n\n1. …\n\nExpected: …\n\nActual: …",
                    ("Needs info",),
                ),
                (1, "Triage: give each report a severity", "", ("Major",)),
            ),
        ),
    ),
}


def _builtin_read(key: str, name: str, plan: Blueprint) -> TemplateRead:
    return TemplateRead(
        id=BUILTIN + key,
        name=name,
        description=plan.description,
        builtin=True,
        board_id=None,
        columns=[TemplateColumn(name=n, wip_limit=w) for n, w in plan.columns],
        labels=[TemplateLabel(name=n, color=c) for n, c in plan.labels],
        card_count=len(plan.cards),
    )


async def list_templates(db: UnitOfWork, actor: Actor) -> list[TemplateRead]:
    """The built-in templates, then the template boards the caller is a member of (not
    archived), by name: four queries however many."""
    found = [_builtin_read(key, name, plan) for key, (name, plan) in BUILTINS.items()]
    boards = list(
        await db.scalars(_templates_of(actor).order_by(Board.name, Board.id).limit(MAX_LISTED))
    )
    ids = [board.id for board in boards]
    if not ids:
        return found
    columns: defaultdict[int, list[TemplateColumn]] = defaultdict(list)
    for board_id, name, wip in await db.execute(
        select(BoardColumn.board_id, BoardColumn.name, BoardColumn.wip_limit)
        .where(BoardColumn.board_id.in_(ids))
        .order_by(BoardColumn.board_id, BoardColumn.rank, BoardColumn.id)
    ):
        columns[board_id].append(TemplateColumn(name=name, wip_limit=wip))
    labels: defaultdict[int, list[TemplateLabel]] = defaultdict(list)
    for board_id, name, color in await db.execute(
        select(Label.board_id, Label.name, Label.color)
        .where(Label.board_id.in_(ids))
        .order_by(Label.board_id, Label.name, Label.id)
    ):
        labels[board_id].append(TemplateLabel(name=name, color=color))
    counts = {
        board_id: count
        for board_id, count in await db.execute(
            select(Card.board_id, func.count())
            .where(Card.board_id.in_(ids), Card.archived.is_(False))
            .group_by(Card.board_id)
        )
    }
    found += [
        TemplateRead(
            id=f"{BOARD}{board.id}",
            name=board.name,
            description=board.description,
            builtin=False,
            board_id=board.id,
            columns=columns[board.id],
            labels=labels[board.id],
            card_count=counts.get(board.id, 0),
        )
        for board in boards
    ]
    return found


def _templates_of(actor: Actor) -> Select[Board]:
    return (
        select(Board)
        .join(BoardMember, (BoardMember.board_id == Board.id) & (BoardMember.user_id == actor.id))
        .where(Board.is_template.is_(True), Board.archived.is_(False))
    )


async def _plan(db: UnitOfWork, actor: Actor, template: str) -> tuple[Blueprint, str]:
    """The blueprint a template names, with the built-in template's name ("" for a board)."""
    if template.startswith(BUILTIN):
        key = template.removeprefix(BUILTIN)
        if key not in BUILTINS:
            raise Invalid.field("template", "template_unknown")
        name, plan = BUILTINS[key]
        return plan, name
    board = await db.scalar(
        _templates_of(actor).where(Board.id == int(template.removeprefix(BOARD)))
    )
    if board is None:
        raise NotFound("No such template")
    return await blueprint_of(db, board, with_cards=True), ""


async def create_from_template(
    db: UnitOfWork, actor: Actor, *, name: str, description: str, template: str
) -> BoardRead:
    """A new board owned by the caller, with the template's columns, labels and cards;
    its description, unless one is given."""
    async with db.transaction():
        plan, builtin = await _plan(db, actor, template)
        return await make_board(
            db, actor, plan, name=name, description=description or None, template=builtin
        )
