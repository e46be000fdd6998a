"""Demo data, created through the same service functions a user's clicks call."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from teamboard.accounts import service as accounts
from teamboard.accounts.models import User
from teamboard.boards import labels as label_service
from teamboard.boards import service as boards
from teamboard.boards.models import Role
from teamboard.cards import board_read, checklist_items, checklists
from teamboard.cards import comments as comment_service
from teamboard.cards import service as cards
from teamboard.core.db import UnitOfWork
from teamboard.core.runtime import Runtime

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "teamboard-demo"  # noqa: S105 - printed to the user on purpose  # nosec B105

PEOPLE = [
    ("ana@example.com", "Ana Lima"),
    ("ben@example.com", "Ben Okafor"),
    ("chloe@example.com", "Chloé Martin"),
]
LABELS = [
    ("bug", "#dc2626"),
    ("feature", "#2563eb"),
    ("design", "#9333ea"),
    ("infra", "#0d9488"),
    ("docs", "#ca8a04"),
    ("urgent", "#ea580c"),
]
COLUMNS = ["Backlog", "To do", "In progress", "Review", "Done"]
CARDS = [
    "Sign-up form validates e-mail",
    "Password reset by e-mail",
    "Dark mode follows system",
    "Board list shows archived boards",
    "Drag cards between columns",
    "Keyboard shortcuts",
    "Export a board as JSON",
    "Import a board from JSON",
    "WIP limit warning",
    "Due date reminders",
    "Label colour picker",
    "Card detail dialog",
    "Markdown preview",
    "Activity feed per board",
    "Comment mentions",
    "Assign several people",
    "Filter cards by label",
    "Search cards by text",
    "Rate-limit log-in",
    "Session list with revoke",
    "Audit CSP headers",
    "PostgreSQL in CI",
    "Nightly backup",
    "Onboarding checklist",
    "Empty-state illustrations",
    "Mobile layout for board",
    "Accessibility pass",
    "Slow query log",
    "Release notes page",
    "Translate into French",
]
COMMENTS = [
    "Looks good to me.",
    "Can we split this into two cards?",
    "I'll pick this up tomorrow.",
    "Blocked on the API change.",
    "Added a screenshot to the description.",
    "Done, please review.",
]


async def seed_demo(db: UnitOfWork, rt: Runtime) -> bool:
    """Creates the demo account and board if the database has no users; returns whether
    it did anything."""
    if (await db.scalar(select(func.count()).select_from(User)) or 0) > 0:
        return False
    rng = random.Random(7)  # noqa: S311 - demo content, not security  # nosec B311
    demo = await accounts.create_user(
        db,
        rt,
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        display_name="Demo User",
        client=None,
        is_admin=True,
        verified=True,
    )
    owner = accounts.actor_of(demo)
    people = [
        await accounts.create_user(
            db,
            rt,
            email=email,
            password=DEMO_PASSWORD,
            display_name=name,
            client=None,
            verified=True,
        )
        for email, name in PEOPLE
    ]
    board = await boards.create_board(
        db,
        owner,
        name="Teamboard launch",
        description="Everything needed to ship **v1**.",
        columns=COLUMNS,
    )
    board_id = board.id
    for person, role in zip(people, (Role.editor, Role.editor, Role.viewer), strict=True):
        await boards.add_member(db, owner, board_id, email=person.email, role=role)
    label_ids = [
        (await label_service.create_label(db, owner, board_id, name=n, color=c)).id
        for n, c in LABELS
    ]
    snapshot = await board_read.read_board(db, owner, board_id)
    assert not isinstance(snapshot, str)
    column_ids = [column.id for column in snapshot.board.columns]
    assignable = [demo.id, people[0].id, people[1].id]
    today = date.today()
    for index, title in enumerate(CARDS):
        card = await cards.create_card(
            db,
            owner,
            column_ids[index % len(column_ids)],
            {
                "title": title,
                "description": f"{title}.",
                "due_date": today + timedelta(days=rng.randint(-5, 30)) if index % 3 else None,
                "label_ids": sorted(rng.sample(label_ids, rng.randint(0, 2))),
                "assignee_ids": sorted(rng.sample(assignable, rng.randint(0, 2))),
                "position": None,
            },
        )
        if index % 4 == 0:
            await comment_service.add_comment(db, owner, card.id, rng.choice(COMMENTS))
        if index % 2 == 0:
            steps = await checklists.add_checklist(db, owner, card.id, "Steps")
            for step, text in enumerate(("Write it", "Test it", "Ship it")):
                done = step < index % 4
                item = {"text": text, "assignee_id": None, "due_at": None, "position": None}
                made = await checklist_items.add_item(db, owner, steps.id, item)
                if done:
                    await checklist_items.update_item(db, owner, made.id, {"done": True})
    return True
