"""Processes the scale test starts: each in its own process group with its log in the run's
folder, stopped again however the run ends."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


class SetupError(RuntimeError):
    """A part of the set-up did not start; the message says which and shows its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Proc:
    """One long-running process; ``start`` may be called again after ``stop``."""

    name: str
    cmd: Sequence[str]
    log_path: Path
    env: Mapping[str, str] | None = None
    cwd: Path | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                list(self.cmd),
                env=dict(self.env) if self.env is not None else None,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopped as one, and no Ctrl-C echo
            )

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: signal.Signals) -> None:
        """To the process itself (not its group): it must pass shutdown on by itself."""
        if self.running():
            assert self.popen is not None
            self.popen.send_signal(sig)

    def wait(self, timeout: float) -> int | None:
        """Its exit status, or None if it is still running after ``timeout`` seconds."""
        assert self.popen is not None
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, grace: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL to the whole group: nothing of it outlives the run."""
        if self.popen is None:
            return None
        code: int | None = self.popen.returncode
        if self.running():
            self.signal(signal.SIGTERM)
            code = self.wait(grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        if code is None:
            code = self.wait(5)
        return code

    def failed(self, what: str) -> SetupError:
        return SetupError(
            f"{self.name} {what}; last lines of {self.log_path}:\n{tail(self.log_path)}"
        )

    def wait_for_port(self, port: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not port_open(port):
            if not self.running():
                raise self.failed("exited")
            if time.monotonic() > deadline:
                raise self.failed(f"did not listen on {port} within {timeout:.0f} s")
            time.sleep(0.1)


def run(
    cmd: Sequence[str],
    what: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> str:
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        list(cmd),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=dict(env) if env is not None else None,
        cwd=cwd,
    )
    if done.returncode != 0:
        raise SetupError(
            f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout
