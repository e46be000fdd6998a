"""Processes and folders the benchmark starts, and stopping them again: free ports,
uvicorn servers (each in its own process group), temp folders, checked commands."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from lib.common import HOST, BenchError, log


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def stop_process(proc: subprocess.Popen[bytes], name: str) -> None:
    """Stop one process group this script started: SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
    log(f"warning: {name} (pid {proc.pid}) did not exit")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


def uvicorn_flags() -> list[str]:
    """The same server settings for the baseline and for Teamboard."""
    flags = ["--workers", "1", "--no-access-log", "--log-level", "warning"]
    flags += ["--no-server-header", "--no-proxy-headers"]
    if importlib.util.find_spec("httptools") is not None:
        flags += ["--http", "httptools"]
    # As `teamboard serve` does: asyncio keeps the tail fair at saturation (uvloop does not).
    flags += ["--loop", os.environ.get("BENCH_LOOP", "asyncio")]
    return flags


def start_uvicorn(
    stack: contextlib.ExitStack,
    name: str,
    app: str,
    *,
    ready_path: str,
    workdir: Path,
    env: Mapping[str, str],
    app_dir: Path | None = None,
) -> Server:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port)]
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    cmd += uvicorn_flags()
    return spawn(stack, name, cmd, port, ready_path=ready_path, workdir=workdir, env=env)


def spawn(
    stack: contextlib.ExitStack,
    name: str,
    cmd: list[str],
    port: int,
    *,
    ready_path: str,
    workdir: Path,
    env: Mapping[str, str],
) -> Server:
    """Start a server process (stopped with ``stack``) and wait until ``ready_path`` answers."""
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            cmd,
            cwd=workdir,  # no stray .env from the caller's folder
            env=dict(env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
    stack.callback(stop_process, proc, name)
    server = Server(name, port, proc, log_path)
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            raise BenchError(f"{name} exited with {proc.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(server.url + ready_path, timeout=2).status_code == 200:
                return server
        if time.monotonic() > deadline:
            raise BenchError(f"{name} did not answer within 30 s:\n{tail(log_path)}")
        time.sleep(0.1)


def make_tempdir(stack: contextlib.ExitStack, prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    stack.callback(shutil.rmtree, path, True)
    return path


def run_checked(cmd: Sequence[str], what: str, env: Mapping[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        list(cmd),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(env) if env is not None else None,
    )
    if done.returncode != 0:
        raise BenchError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout
