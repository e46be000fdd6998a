"""``teamboard backup``: a consistent copy of the database while the app keeps running.

SQLite: the sqlite3 online backup API (a snapshot even while others write). PostgreSQL:
``pg_dump --format=custom`` (restore with ``pg_restore``). The copy is written next to
its destination and renamed into place, so a failed backup never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess  # runs pg_dump: a fixed program, no shell (see _postgres)  # nosec B404
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from teamboard.core.config import Settings

PG_DUMP_HINT = (
    "pg_dump --format=custom --file=OUTPUT 'postgresql://USER@HOST:PORT/DB' "
    "(password in PGPASSWORD)"
)


class BackupError(RuntimeError):
    """The backup was not made; the message is one line saying why."""


def backup(settings: Settings, output: Path, *, force: bool = False) -> str:
    """Writes the backup; returns a one-line summary."""
    if output.exists() and not force:
        raise BackupError(f"{output} exists; pass --force to replace it")
    if output.is_dir():
        raise BackupError(f"{output} is a folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    with _staged(output) as draft:
        if settings.is_sqlite:
            _sqlite(settings.resolved_database_url, draft)
        else:
            _postgres(settings.resolved_database_url, draft)
    return f"backup written to {output} ({output.stat().st_size} bytes)"


@contextlib.contextmanager
def _staged(output: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    os.close(fd)
    draft = Path(name)
    try:
        yield draft
        draft.replace(output)
    finally:
        draft.unlink(missing_ok=True)


def _sqlite(url: str, draft: Path) -> None:
    path = url.split(":///", 1)[-1]
    if not path or path == ":memory:" or not Path(path).is_file():
        raise BackupError(f"no SQLite database at {path or url}")
    try:
        with (
            contextlib.closing(sqlite3.connect(path, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(draft)) as target,
        ):
            # All pages in one step: a copy made in steps restarts whenever another
            # connection writes in between, which a busy app always does.
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from None


def libpq_url(url: str) -> tuple[str, str | None]:
    """The SQLAlchemy URL as libpq reads it, without its password (returned apart, for
    PGPASSWORD: a password on the command line is visible to every local user)."""
    parsed = make_url(url)
    query = dict(parsed.query)
    if "ssl" in query:  # asyncpg's spelling
        query["sslmode"] = query.pop("ssl")
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=query,
    )
    return plain.render_as_string(hide_password=False), parsed.password


def _postgres(url: str, draft: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(f"pg_dump is not installed; run: {PG_DUMP_HINT}")
    target, password = libpq_url(url)
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    done = subprocess.run(  # noqa: S603 - fixed program, no shell parses the arguments  # nosec B603
        [pg_dump, "--format=custom", f"--file={draft}", f"--dbname={target}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"pg_dump failed: {reason}")
