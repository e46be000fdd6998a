"""HTTP servers in subprocesses: ``teamboard serve`` with a given environment (the real
command, so the real uvicorn and WebSocket settings), or any other command that serves
HTTP (the benchmark's uvicorn runs). Ready once a path answers; stopped gracefully
(SIGTERM, then SIGKILL for anything left); output in a log file when one is given."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import sys
import time
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Self

import httpx

from devkit.ports import HOST, free_port
from devkit.procs import Proc, child_pids, clean_environ, run

CLI = (sys.executable, "-m", "teamboard")
# Cheap password hashing: the suites measure and test the app, not argon2.
FAST_HASHING = {"TEAMBOARD_ARGON2_TIME_COST": "1", "TEAMBOARD_ARGON2_MEMORY_KIB": "1024"}


def settings(**values: object) -> dict[str, str]:
    """Environment variables from setting names: ``ws_max_replay=20`` is
    ``TEAMBOARD_WS_MAX_REPLAY=20``."""
    return {f"TEAMBOARD_{name.upper()}": str(value) for name, value in values.items()}


def server_env(data_dir: Path, **values: object) -> dict[str, str]:
    """A server's whole environment: the caller's without TEAMBOARD_*, a data folder, a
    secret key (random unless given: instances that share tokens are given one) and the
    settings named."""
    return (
        clean_environ()
        | settings(data_dir=data_dir, secret_key=secrets.token_urlsafe(48))
        | settings(**values)
    )


def teamboard(args: Sequence[str], env: Mapping[str, str], cwd: Path | None = None) -> str:
    """One CLI command (``migrate``, ``create-user`` …) to its end; StartError if it fails."""
    return run([*CLI, *args], f"teamboard {args[0]}", env=env, cwd=cwd)


class HttpServer(Proc):
    """A process serving HTTP on ``port`` on the loopback interface."""

    def __init__(
        self,
        name: str,
        cmd: Sequence[str],
        port: int,
        *,
        log_path: Path | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        super().__init__(name, cmd, log_path, env, cwd)
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.ws_url = f"ws://{HOST}:{port}/ws"

    def up(
        self, ready_path: str = "/healthz", timeout: float = 30, ok: Collection[int] = (200,)
    ) -> Self:
        """Started, and ``ready_path`` answered with a status in ``ok``."""
        self.start()
        deadline = time.monotonic() + timeout
        while True:
            if not self.running():
                assert self.popen is not None
                raise self.failed(f"exited with {self.popen.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.url + ready_path, timeout=2).status_code in ok:
                    return self
            if time.monotonic() > deadline:
                self.stop()
                raise self.failed(f"did not answer {ready_path} within {timeout:.0f} s")
            time.sleep(0.1)

    def pids(self) -> list[int]:
        """The process and all its descendants (workers, their children)."""
        if not self.running():
            return []
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += child_pids(pid)
        return found


class TeamboardServer(HttpServer):
    """``teamboard serve`` on a free loopback port. ``TEAMBOARD_BASE_URL`` is the server's
    own address unless ``env`` names another (an origin in front of it) or ``own_base_url``
    is False (the setting's default then). It runs from its data folder when ``env`` names
    one, so that no stray ``.env`` of the caller's applies."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        name: str = "teamboard",
        workers: int | None = None,
        args: Sequence[str] = (),
        log_path: Path | None = None,
        port: int | None = None,
        own_base_url: bool = True,
    ) -> None:
        port = port or free_port()
        cmd = [*CLI, "serve", "--host", HOST, "--port", str(port)]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        if own_base_url:
            env = {"TEAMBOARD_BASE_URL": f"http://{HOST}:{port}"} | dict(env)
        cwd = Path(env["TEAMBOARD_DATA_DIR"]) if "TEAMBOARD_DATA_DIR" in env else None
        if cwd is not None:
            cwd.mkdir(parents=True, exist_ok=True)
        super().__init__(name, [*cmd, *args], port, log_path=log_path, env=env, cwd=cwd)

    @property
    def database_url(self) -> str:
        """The server's database (the setting, or its default in the data folder): for a
        test that writes what a person would do by mail (devkit.verified)."""
        env = self.env or {}
        named = env.get("TEAMBOARD_DATABASE_URL")
        if named:
            return named
        folder = Path(env.get("TEAMBOARD_DATA_DIR", "data"))
        return f"sqlite+aiosqlite:///{folder / 'teamboard.db'}"

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A CLI command with the server's own settings, whatever its outcome."""
        return subprocess.run(  # noqa: S603 - our own CLI
            [*CLI, *args], env=self.env, cwd=self.cwd, capture_output=True, text=True, check=False
        )
