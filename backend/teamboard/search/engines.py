"""The two full-text engines behind one service: each turns a parsed query into the
matching cards with a score (lower is better). Nothing a person typed is ever SQL: it is
bound, and read by the engine's own query parser. (The snippets are written from the
page's text, the same way for both: search/snippets.py.)

A statement's form depends on the query's ``shape`` only (how its terms are grouped, not
what they say), so the service builds each form once (search/service.py): building it
cost more Python than a rare word's search did in SQL."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Protocol

from sqlalchemy import (
    CTE,
    BigInteger,
    Float,
    Text,
    any_,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.sql.elements import ColumnElement

from teamboard.boards.models import BoardMember
from teamboard.search.query import Parsed, fts5_match, websearch_text


class Engine(Protocol):
    def shape(self, parsed: Parsed) -> Hashable:
        """What the form of this engine's statements depends on."""
        ...

    def params(self, parsed: Parsed) -> dict[str, Any]:
        """The query's binds, for the statements of its shape."""
        ...

    def matches(self, shape: Hashable) -> CTE:
        """``card_id`` and ``score`` (lower is better) of every matching document of the
        boards the bound ``user`` is a member of: the engines rank only those, so that a
        search costs what the caller's boards hold, not what the whole database does."""
        ...


# -- SQLite: FTS5 -------------------------------------------------------------------------

# bm25 weighs a word in the title most, then in a label, the description, a comment (the
# FTS5 table's columns, in that order: migration 0014_search); lower is better already.
# The rows of the caller's boards are kept before the rank, the costly part: "+rowid" makes
# it a filter on what the MATCH found, not a rowid lookup per document (each of which
# would run the whole MATCH again).
_FTS_MATCHES = text(
    "SELECT rowid AS card_id, bm25(search_fts, 10.0, 5.0, 2.0, 1.0) AS score"
    " FROM search_fts WHERE search_fts MATCH :match AND +rowid IN (SELECT card_id"
    " FROM search_documents WHERE board_id IN"
    " (SELECT board_id FROM board_members WHERE user_id = :user))"
).columns(card_id=BigInteger, score=Float)


class Fts5:
    """SQLite: the FTS5 table over the documents (migration 0014_search)."""

    def shape(self, parsed: Parsed) -> Hashable:
        return ()  # the whole query is one bound MATCH expression

    def params(self, parsed: Parsed) -> dict[str, Any]:
        return {"match": fts5_match(parsed)}

    def matches(self, shape: Hashable) -> CTE:
        # Ranked once, then joined and filtered: the rank needs the MATCH beside it.
        return _FTS_MATCHES.cte("matches").prefix_with("MATERIALIZED")


# -- PostgreSQL: tsvector and GIN ---------------------------------------------------------

_CONFIG: ColumnElement[Any] = literal_column(
    "'teamboard_search'::regconfig"
)  # search/models.py TS_CONFIG
# The columns the match reads (the model maps no ``document``: SQLite has none).
_docs = table(
    "search_documents",
    column("card_id", BigInteger),
    column("board_id", BigInteger),
    column("document", TSVECTOR),  # generated; weights A to D in the FTS5 columns' order
)


# A query's shape on PostgreSQL: for each group, whether each of its terms is a prefix;
# then how many terms are excluded. Its terms are bound as term_0, term_1, … in that order.
Shape = tuple[tuple[tuple[bool, ...], ...], int]


class Postgres:
    """PostgreSQL: the generated ``tsvector`` column and its GIN index (migration
    0014_search); ``ts_rank`` negated (lower is better)."""

    def shape(self, parsed: Parsed) -> Hashable:
        groups = tuple(tuple(term.prefix for term in group) for group in parsed.groups)
        return (groups, len(parsed.excluded))

    def params(self, parsed: Parsed) -> dict[str, Any]:
        terms = [*(term for group in parsed.groups for term in group), *parsed.excluded]
        return {f"term_{n}": websearch_text(term) for n, term in enumerate(terms)}

    def matches(self, shape: Hashable) -> CTE:
        # Read once (an InitPlan), not again for each row it is compared with.
        query = select(tsquery(_shape(shape))).scalar_subquery()
        # The caller's documents first (the boards as an array, an InitPlan: the board_id
        # index's scan), then the word tested on each. OFFSET 0 keeps the planner from
        # pushing the word into that scan: it cannot see the word (an InitPlan; in a cached
        # generic plan, a parameter), guessed it rare and ANDed the GIN index's bitmap with
        # the boards', so a common word read its whole posting list, every document of the
        # database that holds it, to keep the caller's few. Now a search costs what the
        # caller's boards hold, whatever the word and whatever the others store.
        boards = select(BoardMember.board_id).where(BoardMember.user_id == bindparam("user"))
        mine = (
            select(_docs.c.card_id, _docs.c.document)
            .where(_docs.c.board_id == any_(func.array(boards.scalar_subquery())))
            .offset(0)
            .subquery("mine")
        )
        statement = select(
            mine.c.card_id,
            cast(-func.ts_rank(mine.c.document, query), Float).label("score"),
        ).where(mine.c.document.op("@@")(query))
        # Materialised, as on SQLite: ranked once, whatever plan the joins around get.
        return statement.cte("matches").prefix_with("MATERIALIZED")


def _shape(shape: Hashable) -> Shape:
    return shape  # type: ignore[return-value]  # what Postgres.shape made


def tsquery(shape: Shape) -> ColumnElement[Any]:
    """The tsquery: each term (bound: term_0, term_1, …) read by ``websearch_to_tsquery``
    (case, accents, phrases), ``:*`` added to the word being typed, and the terms combined
    (``tsquery_and``, ``_or`` and ``_not``: the functions of &&, || and !!) as
    search/query.py grouped them."""
    names = (f"term_{n}" for n in range(sum(map(len, shape[0])) + shape[1]))

    def term(prefix: bool) -> ColumnElement[Any]:
        text_ = bindparam(next(names), type_=Text)
        plain = func.websearch_to_tsquery(_CONFIG, text_, type_=TSQUERY)
        if not prefix:
            return plain
        # A word without a lexeme gives '' (never "':*'", which is no tsquery).
        widened = func.nullif(cast(plain, Text), literal("")).concat(literal(":*"))
        return func.coalesce(cast(widened, TSQUERY), plain, type_=TSQUERY)

    def joined(parts: list[ColumnElement[Any]], how: str) -> ColumnElement[Any]:
        combined = parts[0]
        for part in parts[1:]:
            combined = getattr(func, how)(combined, part, type_=TSQUERY)
        return combined

    groups = [joined([term(prefix) for prefix in group], "tsquery_or") for group in shape[0]]
    query = joined(groups, "tsquery_and")
    for _ in range(shape[1]):
        query = func.tsquery_and(query, func.tsquery_not(term(False)), type_=TSQUERY)
    return query
