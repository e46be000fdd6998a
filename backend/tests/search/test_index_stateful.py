"""The index and the tables never disagree, whatever people do in whatever order:
random sequences of creating, editing, moving, archiving, deleting and restoring cards,
comments, labels and columns, through the services (hypothesis, stateful). After each
step, on either engine:

- every card of the board has exactly the document its rows make, and no other document
  is there (deleted cards, comments and labels are not in any);
- on SQLite, FTS5's own integrity check passes (its index matches the documents);
- searching each word of the vocabulary finds exactly the cards whose rows hold it.

Hypothesis drives the machine synchronously, in a thread; each step runs on the test's
event loop, where the runtime's connections live."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Coroutine
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select, text

from teamboard.boards import columns as column_service
from teamboard.boards import labels as label_service
from teamboard.boards.models import Label
from teamboard.boards.service import create_board
from teamboard.cards import checklist_items as item_service
from teamboard.cards import checklists as checklist_service
from teamboard.cards import comments as comment_service
from teamboard.cards import moves
from teamboard.cards import service as card_service
from teamboard.cards.models import Card, CardLabel, Comment
from teamboard.core.actor import Actor
from teamboard.core.errors import AppError
from teamboard.core.runtime import Runtime
from teamboard.search.models import SearchDocument
from teamboard.search.schemas import SearchParams
from teamboard.search.service import search
from tests.support.api import Api, actor

T = TypeVar("T")
# No word is the beginning of another (the last word of a query is also a prefix).
VOCABULARY = ["alpha", "bravo", "Résumé", "delta", "echo", "kilo"]
words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join)
index = st.integers(0, 1_000)


def _folded(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


class IndexMachine(RuleBasedStateMachine):
    def __init__(self, loop: asyncio.AbstractEventLoop, runtime: Runtime, who: Actor) -> None:
        super().__init__()
        self.loop, self.runtime, self.actor = loop, runtime, who
        self.board_id = 0
        self.columns: list[int] = []
        self.cards: list[int] = []
        self.comments: list[int] = []
        self.labels: list[int] = []
        self.checklists: list[int] = []
        self.items: list[int] = []

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=60)

    def call(self, service: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """One service call on the test's loop: whether it went through, and its answer.
        A refusal (gone, taken, past its window) is a step too."""

        async def work() -> tuple[bool, Any]:
            async with self.runtime.db.session() as db:
                try:
                    return True, await service(db, self.actor, *args, **kwargs)
                except AppError:
                    return False, None

        return self.run(work())

    @staticmethod
    def pick(ids: list[int], at: int) -> int:
        return ids[at % len(ids)]

    # -- steps ---------------------------------------------------------------------------

    @initialize()
    def start(self) -> None:
        _ok, board = self.call(create_board, name="Stateful", description="", columns=[])
        self.board_id = board.id
        for name in ("To do", "Done"):
            self.add_column(name)

    @precondition(lambda self: bool(self.columns))
    @rule(column=index, title=words, description=words)
    def create_card(self, column: int, title: str, description: str) -> None:
        if not self.columns:
            return
        data: dict[str, Any] = {
            "title": title,
            "description": description,
            "due_date": None,
            "label_ids": [],
            "assignee_ids": [],
            "position": None,
        }
        ok, made = self.call(card_service.create_card, self.pick(self.columns, column), data)
        if ok:
            self.cards.append(made.id)

    @precondition(lambda self: bool(self.cards))
    @rule(card=index, title=words | st.none(), description=words | st.none())
    def edit_card(self, card: int, title: str | None, description: str | None) -> None:
        if self.cards:
            changes = {"title": title, "description": description}
            self.call(card_service.update_card, self.pick(self.cards, card), changes, None)

    @precondition(lambda self: bool(self.cards and self.labels))
    @rule(card=index, labels=st.lists(index, max_size=2))
    def label_card(self, card: int, labels: list[int]) -> None:
        if self.cards and self.labels:
            chosen = sorted({self.pick(self.labels, at) for at in labels})
            changes = {"label_ids": chosen}
            self.call(card_service.update_card, self.pick(self.cards, card), changes, None)

    @precondition(lambda self: bool(self.cards and self.columns))
    @rule(card=index, column=index, position=st.integers(0, 5))
    def move_card(self, card: int, column: int, position: int) -> None:
        if self.cards and self.columns:
            self.call(
                moves.move_card,
                self.pick(self.cards, card),
                column_id=self.pick(self.columns, column),
                position=position,
                version=None,
            )

    @precondition(lambda self: bool(self.cards))
    @rule(card=index, archived=st.booleans())
    def archive_card(self, card: int, archived: bool) -> None:
        if self.cards:
            changes = {"archived": archived}
            self.call(card_service.update_card, self.pick(self.cards, card), changes, None)

    @precondition(lambda self: bool(self.cards))
    @rule(card=index)
    def delete_card(self, card: int) -> None:
        if self.cards:
            self.call(card_service.delete_card, self.pick(self.cards, card), None)

    @precondition(lambda self: bool(self.cards))
    @rule(card=index)
    def restore_card(self, card: int) -> None:
        if self.cards:
            self.call(card_service.restore_card, self.pick(self.cards, card))

    @precondition(lambda self: bool(self.cards))
    @rule(card=index, body=words)
    def add_comment(self, card: int, body: str) -> None:
        if self.cards:
            ok, made = self.call(comment_service.add_comment, self.pick(self.cards, card), body)
            if ok:
                self.comments.append(made.id)

    @precondition(lambda self: bool(self.cards))
    @rule(card=index, title=words)
    def add_checklist(self, card: int, title: str) -> None:
        if self.cards:
            ok, made = self.call(
                checklist_service.add_checklist, self.pick(self.cards, card), title
            )
            if ok:
                self.checklists.append(made.id)

    @precondition(lambda self: bool(self.checklists))
    @rule(checklist=index, text=words)
    def add_item(self, checklist: int, text: str) -> None:
        if self.checklists:
            found = self.pick(self.checklists, checklist)
            ok, made = self.call(item_service.add_item, found, {"text": text, "position": 0})
            if ok:
                self.items.append(made.id)

    @precondition(lambda self: bool(self.items))
    @rule(item=index, text=words, done=st.booleans())
    def edit_item(self, item: int, text: str, done: bool) -> None:
        if self.items:
            changes = {"text": text} if done else {"done": True}
            self.call(item_service.update_item, self.pick(self.items, item), changes)

    @precondition(lambda self: bool(self.checklists))
    @rule(checklist=index)
    def delete_checklist(self, checklist: int) -> None:
        if self.checklists:
            self.call(checklist_service.delete_checklist, self.pick(self.checklists, checklist))

    @precondition(lambda self: bool(self.comments))
    @rule(comment=index, body=words)
    def edit_comment(self, comment: int, body: str) -> None:
        if self.comments:
            self.call(comment_service.edit_comment, self.pick(self.comments, comment), body)

    @precondition(lambda self: bool(self.comments))
    @rule(comment=index)
    def delete_comment(self, comment: int) -> None:
        if self.comments:
            self.call(comment_service.delete_comment, self.pick(self.comments, comment))

    @precondition(lambda self: bool(self.comments))
    @rule(comment=index)
    def restore_comment(self, comment: int) -> None:
        if self.comments:
            self.call(comment_service.restore_comment, self.pick(self.comments, comment))

    @rule(name=st.sampled_from(VOCABULARY))
    def create_label(self, name: str) -> None:
        ok, made = self.call(label_service.create_label, self.board_id, name=name, color="#123456")
        if ok:
            self.labels.append(made.id)

    @precondition(lambda self: bool(self.labels))
    @rule(label=index, name=st.sampled_from(VOCABULARY))
    def rename_label(self, label: int, name: str) -> None:
        if self.labels:
            picked = self.pick(self.labels, label)
            self.call(label_service.update_label, picked, name=name, color=None)

    @precondition(lambda self: bool(self.labels))
    @rule(label=index)
    def delete_label(self, label: int) -> None:
        if self.labels:
            self.call(label_service.delete_label, self.pick(self.labels, label))

    @precondition(lambda self: bool(self.labels))
    @rule(label=index)
    def restore_label(self, label: int) -> None:
        if self.labels:
            self.call(label_service.restore_label, self.pick(self.labels, label))

    @precondition(lambda self: len(self.columns) < 4)
    @rule(name=st.just("More"))
    def add_column(self, name: str) -> None:
        ok, made = self.call(
            column_service.create_column, self.board_id, name=name, wip_limit=None, position=None
        )
        if ok:
            self.columns.append(made.id)

    @precondition(lambda self: bool(len(self.columns) > 1))
    @rule(column=index)
    def delete_column(self, column: int) -> None:
        if len(self.columns) > 1:
            picked = self.pick(self.columns, column)
            if self.call(column_service.delete_column, picked, None)[0]:
                self.columns.remove(picked)

    # -- what must always hold -----------------------------------------------------------

    @invariant()
    def index_matches_tables(self) -> None:
        self.run(self._check())

    async def _check(self) -> None:
        async with self.runtime.db.session() as db:
            expected = await _documents_from_rows(db, self.board_id)
            documents = {
                doc.card_id: (doc.title, doc.labels, doc.body, doc.comments)
                for doc in await db.scalars(
                    select(SearchDocument).where(SearchDocument.board_id == self.board_id)
                )
            }
            assert documents == expected
            if self.runtime.db.is_sqlite:
                await db.execute(
                    text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
                )
            for word in VOCABULARY:
                wanted = {
                    card_id
                    for card_id, fields in expected.items()
                    if _folded(word) in _folded(" ".join(fields)).split()
                }
                params = SearchParams(q=_folded(word), board_id=self.board_id, limit=50)
                page = await search(db, self.actor, params)
                assert page.next_cursor is None
                assert {hit.card_id for hit in page.hits} == wanted, word


async def _documents_from_rows(db: Any, board_id: int) -> dict[int, tuple[str, ...]]:
    """What each card's document must hold, read from the tables the way a person reads
    the board: title, label names by name, description and then the checklists as the
    card read gives them (each title, then its items), comments oldest first."""
    cards = (
        await db.execute(
            select(Card.id, Card.title, Card.description).where(Card.board_id == board_id)
        )
    ).all()
    comments: dict[int, list[str]] = {}
    for card_id, body in await db.execute(
        select(Comment.card_id, Comment.body)
        .where(Comment.board_id == board_id)
        .order_by(Comment.id)
    ):
        comments.setdefault(card_id, []).append(body)
    labels: dict[int, list[str]] = {}
    for card_id, name in await db.execute(
        select(CardLabel.card_id, Label.name)
        .join(Label, Label.id == CardLabel.label_id)
        .where(Label.board_id == board_id)
        .order_by(Label.name, Label.id)
    ):
        labels.setdefault(card_id, []).append(name)
    lists = {card_id: await checklist_service.checklists_of(db, card_id) for card_id, *_ in cards}
    shown = {
        card_id: [f"{c.title}\n" + "\n".join(i.text for i in c.items) for c in found]
        for card_id, found in lists.items()
    }
    return {
        card_id: (
            title,
            " ".join(labels.get(card_id, [])),
            "\n\n".join([description, *(text.rstrip("\n") for text in shown[card_id])]).strip(),
            "\n".join(comments.get(card_id, [])),
        )
        for card_id, title, description in cards
    }


async def test_the_index_never_disagrees_with_the_tables(api: Api, runtime: Runtime) -> None:
    who = await actor(runtime, await api.user("ana"))
    loop = asyncio.get_running_loop()
    config = settings(
        max_examples=25,
        stateful_step_count=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )

    class Bound(IndexMachine):
        def __init__(self) -> None:
            super().__init__(loop, runtime, who)

    await asyncio.to_thread(run_state_machine_as_test, Bound, settings=config)
