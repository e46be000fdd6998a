"""A throw-away PostgreSQL cluster: ``initdb`` into a folder of its own, served on a fixed
loopback port with a private socket folder, so that ``stop()`` and ``start()`` are a
database outage and its end, as an operator's restart would be (clients find it again).

initdb and postgres refuse to run as root: as root, every command runs as the
``postgres`` account, from the cluster's own folder (it may not enter the caller's)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from devkit.ports import HOST, free_port
from devkit.procs import NotInstalled, child_pids, run

PG_BIN = Path(os.environ.get("TEAMBOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))
# Tests and the scale test care about behaviour, not durability; the benchmark passes {}.
QUICK = {"fsync": "off"}


def installed() -> bool:
    return (PG_BIN / "initdb").exists()


def _as_postgres(cmd: Sequence[str]) -> list[str]:
    if os.geteuid() != 0:
        return list(cmd)
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]


class PostgresCluster:
    """``PostgresCluster(root)`` runs initdb in ``root`` (a fresh temporary folder when
    None); ``start()`` serves it. ``settings`` are ``-c`` server options; ``options`` is
    more of pg_ctl's ``-o`` text (the benchmark's BENCH_PG_OPTIONS)."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        settings: Mapping[str, str] = QUICK,
        options: str = "",
    ) -> None:
        if not installed():
            raise NotInstalled(f"PostgreSQL 15 is not installed (no {PG_BIN / 'initdb'})")
        if root is None:
            root = Path(tempfile.mkdtemp(prefix="teamboard-pg-"))
        else:
            root.mkdir(parents=True, exist_ok=True)
        self.root = root
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise NotInstalled("running as root and there is no postgres account") from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.port = free_port()
        extra = " ".join(f"-c {k}={v}" for k, v in settings.items())
        self._options = (
            f"-c listen_addresses={HOST} -p {self.port} -k {self.root} {extra} {options}"
        )
        self._run(
            "initdb",
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust",  # loopback only, private socket folder, deleted afterwards
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def _run(self, what: str, *argv: str) -> None:
        run(_as_postgres(argv), what, cwd=self.root)

    def url(self, database: str = "teamboard") -> str:
        return f"postgresql+asyncpg://postgres@{HOST}:{self.port}/{database}"

    def start(self) -> None:
        pg_ctl = str(PG_BIN / "pg_ctl")
        self._run(
            f"pg_ctl start (log: {self.log_path})",
            pg_ctl, "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "60",
            "-o", self._options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        """``-m fast``: every connection is cut, as when a database server restarts."""
        self._run("pg_ctl stop", str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                  "-w", "-t", "30", "stop")  # fmt: skip

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str = "teamboard") -> str:
        """A new database; returns its URL."""
        run(
            [str(PG_BIN / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "postgres", name],
            "createdb",
        )
        return self.url(name)

    def pids(self) -> list[int]:
        """The postmaster and its children (backends, checkpointer, WAL writer …)."""
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [postmaster, *child_pids(postmaster)]

    def close(self) -> None:
        """Stopped, however it is: a postmaster that ignores pg_ctl is killed."""
        if not self.running():
            return
        try:
            self.stop()
        except (subprocess.SubprocessError, OSError, RuntimeError):
            with contextlib.suppress(OSError, ValueError, IndexError):
                postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
                os.kill(postmaster, signal.SIGKILL)

    def destroy(self) -> None:
        """Stopped and its folder removed."""
        try:
            self.close()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
