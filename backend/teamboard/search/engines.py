"""The two full-text engines behind one service: each turns a parsed query into the
matching cards with a score (lower is better), and writes the snippets of a page of hits.
The markers around matched words are private-use characters, which search/snippets.py
turns into ``<mark>`` once everything else is escaped."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import CTE, BigInteger, Float, text

from teamboard.core.db import UnitOfWork
from teamboard.search.models import FTS_TABLE, TS_CONFIG, TSVECTOR_COLUMN
from teamboard.search.query import Parsed, Term, fts5_match, websearch_text
from teamboard.search.snippets import CLOSE, HIDDEN, OPEN, STAND_INS

SNIPPET_WORDS = 16


class Engine(Protocol):
    def matches(self, parsed: Parsed) -> CTE:
        """``card_id`` and ``score`` (lower is better) of every matching document."""
        ...

    async def snippets(self, db: UnitOfWork, parsed: Parsed, card_ids: list[int]) -> dict[int, str]:
        """Each card's best passage, with the matched words between the markers."""
        ...


class Fts5:
    """SQLite: the FTS5 table over the documents (migration 0014_search). bm25 weighs a
    word in the title most, then in a label, the description, a comment (the table's
    columns, in that order); lower is better already."""

    def matches(self, parsed: Parsed) -> CTE:
        statement = text(
            f"SELECT rowid AS card_id, bm25({FTS_TABLE}, 10.0, 5.0, 2.0, 1.0) AS score"  # noqa: S608
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"
        ).bindparams(match=fts5_match(parsed))
        typed = statement.columns(card_id=BigInteger, score=Float)
        # Ranked once, then joined and filtered: the rank needs the MATCH beside it.
        return typed.cte("matches").prefix_with("MATERIALIZED")

    async def snippets(self, db: UnitOfWork, parsed: Parsed, card_ids: list[int]) -> dict[int, str]:
        ids = ", ".join(str(int(i)) for i in card_ids)
        statement = text(
            f"SELECT rowid, snippet({FTS_TABLE}, -1, :open, :close, '…', {SNIPPET_WORDS})"  # noqa: S608
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND rowid IN ({ids})"
        )
        params = {"match": fts5_match(parsed), "open": OPEN, "close": CLOSE}
        return {int(i): str(s) for i, s in await db.execute(statement, params)}


class Postgres:
    """PostgreSQL: the generated ``tsvector`` column and its GIN index (migration
    0014_search), its weights A to D in the same order; ``ts_rank`` negated (lower is better),
    ``ts_headline`` for the snippets."""

    def matches(self, parsed: Parsed) -> CTE:
        query, params = tsquery(parsed)
        statement = text(
            f"SELECT card_id, (-ts_rank({TSVECTOR_COLUMN}, {query}))::float8 AS score"  # noqa: S608
            f" FROM search_documents WHERE {TSVECTOR_COLUMN} @@ {query}"
        ).bindparams(**params)
        return statement.columns(card_id=BigInteger, score=Float).cte("matches")

    async def snippets(self, db: UnitOfWork, parsed: Parsed, card_ids: list[int]) -> dict[int, str]:
        query, params = tsquery(parsed)
        ids = ", ".join(str(int(i)) for i in card_ids)
        options = (
            f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords={SNIPPET_WORDS}, MinWords=6,'
            ' MaxFragments=2, FragmentDelimiter=" … "'
        )
        document = "title || E'\\n' || labels || E'\\n' || body || E'\\n' || comments"
        statement = text(
            f"SELECT card_id, ts_headline('{TS_CONFIG}', translate({document}, :hidden,"  # noqa: S608
            f" :stand_ins), {query}, :options) FROM search_documents WHERE card_id IN ({ids})"
        )
        binds = {**params, "options": options, "hidden": HIDDEN, "stand_ins": STAND_INS}
        rows = await db.execute(statement, binds)
        return {int(i): str(s) for i, s in rows}


def tsquery(parsed: Parsed) -> tuple[str, dict[str, str]]:
    """The tsquery as SQL, with its binds: each term read by ``websearch_to_tsquery``
    (case, accents, phrases), ``:*`` added to the word being typed, and the terms
    combined with &&, || and !! as :func:`teamboard.search.query.parse` grouped them."""
    params: dict[str, str] = {}

    def term(t: Term, prefix: bool) -> str:
        name = f"t{len(params)}"
        params[name] = websearch_text(t)
        plain = f"websearch_to_tsquery('{TS_CONFIG}', :{name})"
        if not prefix:
            return plain
        # A word without a lexeme gives '' (never "':*'", which is no tsquery).
        return f"coalesce((nullif({plain}::text, '') || ':*')::tsquery, {plain})"

    groups = ["(" + " || ".join(term(t, t.prefix) for t in group) + ")" for group in parsed.groups]
    expression = " && ".join(groups)
    for t in parsed.excluded:
        expression += f" && (!!{term(t, False)})"
    return f"({expression})", params
