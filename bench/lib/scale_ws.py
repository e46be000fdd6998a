"""The growth benchmark's WebSocket rows: a client resuming 500 events back, on a short and
on a long log; and one worker's memory with a board open on many sockets."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from devkit.server import HttpServer
from lib.common import API, log
from lib.scale_data import DataSet, Sizes
from lib.scale_measure import Cell, Client, GrowthRow, _p90
from lib.ws_servers import rss_kib
from lib.ws_wire import Subscriber, open_subscriber

ORIGIN = "http://127.0.0.1:8000"  # the instance's base URL: an allowed origin
RESUME_BACK = 500


async def _subscribed(
    server: HttpServer, client: Client, board_id: int, since: int | None
) -> Subscriber:
    socket = await open_subscriber(
        server.ws_url, ORIGIN, client.session.cookie_header, lambda _s, _t, _n: None
    )
    await asyncio.wait_for(socket.upgrade, 30)
    message: dict[str, object] = {"type": "subscribe", "board_id": board_id}
    if since is not None:
        message["since"] = since
    socket.send_text(json.dumps(message))
    await asyncio.wait_for(socket.ready, 60)
    return socket


async def _resume(server: HttpServer, client: Client, board_id: int, since: int) -> float:
    """From the subscribe message to ``subscribed``, which follows the replayed events."""
    socket = await open_subscriber(
        server.ws_url, ORIGIN, client.session.cookie_header, lambda _s, _t, _n: None
    )
    try:
        await asyncio.wait_for(socket.upgrade, 30)
        started = time.perf_counter()
        socket.send_text(json.dumps({"type": "subscribe", "board_id": board_id, "since": since}))
        await asyncio.wait_for(socket.ready, 60)
        return (time.perf_counter() - started) * 1000
    finally:
        socket.close()


def resume_row(
    server: HttpServer, client: Client, ds: DataSet, sizes: Sizes, db: str, rounds: int
) -> GrowthRow:
    back = min(RESUME_BACK, sizes.events[0] // 2)
    log(f"[{db}] WebSocket resume {back} events back")

    async def run() -> list[Cell]:
        times: dict[int, list[float]] = {n: [] for n in sizes.events}
        for index in range(rounds + 1):
            for n in sizes.events:
                board_id = ds.event_boards[n]
                seq = await _board_seq(client, board_id)
                ms = await _resume(server, client, board_id, seq - back)
                if index:  # the first round warms up
                    times[n].append(ms)
        return [Cell(f"{n:,} events", statistics.median(t), _p90(t), 0) for n, t in times.items()]

    return GrowthRow(f"WebSocket resume, {back} back", db, asyncio.run(run()), 1.5)


async def _board_seq(client: Client, board_id: int) -> int:
    response = client.http.get(f"{API}/boards/{board_id}", headers=client.bearer)
    return int(response.json()["seq"])


def memory_row(server: HttpServer, client: Client, ds: DataSet, sizes: Sizes, db: str) -> GrowthRow:
    """RSS of a fresh worker, then with ``sizes.sockets`` sockets on the smallest board,
    then on the largest (each board read once first, as every client does on opening
    it; the memoised rendering stays)."""

    async def run() -> list[Cell]:
        idle = rss_kib([server]) / 1024
        cells = [Cell("fresh worker", idle, idle, 0)]
        for n in (sizes.cards[0], sizes.cards[-1]):
            board_id = ds.card_boards[n]
            client.http.get(f"{API}/boards/{board_id}", headers=client.bearer).raise_for_status()
            sockets = [
                await _subscribed(server, client, board_id, None) for _ in range(sizes.sockets)
            ]
            await asyncio.sleep(1)
            mb = rss_kib([server]) / 1024
            cells.append(Cell(f"+ {n:,} cards", mb, mb, 0))
            for socket in sockets:
                socket.close()
            await asyncio.sleep(0.5)
        return cells

    log(f"[{db}] memory with {sizes.sockets} sockets on a board")
    measure = f"worker RSS, {sizes.sockets} sockets on a board"
    return GrowthRow(measure, db, asyncio.run(run()), None, unit="MB")
