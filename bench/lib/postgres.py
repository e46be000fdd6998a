"""A throw-away PostgreSQL cluster on 127.0.0.1 with a private socket folder, stopped
(``pg_ctl stop -m fast``) and deleted by the caller's ExitStack."""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lib.common import HOST, PG_BIN, log
from lib.cpu import child_pids
from lib.procs import free_port, make_tempdir, run_checked


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: switch to the ``postgres`` account."""
    if os.geteuid() != 0:
        return cmd
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]


@dataclass(frozen=True)
class Postgres:
    url: str
    data_dir: Path

    def pids(self) -> list[int]:
        """The postmaster and its children (backends, checkpointer, WAL writer...)."""
        try:
            postmaster = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [postmaster, *child_pids(postmaster)]


def start_postgres(stack: contextlib.ExitStack) -> Postgres | None:
    """A throw-away cluster on 127.0.0.1; None if PostgreSQL is not installed."""
    if not (PG_BIN / "initdb").exists():
        return None
    root = make_tempdir(stack, "teamboard-bench-pg-")
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            log("running as root and there is no postgres account")
            return None
        os.chown(root, account.pw_uid, account.pw_gid)
    data, sockets, logfile = root / "data", root / "sockets", root / "postgres.log"
    run_checked(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",  # loopback only, private socket folder, deleted afterwards
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        ),
        "initdb",
    )
    run_checked(_as_postgres(["mkdir", "-p", str(sockets)]), "mkdir sockets")
    port = free_port()
    # BENCH_PG_OPTIONS: extra server settings to compare with, e.g. "-c synchronous_commit=off".
    extra = os.environ.get("BENCH_PG_OPTIONS", "")
    options = f"-c listen_addresses={HOST} -p {port} -k {sockets} {extra}"
    pg_ctl = str(PG_BIN / "pg_ctl")

    def stop() -> None:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            _as_postgres([pg_ctl, "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop"]),
            capture_output=True,
            timeout=60,
            check=False,
        )
        pid_file = data / "postmaster.pid"
        if done.returncode != 0 and pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            log(f"pg_ctl stop failed; killing postmaster {pid}")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    # Registered before the start: a half-started server is stopped too.
    stack.callback(stop)
    run_checked(
        _as_postgres(
            [pg_ctl, "-D", str(data), "-l", str(logfile), "-w", "-t", "60", "-o", options, "start"]
        ),
        f"pg_ctl start (log: {logfile})",
    )
    run_checked(
        [str(PG_BIN / "createdb"), "-h", HOST, "-p", str(port), "-U", "postgres", "teamboard"],
        "createdb",
    )
    return Postgres(f"postgresql+asyncpg://postgres@{HOST}:{port}/teamboard", data)
