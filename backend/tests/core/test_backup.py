"""``teamboard backup``: a consistent SQLite copy while another connection writes, and a
PostgreSQL dump pg_restore accepts. Real subprocesses, real databases."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from devkit.missing import missing
from devkit.procs import clean_environ
from teamboard.core.backup import libpq_url
from tests.support.app import BACKEND

TEAMBOARD = Path(sys.executable).with_name("teamboard")


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = clean_environ() | {"TEAMBOARD_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(  # noqa: S603 - our own CLI
        [str(TEAMBOARD), *args],
        cwd=tmp_path,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(BACKEND == "postgres", reason="SQLite only; once is enough")
def test_sqlite_backup_while_writing(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    env = {"TEAMBOARD_DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    assert run(tmp_path, "migrate", **env).returncode == 0
    assert run(tmp_path, "seed-demo", **env).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE scratch (n INTEGER PRIMARY KEY)")
    stop = threading.Event()

    def write() -> None:  # another process's writes, one row per transaction
        with sqlite3.connect(db, timeout=30) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                conn.execute("INSERT INTO scratch (n) VALUES (?)", (n,))
                conn.commit()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        out = tmp_path / "copies" / "teamboard.sqlite"
        done = run(tmp_path, "backup", str(out), **env)
    finally:
        stop.set()
        writer.join()
    assert done.returncode == 0, done.stderr
    assert "backup written to" in done.stdout

    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM users").fetchone()[0] >= 1
        assert copy.execute("SELECT count(*) FROM cards").fetchone()[0] >= 1
        rows = [n for (n,) in copy.execute("SELECT n FROM scratch ORDER BY n")]
    assert rows == list(range(1, len(rows) + 1))  # a consistent prefix, no torn write
    assert not list(out.parent.glob(".*"))  # no draft left behind

    again = run(tmp_path, "backup", str(out), **env)
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0 and "--force" in again.stderr
    assert run(tmp_path, "backup", str(out), "--force", **env).returncode == 0


@pytest.mark.skipif(BACKEND == "postgres", reason="SQLite only; once is enough")
def test_sqlite_backup_of_a_missing_database_fails_cleanly(tmp_path: Path) -> None:
    env = {"TEAMBOARD_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'none.db'}"}
    done = run(tmp_path, "backup", str(tmp_path / "out.db"), **env)
    assert done.returncode == 1 and "no SQLite database" in done.stderr
    assert not (tmp_path / "out.db").exists()


def test_libpq_url_keeps_the_password_out_of_the_arguments() -> None:
    url, password = libpq_url("postgresql+asyncpg://app:s3cr%40t@db.example:6432/tb?ssl=require")
    assert password == "s3cr@t"  # noqa: S105
    assert url == "postgresql://app@db.example:6432/tb?sslmode=require"


def _postgres_url() -> str:
    url = os.environ.get("TEAMBOARD_TEST_POSTGRES_URL")
    if not url:
        missing("TEAMBOARD_TEST_POSTGRES_URL is not set")
    return url


def test_postgres_backup_is_a_dump_pg_restore_reads(tmp_path: Path) -> None:
    url = _postgres_url()
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    migrated = run(tmp_path, "migrate", TEAMBOARD_DATABASE_URL=url)  # at head already: no-op
    assert migrated.returncode == 0, migrated.stderr
    out = tmp_path / "teamboard.dump"
    done = run(tmp_path, "backup", str(out), TEAMBOARD_DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    listing = subprocess.run(  # noqa: S603
        ["pg_restore", "--list", str(out)], capture_output=True, text=True, check=False
    )
    assert listing.returncode == 0, listing.stderr
    assert "TABLE public users" in listing.stdout and "TABLE public cards" in listing.stdout


def test_postgres_backup_without_pg_dump_names_the_command(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    url = "postgresql+asyncpg://app@127.0.0.1:1/tb"
    done = run(tmp_path, "backup", str(tmp_path / "x.dump"), TEAMBOARD_DATABASE_URL=url,
               PATH=str(empty))  # fmt: skip
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert "pg_dump --format=custom" in line and "PGPASSWORD" in line
