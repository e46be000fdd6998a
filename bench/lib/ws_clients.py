"""The load generator: processes of asyncio WebSocket clients that subscribe to one board
and note when each event reaches them.

Each process opens its share of the sockets, subscribes each one, says ``ready`` and then
only listens. Per event ``seq`` it counts the receipts and keeps the latest receipt time
(``time.monotonic()``, one clock for every process on Linux), which it sends back when the
parent asks: the parent knows when it published each seq."""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from lib.common import BenchError, log
from lib.ws_wire import Subscriber, open_subscriber

HANDSHAKES_AT_ONCE = 50  # per process: well inside the servers' listen backlog
FINISH_WAIT = 10.0  # seconds a process waits for the last events before it reports


@dataclass(frozen=True)
class Target:
    """Where one process's sockets go, and what they subscribe to."""

    ws_url: str
    origin: str
    cookie: str | None
    board_id: int | None  # None: the bare app, which registers every socket it accepts
    count: int


@dataclass
class Tally:
    """Per seq: (receipts, latest receipt time)."""

    seen: dict[int, list[float]] = field(default_factory=dict)
    size: int = 0  # bytes of an event's text frame
    sockets: int = 0
    waiting: set[int] = field(default_factory=set)  # seqs not yet on every socket
    complete: asyncio.Event = field(default_factory=asyncio.Event)

    def note(self, seq: int, now: float, size: int) -> None:
        self.size = size
        entry = self.seen.get(seq)
        if entry is None:
            entry = self.seen[seq] = [0, now]
        entry[0] += 1
        entry[1] = now
        if seq in self.waiting and entry[0] >= self.sockets:
            self.waiting.discard(seq)
            if not self.waiting:
                self.complete.set()

    def expect(self, keys: list[int], sockets: int) -> None:
        self.sockets = sockets
        self.waiting = {k for k in keys if self.seen.get(k, [0])[0] < sockets}
        if not self.waiting:
            self.complete.set()


async def _open(target: Target, tally: Tally, failures: list[str]) -> Subscriber | None:
    try:
        sub = await open_subscriber(target.ws_url, target.origin, target.cookie, tally.note)
        await asyncio.wait_for(sub.upgrade, 60)
        if target.board_id is not None:
            sub.subscribe = json.dumps({"type": "subscribe", "board_id": target.board_id})
            sub.send_text(sub.subscribe)
        # The bare app says "subscribed" too, once it has registered the socket.
        await asyncio.wait_for(sub.ready, 60)
        return sub
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
        return None


async def _client_main(target: Target, pipe: Connection) -> None:
    failures: list[str] = []
    tally = Tally()
    gate = asyncio.Semaphore(HANDSHAKES_AT_ONCE)

    async def opened() -> Subscriber | None:
        async with gate:
            return await _open(target, tally, failures)

    sockets = [s for s in await asyncio.gather(*(opened() for _ in range(target.count))) if s]
    pipe.send(("ready", len(sockets), failures[:5], len(failures)))
    command, keys = await asyncio.to_thread(pipe.recv)
    assert command == "finish"
    tally.expect(keys, len(sockets))
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(tally.complete.wait(), FINISH_WAIT)
    ended = [s.why_closed for s in sockets if s.why_closed]
    seen = {k: tuple(v) for k, v in tally.seen.items()}
    retries = sum(s.retries for s in sockets)
    pipe.send(("tally", seen, tally.size, len(ended), ended[:3], retries))
    await asyncio.to_thread(pipe.recv)  # "close": the parent has measured what it wanted
    for sub in sockets:
        sub.close()
    await asyncio.sleep(0.2)


def _client_process(target: Target, pipe: Connection) -> None:
    # uvloop when installed (uvicorn[standard] brings it): its event loop spends about
    # half as much CPU per received frame, and the clients share the servers' cores.
    # The servers run asyncio's loop, as `teamboard serve` does.
    try:
        import uvloop

        factory: Callable[[], asyncio.AbstractEventLoop] | None = uvloop.new_event_loop
    except ImportError:
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(_client_main(target, pipe))


class ClientFleet:
    """The client processes of one scenario."""

    def __init__(self, targets: list[Target]) -> None:
        ctx = multiprocessing.get_context("fork")
        self.pipes: list[Connection] = []
        self.procs: list[Any] = []
        for target in targets:
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_client_process, args=(target, theirs), daemon=True)
            proc.start()
            self.pipes.append(mine)
            self.procs.append(proc)
        self.sizes = [target.count for target in targets]
        self.connected = 0
        self.event_bytes = 0
        self.ended: list[str] = []  # sockets that closed during the run, and why

    def _recv(self, pipe: Connection, timeout: float) -> Any:
        if not pipe.poll(timeout):
            raise BenchError(f"a client process did not answer within {timeout:.0f} s")
        return pipe.recv()

    def wait_ready(self, timeout: float) -> None:
        started = time.monotonic()
        for pipe, size in zip(self.pipes, self.sizes, strict=True):
            _, opened, sample, failed = self._recv(pipe, timeout)
            self.connected += opened
            if failed:
                raise BenchError(f"{failed} of {size} sockets failed, e.g. {sample}")
        log(f"{self.connected} sockets subscribed in {time.monotonic() - started:.1f}s")

    def finish(self, keys: list[int]) -> dict[int, tuple[int, float]]:
        """Every process's receipts, merged: seq -> (receipts, last receipt time)."""
        for pipe in self.pipes:
            pipe.send(("finish", keys))
        merged: dict[int, tuple[int, float]] = {}
        for pipe in self.pipes:
            _, seen, size, ended, sample, retries = self._recv(pipe, FINISH_WAIT + 30)
            if retries:
                self.ended.append(f"{retries} subscribes answered 'unavailable' and were retried")
            if ended:
                self.ended.append(f"{ended} sockets closed, e.g. {sample}")
            self.event_bytes = max(self.event_bytes, size)
            for key, (count, last) in seen.items():
                before = merged.get(key, (0, 0.0))
                merged[key] = (before[0] + int(count), max(before[1], last))
        return merged

    def close(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("close", None))
        for proc in self.procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
