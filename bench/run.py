"""Teamboard HTTP benchmark: wrk against a bare FastAPI endpoint and the real app.

Run from the repository root (``make bench`` does): ``.venv/bin/python bench/run.py``.
See bench/README.md for what is measured and how to read the table.

Everything it starts (uvicorn servers, a throw-away PostgreSQL cluster, temp folders)
is stopped and removed on the way out, also after an error or Ctrl-C. Only loopback
addresses are used.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import os
import platform
import pwd
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent
HOST = "127.0.0.1"
API = "/api/v1"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
WRK = shutil.which("wrk") or "/usr/bin/wrk"

CARD_COUNT = 200
COLUMN_NAMES = ["Backlog", "To do", "In progress", "Done"]
LABELS = [("bug", "#dc2626"), ("feature", "#2563eb"), ("chore", "#6b7280")]
READ_CONNECTIONS = 64
MOVE_CONNECTIONS = 16
WRK_THREADS = 2

# The targets.
READ_MIN_RATIO = 0.10
CONDITIONAL_MIN_RATIO = 0.5
MOVE_MIN_RPS = 500.0
MOVE_MAX_P99_MS = 50.0


def log(message: str) -> None:
    print(f"· {message}", flush=True)


class BenchError(RuntimeError):
    """Something the benchmark needs did not work; the message says what."""


# -- wrk ---------------------------------------------------------------------------------

_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def _ms(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS[unit]


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    bytes_read: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    statuses: dict[int, int]  # non-2xx tallies reported by move.lua

    @property
    def bytes_per_request(self) -> float:
        return self.bytes_read / self.requests if self.requests else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def parse_wrk(output: str) -> WrkResult:
    """Read wrk 4.x's ``--latency`` report."""

    def need(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchError(f"wrk output has no line matching {pattern!r}:\n{output}")
        return match

    total = need(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGT]?B) read")
    p50 = need(r"^\s*50(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")
    p99 = need(r"^\s*99(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")
    rps = need(r"^Requests/sec:\s+([\d.]+)")
    non_2xx = re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.MULTILINE)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True))
        if sockets
        else {}
    )
    statuses = {
        int(code): int(count)
        for code, count in re.findall(r"^status (\d+): (\d+)$", output, re.MULTILINE)
    }
    return WrkResult(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2), total.group(3)) / 1000.0,
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1), p50.group(2)),
        p99_ms=_ms(p99.group(1), p99.group(2)),
        bytes_read=float(total.group(4)) * _SIZE_UNITS[total.group(5)],
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors={k: v for k, v in socket_errors.items() if v},
        statuses=statuses,
    )


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: Mapping[str, str] | None = None,
    script: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> WrkResult:
    if not url.startswith(f"http://{HOST}:"):
        raise BenchError(f"refusing to load a non-loopback URL: {url}")
    cmd = [
        WRK,
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if script is not None:
        cmd += ["-s", str(script)]
    cmd.append(url)
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        cmd,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        env={**os.environ, **(env or {})},
        check=False,
    )
    # A Lua error does not stop wrk (it falls back to plain GETs): treat stderr as fatal.
    if done.returncode != 0 or done.stderr.strip():
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return parse_wrk(done.stdout)


# -- CPU accounting --------------------------------------------------------------------------
# On a 2-core machine shared by wrk, the server and whatever else runs, requests per second
# alone cannot tell "slow code" from "starved of CPU". CPU seconds per request can.

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()  # [0] is field 3 (state) of proc(5)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process, all its threads included."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK if fields else 0.0


