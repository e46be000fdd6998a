"""The demo data (portability/demo.py): made through the services a user's clicks call,
into an empty database only. (``teamboard seed-demo`` itself: tests/test_cli.py.)"""

from __future__ import annotations

from sqlalchemy import func, select

from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of
from teamboard.boards.models import Board
from teamboard.core.runtime import Runtime
from teamboard.portability.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
from teamboard.portability.service import export_board
from tests.support.api import Api


async def test_the_demo_board_has_a_little_of_everything(api: Api, runtime: Runtime) -> None:
    async with runtime.db.session() as db:
        assert await seed_demo(db, runtime) is True
        [board_id] = await db.scalars(select(Board.id))
        demo = await db.scalar(select(User).where(User.email == DEMO_EMAIL))
        assert demo is not None and demo.is_admin
        # Made-up addresses nobody can prove: the demo does not nag to confirm them.
        unproven = select(func.count()).select_from(User).where(User.email_verified_at.is_(None))
        assert await db.scalar(unproven) == 0
        doc = await export_board(db, actor_of(demo), board_id)
    await api.tokens(DEMO_EMAIL, DEMO_PASSWORD)  # the log-in the command prints works
    cards = [card for column in doc.columns for card in column.cards]
    assert doc.name == "Teamboard launch"
    assert len(doc.columns) == 5
    assert len(cards) == 30
    assert len(doc.labels) == 6
    assert sum(len(card.labels) for card in cards) > 0
    assert sum(len(card.comments) for card in cards) == 8
    assert {m.email for m in doc.members} >= {DEMO_EMAIL, "ana@example.com"}


async def test_the_demo_goes_into_an_empty_database_only(api: Api, runtime: Runtime) -> None:
    await api.user("someone")
    async with runtime.db.session() as db:
        assert await seed_demo(db, runtime) is False
        assert await db.scalar(select(func.count()).select_from(Board)) == 0
        assert await db.scalar(select(func.count()).select_from(User)) == 1
