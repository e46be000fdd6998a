"""The search rows' data sets, bulk-built like lib/scale_data.py's (and with its helpers):
1,000 boards of a team of 200 people, each board with its owner and three more of them,
and one searcher who is an editor of every 20th board (50 of the 1,000; the other 950 are
only others'). Three sets of these boards (:class:`Shape`):

- 1,000 cards: one on each board, so the searcher's boards hold 50;
- 100,000 cards, the others' boards grown: the searcher's still hold 50, the others'
  about 105 each (what is stored grows, what the searcher may see does not);
- 100,000 cards, every board grown: a hundred on each, the searcher's holding 5,000.

The cards read like a team's: a title of a verb, a thing and sometimes a place ("Deploy
the billing service to staging"), a description of a few sentences over a vocabulary of
a few hundred work words and a long tail of made-up names (components, customers), so
that the index holds many rare words beside a few frequent ones. Three words are planted
at known rates, the same in every set:

- :data:`COMMON` in about one card in three;
- :data:`RARE` in exactly :data:`RARE_CARDS` cards, half of them on the searcher's boards;
- the verb "deploy" (and "deployment", "deployed") in about one card in twelve, which the
  prefix :data:`PREFIX` finds while it is typed.

The search index is not written here: bulk inserts bypass its upkeep, and ``teamboard
search reindex`` (run by lib/scale_search.py once the rows are in) fills it from them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import create_async_engine

from lib.scale_data import PASSWORD, T0, Ids, _board, _finish, _users, _write

SEARCHER = "searcher@bench.example"
TEAM = 200  # the people the boards belong to
MEMBERS = 4  # each board's owner and three more of the team
SEARCHER_EVERY = 20  # the searcher is a member of every 20th board: 50 of 1,000
COMMON = "customer"
RARE = "kestrel"
RARE_CARDS = 6
PREFIX = "depl"

_VERBS = ("Fix", "Add", "Update", "Remove", "Review", "Migrate", "Investigate", "Refactor",
          "Document", "Test", "Monitor", "Speed up", "Clean up", "Design", "Plan")  # fmt: skip
_DEPLOY = ("Deploy", "Roll out the deployment of", "Check the deployed")
_THINGS = ("login page", "billing service", "search index", "mobile app", "payment gateway",
           "onboarding e-mails", "report export", "admin dashboard", "API rate limits",
           "password reset", "invoice PDF", "notification settings", "audit log",
           "data import", "backup job", "user profile", "release notes", "error pages",
           "image uploads", "session timeout")  # fmt: skip
_PLACES = ("", "", " to staging", " in production", " for the beta", " before the release",
           " on Android", " for the EU region")  # fmt: skip
_WORD_TEXT = (
    "the a of to and in for on with after before when it we they this that is are was "
    "should must can needs still again first then also only more less every some all "
    "team sprint release ticket bug issue error timeout crash slow fast page screen button "
    "form field request response server client browser cache queue worker job task "
    "database query index table column row migration schema backup restore log metric "
    "alert dashboard chart report export import file upload download email message "
    "notification user account admin role permission password token session cookie "
    "payment invoice order refund price plan subscription trial discount tax currency "
    "feedback support review design spec draft estimate meeting demo deadline priority "
    "blocked waiting done tested merged reverted flaky retry limit config setting flag "
    "feature experiment rollout version build pipeline test suite coverage docs guide"
)
_WORDS = _WORD_TEXT.split()
_SYLLABLE_TEXT = "ka lo mi nu re sa ti vo ze ra bel cor dan fen gil hor jun lim mor pax"
_SYLLABLES = _SYLLABLE_TEXT.split()


def _tail_words(rng: random.Random) -> list[str]:
    """Made-up names (components, customers, places): the long tail of a real index."""
    return sorted({"".join(rng.choices(_SYLLABLES, k=3)) for _ in range(3_000)})


@dataclass(frozen=True)
class SearchSet:
    cards: int
    seen: int  # the cards on the searcher's boards
    searcher_boards: list[int]
    rare_ids: list[int]  # the searcher's cards with the rare word


def _text(rng: random.Random, tail: list[str], rare: bool) -> tuple[str, str]:
    verb = rng.choice(_DEPLOY) if rng.random() < 1 / 12 else rng.choice(_VERBS)
    title = f"{verb} the {rng.choice(_THINGS)}{rng.choice(_PLACES)}"
    sentences = []
    for _ in range(rng.randint(1, 4)):
        words = rng.choices(_WORDS, k=rng.randint(6, 14)) + rng.choices(tail, k=2)
        rng.shuffle(words)
        sentences.append(" ".join(words).capitalize() + ".")
    if rng.random() < 1 / 3:
        sentences.append(f"Reported by a {COMMON} on ticket {rng.randint(1000, 99999)}.")
    if rare:
        sentences.append(f"The {RARE} client sees it too.")
    return title, " ".join(sentences)


@dataclass(frozen=True)
class Shape:
    """A data set: ``cards`` across ``boards``, ``own`` on each of the searcher's boards
    and the rest shared out evenly among the others'."""

    boards: int
    cards: int
    own: int

    def counts(self) -> list[int]:
        mine = (self.boards + SEARCHER_EVERY - 1) // SEARCHER_EVERY
        rest, others = self.cards - mine * self.own, self.boards - mine
        counts, given = [], 0
        for index in range(self.boards):
            if index % SEARCHER_EVERY == 0:
                counts.append(self.own)
                continue
            given += 1
            counts.append(rest * given // others - rest * (given - 1) // others)
        return counts

    def key(self) -> str:
        return f"{self.boards}-{self.cards}-{self.own}"


def _cards(
    ids: Ids, boards: list[dict[str, Any]], columns: dict[int, list[int]], shape: Shape
) -> Iterator[dict[str, Any]]:
    rng = random.Random(shape.key())  # noqa: S311 - not for security
    tail = _tail_words(rng)
    # Spread over the boards: every second on the searcher's (a multiple of SEARCHER_EVERY),
    # the others on a board next to one of them.
    rare: set[tuple[int, int]] = set()
    counts = shape.counts()
    for i in range(RARE_CARDS):
        on = i * len(boards) // RARE_CARDS // SEARCHER_EVERY * SEARCHER_EVERY + i % 2 * 7
        rare.add((on, i * 13 % counts[on]))
    index = 0
    for number, (board, count) in enumerate(zip(boards, counts, strict=True)):
        cols = columns[board["id"]]
        for position in range(count):
            title, description = _text(rng, tail, (number, position) in rare)
            at = T0 + timedelta(minutes=index)
            index += 1
            yield {
                "id": ids("cards"),
                "board_id": board["id"],
                "column_id": cols[position % len(cols)],
                "title": title,
                "description": description,
                "rank": (position // len(cols) + 1) << 20,
                "creator_id": board["owner"],
                "created_at": at,
                "updated_at": at,
            }


async def build_search(url: str, shape: Shape) -> SearchSet:
    """Fill a migrated, empty database with the data set ``shape`` describes."""
    ids = Ids()
    password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    team = [f"teammate{i}@bench.example" for i in range(1, TEAM + 1)]
    users = _users(ids, [SEARCHER, *team], password_hash)
    searcher, team_ids = users[0]["id"], [u["id"] for u in users[1:]]
    boards: list[dict[str, Any]] = []
    columns: dict[int, list[int]] = {}
    members: list[dict[str, Any]] = []
    column_rows: list[dict[str, Any]] = []
    mine: list[int] = []
    for index in range(shape.boards):
        board, cols = _board(ids, f"Project {index + 1}")
        people = [team_ids[(index * 7 + k * 31) % TEAM] for k in range(MEMBERS)]
        boards.append(board | {"owner": people[0]})
        columns[board["id"]] = [c["id"] for c in cols]
        column_rows += cols
        members += [
            {"board_id": board["id"], "user_id": u, "role": "owner" if k == 0 else "editor"}
            for k, u in enumerate(people)
        ]
        if index % SEARCHER_EVERY == 0:
            mine.append(board["id"])
            members.append({"board_id": board["id"], "user_id": searcher, "role": "editor"})
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await _write(conn, "users", users)
            await _write(conn, "boards", ({k: b[k] for k in b if k != "owner"} for b in boards))
            await _write(conn, "board_columns", column_rows)
            await _write(conn, "board_members", members)
            cards = list(_cards(ids, boards, columns, shape))
            await _write(conn, "cards", cards)
            await _finish(conn)
    finally:
        await engine.dispose()
    rare_ids = [c["id"] for c in cards if RARE in c["description"] and c["board_id"] in set(mine)]
    seen = sum(1 for c in cards if c["board_id"] in set(mine))
    return SearchSet(len(cards), seen, mine, rare_ids)
