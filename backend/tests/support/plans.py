"""What the database does with a request's statements: each one recorded with its
parameters while ``active``, then explained (SQLite's ``EXPLAIN QUERY PLAN``,
PostgreSQL's ``EXPLAIN`` with sequential scans priced out, so that a plan on a test's
few rows shows the index the planner would use on many)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class StatementLog:
    """A ``before_cursor_execute`` listener: the statements sent while ``active``."""

    sent: list[tuple[str, Any]] = field(default_factory=list)
    active: bool = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.active:
            self.sent.append((statement, parameters))

    def reading(self, table: str) -> list[tuple[str, Any]]:
        """The SELECTs that read ``table``."""
        pattern = re.compile(rf"\b(FROM|JOIN)\s+{table}\b", re.IGNORECASE)
        return [
            (s, p)
            for s, p in self.sent
            if s.lstrip().upper().startswith("SELECT") and pattern.search(s)
        ]


async def plan(engine: AsyncEngine, statement: str, parameters: Any) -> str:
    """The statement's query plan as text, one line per step."""
    async with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            await conn.exec_driver_sql("SET enable_seqscan = off")
            rows = (await conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)).all()
            await conn.rollback()
            return "\n".join(str(row[0]) for row in rows)
        rows = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)).all()
        return "\n".join(str(row[-1]) for row in rows)