def child_pids(ppid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and int(fields[1]) == ppid:
                found.append(int(entry.name))
    return found


def machine_busy() -> float:
    """CPU seconds spent not idle, summed over all cores, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / CLK_TCK  # minus idle and iowait


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has been waited for
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used during one measured run, by whom."""

    wall: float
    app: float
    db: float
    wrk: float
    machine: float

    @property
    def other(self) -> float:
        return max(0.0, self.machine - self.app - self.db - self.wrk)


class CpuMeter:
    def __init__(self, pids: Callable[[], tuple[list[int], list[int]]]) -> None:
        self.pids = pids  # (application pids, database pids)

    def _now(self) -> tuple[float, float, float, float, float]:
        app, db = self.pids()
        return (
            time.monotonic(),
            sum(map(process_cpu, app)),
            sum(map(process_cpu, db)),
            children_cpu(),
            machine_busy(),
        )

    @contextlib.contextmanager
    def measure(self) -> Iterator[list[CpuUse]]:
        out: list[CpuUse] = []
        before = self._now()
        yield out
        after = self._now()
        out.append(CpuUse(*(b - a for a, b in zip(before, after, strict=True))))

    def wait_idle(self, limit: float = 60.0) -> None:
        """Requests queued by a finished wrk run are still being served (the server does not
        cancel them): wait until the server and its database have gone quiet."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            app, db = self.pids()
            start = sum(map(process_cpu, app + db))
            time.sleep(0.3)
            if sum(map(process_cpu, app + db)) - start < 0.3 * 0.05:
                return
        log(f"warning: server still busy after {limit:.0f}s")


# -- processes -----------------------------------------------------------------------------


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
    if importlib.util.find_spec("uvloop") is not None:
        flags += ["--loop", "uvloop"]
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


# -- PostgreSQL ------------------------------------------------------------------------------


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
    options = f"-c listen_addresses={HOST} -p {port} -k {sockets}"
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


# -- Teamboard set-up --------------------------------------------------------------------------


@dataclass
class Fixture:
    token: str
    board_id: int
    column_ids: list[int]
    card_ids: list[int]
    etag: str
    seq: int
    body_bytes: int


def _ok(response: httpx.Response, what: str, status: int = 200) -> Any:
    if response.status_code != status:
        raise BenchError(
            f"{what}: expected {status}, got {response.status_code}: {response.text[:500]}"
        )
    return response.json() if response.content else None


def build_board(base_url: str) -> Fixture:
    """One user, one board with 4 columns, 3 labels and 200 cards, all through the API."""
    email, password = "bench@example.com", "bench-" + secrets.token_urlsafe(12)
    with httpx.Client(base_url=base_url + API, timeout=30) as client:
        user = _ok(
            client.post(
                "/auth/signup",
                json={"email": email, "password": password, "display_name": "Bench"},
            ),
            "sign-up",
            201,
        )
        tokens = _ok(
            client.post("/auth/token", data={"username": email, "password": password}), "token"
        )
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        board = _ok(
            client.post(
                "/boards",
                json={
                    "name": "Benchmark board",
                    "description": "200 cards, read and moved by wrk",
                    "columns": COLUMN_NAMES,
                },
            ),
            "create board",
            201,
        )
        board_id = board["id"]
        detail = _ok(client.get(f"/boards/{board_id}"), "read board")
        column_ids = [column["id"] for column in detail["columns"]]
        label_ids = [
            _ok(
                client.post(f"/boards/{board_id}/labels", json={"name": n, "color": c}),
                "create label",
                201,
            )["id"]
            for n, c in LABELS
        ]
        card_ids = []
        for index in range(CARD_COUNT):
            card = _ok(
                client.post(
                    f"/columns/{column_ids[index % len(column_ids)]}/cards",
                    json={
                        "title": f"Card {index + 1}: something that needs doing",
                        "description": "A short description of the work. " * (1 + index % 4),
                        "label_ids": label_ids[: index % (len(label_ids) + 1)],
                        "assignee_ids": [user["id"]] if index % 2 == 0 else [],
                    },
                ),
                "create card",
                201,
            )
            card_ids.append(card["id"])
        full = client.get(f"/boards/{board_id}")
        detail = _ok(full, "read board")
        on_board = sum(len(column["cards"]) for column in detail["columns"])
        if on_board != CARD_COUNT:
            raise BenchError(f"board shows {on_board} cards, expected {CARD_COUNT}")
        etag = full.headers.get("etag")
        if not etag:
            raise BenchError("GET /boards/{id} sent no ETag")
        return Fixture(
            token=tokens["access_token"],
            board_id=board_id,
            column_ids=column_ids,
            card_ids=card_ids,
            etag=etag,
            seq=detail["seq"],
            body_bytes=len(full.content),
        )


def check_not_modified(base_url: str, fx: Fixture) -> None:
    response = httpx.get(
        f"{base_url}{API}/boards/{fx.board_id}",
        headers={"Authorization": f"Bearer {fx.token}", "If-None-Match": fx.etag},
        timeout=10,
    )
    if response.status_code != 304 or response.headers.get("etag") != fx.etag:
        raise BenchError(
            f"If-None-Match {fx.etag} gave {response.status_code} "
            f"(ETag {response.headers.get('etag')!r}), expected 304"
        )


def check_board_after_moves(base_url: str, fx: Fixture) -> tuple[int, list[str]]:
    """Board sequence advance, plus anything wrong with the board after the moves."""
    response = httpx.get(
        f"{base_url}{API}/boards/{fx.board_id}",
        headers={"Authorization": f"Bearer {fx.token}"},
        timeout=10,
    )
    detail = _ok(response, "read board after moves")
    problems: list[str] = []
    seen: list[int] = []
    for column in detail["columns"]:
        positions = [card["position"] for card in column["cards"]]
        if positions != list(range(len(positions))):
            problems.append(f"column {column['id']} positions are {positions[:10]}…")
        seen += [card["id"] for card in column["cards"]]
    if sorted(seen) != sorted(fx.card_ids):
        problems.append(f"board holds {len(seen)} cards ({len(set(seen))} distinct)")
    return detail["seq"] - fx.seq, problems


# -- scenarios ----------------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    db: str
    result: WrkResult | None
    cpu: CpuUse | None
    ratio: float | None
    target: str
    passed: bool | None  # None: not judged (baseline) or skipped
    notes: list[str] = field(default_factory=list)

    @property
    def cpu_ms_per_request(self) -> float | None:
        if self.result is None or self.cpu is None or not self.result.requests:
            return None
        return (self.cpu.app + self.cpu.db) * 1000 / self.result.requests


@dataclass(frozen=True)
class Durations:
    measure: int
    warmup: int


def measure(
    label: str,
    durations: Durations,
    meter: CpuMeter,
    url: str,
    *,
    connections: int,
    **kwargs: Any,
) -> tuple[WrkResult, CpuUse]:
    log(f"{label}: warm-up {durations.warmup}s")
    wrk(url, seconds=durations.warmup, connections=connections, **kwargs)
    meter.wait_idle()
    log(f"{label}: measuring {durations.measure}s at {connections} connections")
    with meter.measure() as used:
        result = wrk(url, seconds=durations.measure, connections=connections, **kwargs)
    meter.wait_idle()
    cpu = used[0]
    log(
        f"{label}: {result.rps:.0f} req/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms, {result.requests} requests, errors {result.errors}, "
        f"server CPU {100 * (cpu.app + cpu.db) / cpu.wall:.0f}%"
    )
    return result, cpu


def _notes(result: WrkResult, cpu: CpuUse, bare_cpu_ms: float | None = None) -> list[str]:
    notes = []
    if result.non_2xx_3xx:
        notes.append(f"{result.non_2xx_3xx} non-2xx/3xx responses")
    if result.statuses:
        notes.append(
            "statuses " + ", ".join(f"{k}: {v}" for k, v in sorted(result.statuses.items()))
        )
    if result.socket_errors:
        notes.append(
            "socket errors " + ", ".join(f"{k} {v}" for k, v in result.socket_errors.items())
        )
    per_request = f"app {1000 * cpu.app / max(result.requests, 1):.2f} ms"
    if cpu.db:
        per_request += f" + postgres {1000 * cpu.db / max(result.requests, 1):.2f} ms"

    def share(seconds: float) -> str:
        return f"{100 * seconds / cpu.wall:.0f}%"

    cost = f"CPU/request {per_request}"
    ms = 1000 * (cpu.app + cpu.db) / max(result.requests, 1)
    if bare_cpu_ms and ms:
        # What the req/s ratio would be if the server were CPU-bound and alone on the CPU.
        cost += f" (CPU-cost ratio to bare {bare_cpu_ms / ms:.3f})"
    notes.append(
        f"{cost}; CPU use (of {100 * (os.cpu_count() or 1)}%): "
        f"server {share(cpu.app + cpu.db)}, wrk {share(cpu.wrk)}, other {share(cpu.other)}"
    )
    return notes


def teamboard_rows(
    stack: contextlib.ExitStack,
    db: str,
    postgres: Postgres | None,
    bare: Row,
    d: Durations,
) -> list[Row]:
    assert bare.result is not None
    bare_rps, bare_cpu_ms = bare.result.rps, bare.cpu_ms_per_request
    workdir = make_tempdir(stack, f"teamboard-bench-{db}-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}
    env |= {
        "TEAMBOARD_DATA_DIR": str(workdir / "data"),
        "TEAMBOARD_DATABASE_URL": postgres.url
        if postgres
        else f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}",
        "TEAMBOARD_SECRET_KEY": secrets.token_urlsafe(48),
        "TEAMBOARD_ACCESS_TOKEN_MINUTES": "15",
        # Only the one sign-up and log-in hash passwords; keep the set-up quick.
        "TEAMBOARD_ARGON2_TIME_COST": "1",
        "TEAMBOARD_ARGON2_MEMORY_KIB": "8192",
        # Only shapes the JWT issuer and the allowed origins; loopback like the rest.
        "TEAMBOARD_BASE_URL": f"http://{HOST}:8000",
    }
    log(f"[{db}] migrate")
    run_checked([sys.executable, "-m", "teamboard", "migrate"], "teamboard migrate", env=env)
    server = start_uvicorn(
        stack,
        f"teamboard-{db}",
        "teamboard.asgi:app",
        ready_path="/healthz",
        workdir=workdir,
        env=env,
    )
    pid = server.proc.pid
    meter = CpuMeter(lambda: ([pid, *child_pids(pid)], postgres.pids() if postgres else []))
    log(f"[{db}] building the board through the API")
    started = time.monotonic()
    fx = build_board(server.url)
    log(
        f"[{db}] board {fx.board_id}: {len(fx.card_ids)} cards in {len(fx.column_ids)} columns, "
        f"{fx.body_bytes / 1024:.1f} KiB JSON, ETag {fx.etag} ({time.monotonic() - started:.1f}s)"
    )
    board_url = f"{server.url}{API}/boards/{fx.board_id}"
    bearer = {"Authorization": f"Bearer {fx.token}"}
    rows: list[Row] = []

    read, cpu = measure(
        f"[{db}] board read", d, meter, board_url, connections=READ_CONNECTIONS, headers=bearer
    )
    ratio = read.rps / bare_rps
    rows.append(
        Row(
            "GET board (200 cards)",
            db,
            read,
            cpu,
            ratio,
            f">= {READ_MIN_RATIO:.2f} x bare",
            ratio >= READ_MIN_RATIO and read.errors == 0,
            [f"{read.bytes_per_request / 1024:.1f} KiB/response", *_notes(read, cpu, bare_cpu_ms)],
        )
    )

    check_not_modified(server.url, fx)
    conditional, cpu = measure(
        f"[{db}] conditional read",
        d,
        meter,
        board_url,
        connections=READ_CONNECTIONS,
        headers=bearer | {"If-None-Match": fx.etag},
    )
    check_not_modified(server.url, fx)  # still 304 afterwards: nothing changed the board
    ratio = conditional.rps / bare_rps
    rows.append(
        Row(
            "GET board If-None-Match (304)",
            db,
            conditional,
            cpu,
            ratio,
            f">= {CONDITIONAL_MIN_RATIO:.2f} x bare",
            ratio >= CONDITIONAL_MIN_RATIO and conditional.errors == 0,
            _notes(conditional, cpu, bare_cpu_ms),
        )
    )

    move_env = {
        "BENCH_TOKEN": fx.token,
        "BENCH_CARD_IDS": ",".join(map(str, fx.card_ids)),
        "BENCH_COLUMN_IDS": ",".join(map(str, fx.column_ids)),
        "BENCH_MAX_POS": str(CARD_COUNT // len(fx.column_ids) + 10),
    }
    moved, cpu = measure(
        f"[{db}] move card",
        d,
        meter,
        server.url + "/",
        connections=MOVE_CONNECTIONS,
        script=BENCH_DIR / "move.lua",
        env=move_env,
    )
    seq_delta, problems = check_board_after_moves(server.url, fx)
    rows.append(
        Row(
            f"POST card move (c{MOVE_CONNECTIONS})",
            db,
            moved,
            cpu,
            moved.rps / bare_rps,
            f">= {MOVE_MIN_RPS:.0f}/s, p99 <= {MOVE_MAX_P99_MS:.0f} ms",
            moved.rps >= MOVE_MIN_RPS and moved.p99_ms <= MOVE_MAX_P99_MS and moved.errors == 0,
            [
                *_notes(moved, cpu, bare_cpu_ms),
                f"board seq +{seq_delta} over warm-up and run; board consistent"
                if not problems
                else f"board seq +{seq_delta}",
                *(f"BOARD CHECK FAILED: {p}" for p in problems),
            ],
        )
    )
    if server.proc.poll() is not None:
        raise BenchError(f"{server.name} died ({server.proc.returncode}):\n{tail(server.log_path)}")
    return rows


# -- report ---------------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    header = [
        "scenario",
        "db",
        "req/s",
        "p50 ms",
        "p99 ms",
        "non-2xx",
        "CPU ms/req",
        "x bare",
        "target",
        "",
    ]
    body: list[list[str]] = []
    for row in rows:
        r, cpu_ms = row.result, row.cpu_ms_per_request
        body.append(
            [
                row.scenario,
                row.db,
                f"{r.rps:,.0f}" if r else "-",
                f"{r.p50_ms:.2f}" if r else "-",
                f"{r.p99_ms:.2f}" if r else "-",
                str(r.non_2xx_3xx) if r else "-",
                f"{cpu_ms:.3f}" if cpu_ms is not None else "-",
                f"{row.ratio:.3f}" if row.ratio is not None else "-",
                row.target,
                {True: "PASS", False: "MISS", None: ""}[row.passed],
            ]
        )
    numeric = {2, 3, 4, 5, 6, 7}
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        return "  ".join(cells).rstrip()

    print()
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for line in body:
        print(fmt(line))
    print()
    for row in rows:
        for note in row.notes:
            print(f"  {row.scenario} [{row.db}]: {note}")


def environment_line(d: Durations) -> str:
    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "-"

    wrk_version = (
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [WRK, "-v"], capture_output=True, text=True, check=False, timeout=10
        )
        .stdout.split("[")[0]
        .strip()
        or "wrk"
    )
    flags = " ".join(uvicorn_flags())
    return (
        f"{os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"uvicorn {version('uvicorn')} ({flags}) · fastapi {version('fastapi')} · "
        f"sqlalchemy {version('sqlalchemy')} · {wrk_version} -t{WRK_THREADS} · "
        f"{d.measure}s runs after {d.warmup}s warm-up"
    )


# -- main -----------------------------------------------------------------------------------------


class Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)  # unwinds the ExitStacks: servers, cluster and temp dirs go


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Teamboard HTTP benchmark (wrk, loopback only)")
    parser.add_argument("--quick", action="store_true", help="3 s runs instead of 10 s")
    parser.add_argument(
        "--db",
        choices=["all", "sqlite", "postgres"],
        default="all",
        help="which databases to measure (default: all)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    durations = Durations(measure=3, warmup=1) if args.quick else Durations(measure=10, warmup=2)
    if not Path(WRK).exists():
        print(f"wrk not found ({WRK}); install it (apt-get install wrk)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    signal.signal(signal.SIGINT, _terminate)  # also when started in the background

    started = time.monotonic()
    print(f"Teamboard benchmark — {environment_line(durations)}", flush=True)
    load = float(Path("/proc/loadavg").read_text().split()[0])
    if load > 0.5:
        log(
            f"warning: load average is {load:.2f} before the start; other processes compete "
            "for the CPU, see the 'other' CPU share in the notes"
        )
    rows: list[Row] = []
    try:
        with contextlib.ExitStack() as stack:
            scratch = make_tempdir(stack, "teamboard-bench-bare-")
            bare = start_uvicorn(
                stack,
                "bare",
                "bare_app:app",
                ready_path="/ping",
                workdir=scratch,
                env=os.environ,
                app_dir=BENCH_DIR,
            )
            bare_pid = bare.proc.pid
            meter = CpuMeter(lambda: ([bare_pid, *child_pids(bare_pid)], []))
            base, cpu = measure(
                "bare", durations, meter, bare.url + "/ping", connections=READ_CONNECTIONS
            )
            stop_process(bare.proc, bare.name)  # the CPU is shared: nothing else may run
            baseline = Row(
                "GET bare /ping", "-", base, cpu, 1.0, "baseline", None, _notes(base, cpu)
            )
            rows.append(baseline)

            # One nested stack per database: its server (then its cluster, then its
            # folders) is gone before the next database is measured.
            if args.db in ("all", "sqlite"):
                with contextlib.ExitStack() as db_stack:
                    rows += teamboard_rows(db_stack, "sqlite", None, baseline, durations)
            if args.db in ("all", "postgres"):
                with contextlib.ExitStack() as db_stack:
                    postgres = start_postgres(db_stack)
                    if postgres is None:
                        log(f"postgres: skipped (no {PG_BIN / 'initdb'})")
                        rows.append(
                            Row("(all scenarios)", "postgres", None, None, None, "skipped", None)
                        )
                    else:
                        rows += teamboard_rows(db_stack, "postgres", postgres, baseline, durations)
    except BenchError as exc:
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        if rows:
            print_table(rows)
        return 1
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        print(f"\ninterrupted (signal {signum}); servers and temp folders removed", file=sys.stderr)
        return 128 + signum
    print_table(rows)
    print(
        f"\nfinished in {time.monotonic() - started:.0f}s; targets: board read >= "
        f"{READ_MIN_RATIO} x bare req/s, conditional read >= {CONDITIONAL_MIN_RATIO} x bare, "
        f"move >= {MOVE_MIN_RPS:.0f} req/s with p99 <= {MOVE_MAX_P99_MS:.0f} ms at "
        f"{MOVE_CONNECTIONS} connections"
    )
    missed = [row for row in rows if row.passed is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
