"""Hot-path units of work: Core statements compiled once, a whole write in one trip.

For the write measured in requests per second (a card move) SQLAlchemy's per-execution
work, and on SQLite one trip to the connection's thread per statement, cost more than the
SQL. Under load the trips cost most: each one waits for the event loop's thread to give up
the GIL. So a unit of work is plain synchronous code over :class:`Statements`, and
:func:`teamboard.core.db.run_write` runs it

- on SQLite inside the connection's thread, batched with the units queued meanwhile
  (:class:`SqliteWrites`), on the DB-API connection, with each :class:`Prepared`
  statement compiled once (SQL text, bind order, SQLAlchemy's own bind and result
  processors);
- on PostgreSQL in one greenlet on the asyncpg connection (:class:`AsyncpgStatements`),
  the same compiled forms sent straight to the driver.

The logic is written once; both paths are tested against the same suite.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import await_only

T = TypeVar("T")
Params = Mapping[str, Any]
_REQUIRED = object()


class Prepared:
    """A Core statement and, per dialect, its compiled DB-API form."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._forms: dict[int, _Form] = {}

    def form(self, dialect: Dialect) -> _Form:
        form = self._forms.get(id(dialect))
        if form is None:
            form = self._forms[id(dialect)] = _Form(self.statement, dialect)
        return form


class _Form:
    __slots__ = ("binds", "make_row", "sql")

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        compiled = cast(ClauseElement, statement).compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler) and compiled.positional
        defaulted = [c.key for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
        if defaulted:
            # SQLAlchemy computes those per execution; here the statement must set them.
            raise TypeError(f"prepared statements must set {defaulted} explicitly")
        names = [name for name, bind in compiled.binds.items() if bind.required]
        # Renders literal-execute values (e.g. a separator) and yields the bind order.
        expanded = compiled.construct_expanded_state(dict.fromkeys(names))
        self.sql = expanded.statement
        binds = []
        for name in expanded.positiontup or ():
            bind = compiled.binds[name]
            default = _REQUIRED if bind.required else expanded.parameters[name]
            binds.append((name, default, bind.type.dialect_impl(dialect).bind_processor(dialect)))
        self.binds = tuple(binds)
        columns = list(getattr(statement, "exported_columns", ()))
        self.make_row: Callable[[Sequence[Any]], Any] | None = None
        if columns:
            row = namedtuple("row", [str(c.key) for c in columns], rename=True)  # type: ignore[misc]
            processors = [
                c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
            ]
            if any(processors):
                pairs = list(zip(processors, range(len(columns)), strict=True))
                self.make_row = lambda raw: row(*(p(raw[i]) if p else raw[i] for p, i in pairs))
            else:
                self.make_row = lambda raw: row(*raw)

    def bind(self, params: Params) -> tuple[Any, ...]:
        values = []
        for name, default, process in self.binds:
            value = params[name] if default is _REQUIRED else default
            values.append(process(value) if process is not None else value)
        return tuple(values)


class Statements(Protocol):
    """What a unit of work may do: run prepared statements, nothing else."""

    def first(self, statement: Prepared, params: Params) -> Any | None: ...

    def all(self, statement: Prepared, params: Params) -> list[Any]: ...

    def scalar(self, statement: Prepared, params: Params) -> Any: ...

    def run(self, statement: Prepared, params: Params | Sequence[Params]) -> None: ...


class _Rows:
    """``first`` and ``scalar`` of :class:`Statements`, from a subclass's ``all``."""

    def all(self, statement: Prepared, params: Params) -> list[Any]:
        raise NotImplementedError

    def first(self, statement: Prepared, params: Params) -> Any | None:
        rows = self.all(statement, params)
        return rows[0] if rows else None

    def scalar(self, statement: Prepared, params: Params) -> Any:
        row = self.first(statement, params)
        return row[0] if row is not None else None


class SqliteStatements(_Rows):
    """Statements on the sqlite3 connection, inside its thread."""

    def __init__(self, raw: sqlite3.Connection, dialect: Dialect) -> None:
        self.raw = raw
        self.dialect = dialect

    def all(self, statement: Prepared, params: Params) -> list[Any]:
        form = statement.form(self.dialect)
        # Fetch every row: a RETURNING statement is only complete once its rows are read.
        rows = self.raw.execute(form.sql, form.bind(params)).fetchall()
        assert form.make_row is not None
        return [form.make_row(row) for row in rows]

    def run(self, statement: Prepared, params: Params | Sequence[Params]) -> None:
        form = statement.form(self.dialect)
        if not isinstance(params, Mapping):
            self.raw.executemany(form.sql, [form.bind(p) for p in params])
        else:
            self.raw.execute(form.sql, form.bind(params))


async def driver_of(conn: AsyncConnection) -> Any:
    """The driver's own connection (asyncpg's, or the SQLite adapter's) under a pooled one."""
    driver = (await conn.get_raw_connection()).driver_connection
    assert driver is not None
    return driver


class Asyncpg:
    """The prepared forms on an asyncpg connection, awaited: no SQLAlchemy execution layer
    per statement (it cost more Python than the round trip)."""

    def __init__(self, raw: Any, dialect: Dialect) -> None:
        self.raw = raw  # asyncpg.Connection, as SQLAlchemy's pool hands it out
        self.dialect = dialect

    async def all(self, statement: Prepared, params: Params) -> list[Any]:
        form = statement.form(self.dialect)
        rows = await self.raw.fetch(form.sql, *form.bind(params))
        assert form.make_row is not None
        return [form.make_row(row) for row in rows]

    async def first(self, statement: Prepared, params: Params) -> Any | None:
        rows = await self.all(statement, params)
        return rows[0] if rows else None

    async def run(self, statement: Prepared, params: Params | Sequence[Params]) -> None:
        form = statement.form(self.dialect)
        if isinstance(params, Mapping):
            await self.raw.execute(form.sql, *form.bind(params))
        else:
            await self.raw.executemany(form.sql, [form.bind(p) for p in params])


class AsyncpgStatements(_Rows):
    """:class:`Statements` on asyncpg for a unit running in a greenlet (core/db.py's
    run_write), so that the same synchronous unit serves SQLite and PostgreSQL."""

    def __init__(self, db: Asyncpg) -> None:
        self.db = db

    def all(self, statement: Prepared, params: Params) -> list[Any]:
        rows: list[Any] = await_only(self.db.all(statement, params))
        return rows

    def run(self, statement: Prepared, params: Params | Sequence[Params]) -> None:
        await_only(self.db.run(statement, params))
