"""The app in this process, as the fixtures set it up: a real database (SQLite file, or
PostgreSQL when TEAMBOARD_TEST_DB=postgres), settings for tests, and the checks every test
gets (published events against the protocol, statements counted); Redis, metrics and
memory for the tests that need them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from sqlalchemy import text

import devkit.api
from devkit.missing import missing
from devkit.procs import NotInstalled
from devkit.redis import RedisServer
from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.events import INTERNAL
from teamboard.models import Base
from teamboard.realtime.protocol import server_message

BACKEND = os.environ.get("TEAMBOARD_TEST_DB", "sqlite")
BASE_URL = "http://testserver"
PASSWORD = devkit.api.PASSWORD


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "data_dir": data_dir,
        "base_url": BASE_URL,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        # Fixtures sign up many users from one address, and add members by e-mail: the
        # limits are tested with settings of their own (tests/accounts/test_*limit*.py).
        "signup_max_per_address": 100_000,
        "email_lookup_max_per_account": 100_000,
        "email_lookup_max_per_address": 100_000,
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


async def empty(database: Database) -> None:
    """Every table emptied (and the ids started again): each test begins from nothing."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with database.engine.begin() as conn:
        if BACKEND == "postgres":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                await conn.execute(text(f"DELETE FROM {name}"))  # noqa: S608
            await conn.execute(text("DELETE FROM sqlite_sequence"))


@dataclass
class QueryCounter:
    """The SQL statements sent while ``active`` (a ``before_cursor_execute`` listener)."""

    statements: list[str] = field(default_factory=list)
    active: bool = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.active:
            self.statements.append(statement)

    def count(self) -> int:
        return len(self.statements)


@dataclass
class Contract:
    """Every event the server publishes in any test must be one of the protocol's
    messages (realtime/protocol.py): a new or changed event without its model fails the
    test that made it. Per-user messages lose their addressee before they are sent; the
    tests' own made-up events (``test.*``) are theirs."""

    broken: list[str] = field(default_factory=list)

    def check(self, events: list[dict[str, Any]]) -> None:
        for published in events:
            kind = str(published.get("type"))
            if kind in INTERNAL or kind.startswith("test."):
                continue
            sent = {k: v for k, v in published.items() if k != "user_id"}
            try:
                server_message.validate_python(sent)
            except ValidationError as exc:
                self.broken.append(f"{kind}: {exc}")


def start_redis() -> RedisServer:
    """A throw-away redis-server (skipped, or failed under CI, when it is not installed)."""
    try:
        return RedisServer().up()
    except NotInstalled as exc:
        missing(str(exc))


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus scrape, by name and labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient) -> str:
    r = await client.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return r.text


def resident_bytes() -> int:
    """This process's resident memory (Linux), for tests that nothing is kept per call."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE")
