"""(b) Live events cross instances; (c) an instance stopped under load loses nobody's
events and no request beyond those in flight."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time

import httpx

from devkit.api import API, expect
from devkit.ports import HOST
from scaletest.client import Subscriber, client, current_seq, driver, make_board
from scaletest.cluster import Cluster, up
from scaletest.load import Load
from scaletest.report import Out


def direct_ws(cluster: Cluster, n: int) -> str:
    return f"ws://{HOST}:{cluster.instances[n].port}/ws"


def edge_ws(cluster: Cluster) -> str:
    return f"wss://{HOST}:{cluster.nginx.ports.https}/ws"


async def cross_instance(cluster: Cluster, out: Out) -> None:
    async with (
        client(cluster.public_origin, cluster.tls) as http,
        httpx.AsyncClient(base_url=cluster.instances[1].url, timeout=15) as direct2,
    ):
        user = await driver(http).sign_up("live")
        board = await make_board(http, user, cards=1)
        pinned = Subscriber("on instance 1", http, direct_ws(cluster, 0), user, board["id"], None)
        edge = Subscriber(
            "through nginx",
            http,
            edge_ws(cluster),
            user,
            board["id"],
            None,
            cluster.tls,
        )
        tasks = [asyncio.create_task(s.run()) for s in (pinned, edge)]
        try:
            for s in (pinned, edge):
                await asyncio.wait_for(s.connected.wait(), 10)
            base = pinned.since or 0
            column = board["columns"][0]["id"]
            expect(
                await direct2.post(
                    f"{API}/columns/{column}/cards",
                    json={"title": "From 2"},
                    headers=user.headers,
                ),
                201,
                "card created on instance 2",
            )
            for s in (pinned, edge):
                got = await s.wait_for(base + 1, 5)
                out.check(
                    got and s.seqs == [base + 1],
                    f"a card created through instance 2 reaches a socket {s.name} (seq {base + 1})",
                    f"seqs {s.seqs}, errors {s.errors}",
                )
        finally:
            for s, t in zip((pinned, edge), tasks, strict=True):
                await s.stop(t)


async def failover(cluster: Cluster, out: Out) -> None:
    stopped = cluster.instances[1]
    async with client(cluster.public_origin, cluster.tls, timeout=30) as http:
        user = await driver(http).sign_up("load")
        board = await make_board(http, user, cards=8)
        columns = [c["id"] for c in board["columns"]]
        cards = [card["id"] for c in board["columns"] for card in c["cards"]]
        subs = [
            Subscriber(
                f"subscriber {n}",
                http,
                edge_ws(cluster),
                user,
                board["id"],
                None,
                cluster.tls,
            )
            for n in range(6)
        ]
        tasks: list[asyncio.Task[None]] = []
        load = Load(http, user, board["id"], columns, cards)
        try:
            # One at a time: least_conn then alternates them between the two instances.
            for s in subs:
                tasks.append(asyncio.create_task(s.run()))
                await asyncio.wait_for(s.connected.wait(), 10)
            first = (subs[0].since or 0) + 1
            out.ok(f"{len(subs)} subscribers through nginx, from seq {first}")
            load.start(writers=3, readers=2)
            await asyncio.sleep(2)
            in_flight = load.writes_in_flight
            began = time.monotonic()
            stopped.signal(signal.SIGTERM)
            code = await asyncio.to_thread(stopped.wait, 30)
            took = time.monotonic() - began
            out.check(
                code == 0,
                f"instance 2 got SIGTERM under load and exited 0 in {took:.1f} s",
                f"exit status {code}",
            )
            await asyncio.sleep(3)
            await load.stop()
            last = await current_seq(http, edge_ws(cluster), user, board["id"], cluster.tls)
            out.ok(
                f"load stopped: {load.writes_ok} writes, {load.reads_ok} reads answered; "
                f"board at seq {last}"
            )
            for s in subs:
                await s.wait_for(last, 15)
            problems = [p for s in subs if (p := s.gaps_and_repeats(first, last))]
            out.check(
                not problems,
                f"every subscriber saw seqs {first}..{last} exactly once, "
                "in order, across the reconnect",
                "; ".join(problems),
            )
            out.check(
                not load.read_errors,
                "no read failed (nginx retried them elsewhere)",
                str(dict(load.read_errors)),
            )
            errors = sum(load.write_errors.values())
            out.check(
                errors <= in_flight,
                f"writes failed: {errors} (bound: {in_flight} in flight at the SIGTERM)",
                str(dict(load.write_errors)),
            )
            # Last: the close code is the app's side of the contract.
            closes = [c for s in subs for c in s.closes]
            out.check(
                bool(closes) and all(c == 1001 for c in closes),
                f"{len(closes)} subscribers on instance 2 were closed with 1001 "
                "(going away) and resumed through nginx",
                f"close codes {closes}",
            )
        finally:
            with contextlib.suppress(Exception):
                await load.stop()
            for s, t in zip(subs, tasks, strict=False):
                await s.stop(t)
            if not stopped.running():
                await asyncio.to_thread(up, stopped)
                out.ok("instance 2 started again")
