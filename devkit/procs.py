"""Processes a suite starts and must stop again, however it ends: each in a process group
of its own (stopped as one; no Ctrl-C echo from the terminal), with its output in a log
file the failure messages quote. Also the errors every part of devkit raises."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devkit.ports import wait_for_port


class DevkitError(RuntimeError):
    """Something a suite needs did not work; the message says what, for people."""


class StartError(DevkitError):
    """A part of a set-up did not start; the message says which and shows its log."""


class NotInstalled(StartError):
    """A binary a part needs is not on this machine (see devkit.missing for tests)."""


def tail(path: Path | None, lines: int = 25) -> str:
    if path is None:
        return "(no log)"
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def child_pids(ppid: int) -> list[int]:
    """The processes whose parent is ``ppid`` (from /proc: Linux only, as the suites are)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text().rpartition(")")[2].split()
                if int(stat[1]) == ppid:  # stat[0] is field 3 (state) of proc(5)
                    found.append(int(entry.name))
    return found


def clean_environ() -> dict[str, str]:
    """The caller's environment without TEAMBOARD_* (the Makefile exports a data folder,
    a developer may have a database URL set): a server gets only the settings it is given."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}


def tempdir(stack: contextlib.ExitStack, prefix: str) -> Path:
    """A fresh folder, removed when ``stack`` closes."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    stack.callback(shutil.rmtree, path, True)
    return path


def run(
    cmd: Sequence[str],
    what: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> str:
    """Run a command to its end; its stdout, or a StartError quoting its output."""
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
        raise StartError(
            f"{what} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


@dataclass
class Proc:
    """One long-running process; ``start`` may be called again after ``stop`` (an outage
    and its end). Without ``log_path`` its output is thrown away."""

    name: str
    cmd: Sequence[str]
    log_path: Path | None = None
    env: Mapping[str, str] | None = None
    cwd: Path | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        with contextlib.ExitStack() as stack:
            out = (
                stack.enter_context(self.log_path.open("ab"))
                if self.log_path is not None
                else subprocess.DEVNULL
            )
            self.popen = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                list(self.cmd),
                env=dict(self.env) if self.env is not None else None,
                cwd=self.cwd,
                stdout=out,
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

    def check_alive(self) -> None:
        """StartError, quoting its log, if the process has exited."""
        if not self.running():
            code = self.popen.returncode if self.popen is not None else None
            raise self.failed(f"died ({code})")

    def failed(self, what: str) -> StartError:
        return StartError(
            f"{self.name} {what}; last lines of {self.log_path}:\n{tail(self.log_path)}"
        )

    def wait_for_port(self, port: int, timeout: float = 30.0) -> None:
        if not wait_for_port(port, timeout, alive=self.running):
            if not self.running():
                raise self.failed("exited")
            raise self.failed(f"did not listen on {port} within {timeout:.0f} s")
