"""(d) PostgreSQL restarted, (e) Redis stopped and started, (h) log-in limits shared by
the instances and keyed by the address nginx saw."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from devkit.api import API, expect
from scaletest.check_live import direct_ws
from scaletest.client import PASSWORD, Subscriber, client, driver, make_board
from scaletest.cluster import LOGIN_MAX_PER_ADDRESS, Cluster
from scaletest.report import Out

PROBLEM = "application/problem+json"


async def _readyz(cluster: Cluster) -> list[int]:
    async with httpx.AsyncClient(timeout=10) as direct:
        return [(await direct.get(f"{i.url}/readyz")).status_code for i in cluster.instances]


async def postgres_restart(cluster: Cluster, out: Out) -> None:
    async with client(cluster.public_origin, cluster.tls, timeout=30) as http:
        user = await driver(http).sign_up("outage")
        board = await make_board(http, user, cards=1)
        cards_url = f"{API}/columns/{board['columns'][0]['id']}/cards"
        pids = [i.pid for i in cluster.instances]
        await asyncio.to_thread(cluster.postgres.stop)
        try:
            out.ok("PostgreSQL stopped (pg_ctl stop -m fast)")
            answers: list[tuple[int, str, str, bool, float]] = []
            until = time.monotonic() + 4
            while time.monotonic() < until:
                for method, path in (("POST", cards_url), ("GET", f"{API}/boards")):
                    began = time.monotonic()
                    r = await http.request(
                        method,
                        path,
                        json={"title": "x"} if method == "POST" else None,
                        headers=user.headers,
                    )
                    body = r.json() if r.headers.get("content-type", "").startswith(PROBLEM) else {}
                    answers.append(
                        (
                            r.status_code,
                            r.headers.get("content-type", ""),
                            str(body.get("code")),
                            "retry-after" in r.headers,
                            time.monotonic() - began,
                        )
                    )
                await asyncio.sleep(0.2)
            bad = [a for a in answers if a[:4] != (503, PROBLEM, "unavailable", True)]
            slowest = max(a[4] for a in answers)
            out.check(
                not bad,
                f"during the outage all {len(answers)} API requests through nginx "
                "→ 503 problem+json (code unavailable, Retry-After)",
                f"e.g. {bad[:3]}",
            )
            out.check(slowest < 5, f"…each within {slowest:.2f} s (no hang)")
            out.check(await _readyz(cluster) == [503, 503], "/readyz → 503 on both instances")
        finally:
            await asyncio.to_thread(cluster.postgres.start)
        began = time.monotonic()
        while True:
            r = await http.post(cards_url, json={"title": "after"}, headers=user.headers)
            if r.status_code == 201:
                break
            if time.monotonic() - began > 20:
                raise AssertionError(f"no success 20 s after PostgreSQL returned: {r.text[:200]}")
            await asyncio.sleep(0.2)
        out.ok(
            f"PostgreSQL started; the first write succeeded {time.monotonic() - began:.1f} s later"
        )
        statuses = [
            (await http.post(cards_url, json={"title": "n"}, headers=user.headers)).status_code
            for _ in range(12)
        ]
        out.check(
            statuses == [201] * 12,
            "12 writes in a row succeed (every worker reconnected)",
            str(statuses),
        )
        out.check(
            [i.pid for i in cluster.instances] == pids
            and all(i.running() for i in cluster.instances),
            "no app process was restarted",
        )
        out.check(
            await _readyz(cluster) == [200, 200],
            "/readyz → 200 on both instances again",
        )


async def redis_outage(cluster: Cluster, out: Out) -> None:
    async with (
        client(cluster.public_origin, cluster.tls, timeout=30) as http,
        httpx.AsyncClient(base_url=cluster.instances[1].url, timeout=15) as direct2,
    ):
        user = await driver(http).sign_up("redis")
        board = await make_board(http, user, cards=1)
        cards_url = f"{API}/columns/{board['columns'][0]['id']}/cards"
        sub = Subscriber("on instance 1", http, direct_ws(cluster, 0), user, board["id"], None)
        task = asyncio.create_task(sub.run())
        changes = 0
        try:
            await asyncio.wait_for(sub.connected.wait(), 10)
            first = (sub.since or 0) + 1
            cluster.redis.stop()
            out.ok("Redis stopped")
            for client_ in (http, direct2):
                for _ in range(2):
                    expect(
                        await client_.post(cards_url, json={"title": "r"}, headers=user.headers),
                        201,
                        "write, Redis down",
                    )
                    changes += 1
            out.ok("writes through nginx and on instance 2 succeed without Redis")
            r = await http.post(
                f"{API}/auth/login",
                headers={"Origin": cluster.public_origin},
                json={"email": user.email, "password": PASSWORD},
            )
            out.check(r.status_code == 200, "log-in works without Redis", r.text[:200])
            out.check(
                await _readyz(cluster) == [503, 503],
                "/readyz → 503 (Redis unreachable)",
            )

            await asyncio.to_thread(cluster.redis.up)
            out.ok("Redis started again")
            began, streak = time.monotonic(), 0
            # Three changes on instance 2 in a row, each seen on instance 1 within 1.5 s:
            # the poller (every 60 s here) cannot do that, only the relay.
            while streak < 3:
                if time.monotonic() - began > 30:
                    raise AssertionError(f"live updates did not resume within 30 s: {sub.seqs}")
                expect(
                    await direct2.post(cards_url, json={"title": "back"}, headers=user.headers),
                    201,
                    "write",
                )
                changes += 1
                streak = streak + 1 if await sub.wait_for(first + changes - 1, 1.5) else 0
            out.ok(
                f"live updates between instances resumed {time.monotonic() - began:.1f} s "
                "after Redis returned"
            )
            problem = sub.gaps_and_repeats(first, first + changes - 1)
            out.check(
                problem is None,
                f"the socket on instance 1 saw all {changes} events once, "
                "those of the outage included",
                problem or "",
            )
        finally:
            if not cluster.redis.running():
                await asyncio.to_thread(cluster.redis.up)
            await sub.stop(task)


async def login_limits(cluster: Cluster, out: Out) -> None:
    """Last: it spends this address's log-in allowance for the rest of the window."""
    url = f"{API}/auth/login"
    async with client(cluster.public_origin, cluster.tls) as http:
        head = {"Origin": cluster.public_origin}
        limited_at = None
        for attempt in range(1, LOGIN_MAX_PER_ADDRESS + 2):
            r = await http.post(
                url,
                headers=head,
                json={
                    "email": f"nobody-{uuid.uuid4().hex}@example.com",
                    "password": "wrong password",
                },
            )
            if r.status_code == 429:
                limited_at = attempt
                break
        out.check(
            limited_at is not None,
            f"log-ins spread by nginx over 2 instances x 2 workers "
            f"hit 429 by attempt {LOGIN_MAX_PER_ADDRESS + 1} (counters shared in Redis)",
            f"still {r.status_code} after {LOGIN_MAX_PER_ADDRESS + 1} attempts",
        )
        out.note(f"first 429 at attempt {limited_at} (the run's earlier log-ins count too)")
        forged = [
            (
                await http.post(
                    url,
                    json={"email": "x@example.com", "password": "p"},
                    headers={**head, "X-Forwarded-For": f"203.0.113.{n}"},
                )
            ).status_code
            for n in range(1, 4)
        ]
        out.check(
            forged == [429] * 3,
            "a forged X-Forwarded-For does not escape the limit "
            "(nginx overwrites it; the app believes only nginx)",
            str(forged),
        )
