"""(f) Mail from a scaled-out set-up: four senders (two instances of two workers each, each
running the background runner on the one PostgreSQL database) deliver every message
exactly once, and a mail server outage loses and doubles nothing; due-date reminders
fire once each, whichever process looks first."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from devkit.api import API, User
from devkit.smtp import SmtpServer
from scaletest.client import client, driver, make_board
from scaletest.cluster import Cluster
from scaletest.report import Out

SIGN_UPS = 12
# The sender retries a failed message after 30 s (then doubling): the outage ends well
# before, so every message must be in within one retry and some slack.
DELIVERY_WITHIN = 75.0
POLL = 1.0  # TEAMBOARD_NOTIFICATIONS_POLL_SECONDS of the instances (cluster.py)
REMINDERS_WITHIN = 20.0


async def _wait_for(smtp: SmtpServer, addresses: set[str], within: float) -> Counter[str]:
    """Messages per address once each address has one (or the time is up)."""
    deadline = time.monotonic() + within
    while True:
        counts = Counter(r for m in smtp.messages() for r in m.recipients if r in addresses)
        if set(counts) >= addresses or time.monotonic() > deadline:
            return counts
        await asyncio.sleep(0.25)


async def _until(done: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        if done() or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.25)


async def mail_once(cluster: Cluster, out: Out) -> None:
    smtp = cluster.smtp
    smtp.stop()
    out.ok("mail server stopped")
    async with client(cluster.public_origin, cluster.tls, timeout=30) as http:
        api = driver(http)
        # Only the first logs in: every client comes from nginx's one address, whose
        # log-in limit the other checks spend too.
        users = [await api.sign_up(f"mail{n}", log_in=n == 0) for n in range(SIGN_UPS)]
        addresses = {u.email for u in users}
        out.ok(f"{SIGN_UPS} sign-ups through nginx, each queuing its confirmation link")
        await asyncio.sleep(3)  # every sender tries, and fails, at least once
        smtp.up()
        out.ok("mail server started again on the same port")
        counts = await _wait_for(smtp, addresses, DELIVERY_WITHIN)
        missing = sorted(addresses - set(counts))
        doubled = sorted(a for a, n in counts.items() if n > 1)
        out.check(
            not missing and not doubled,
            f"every confirmation arrived exactly once ({len(counts)} of {SIGN_UPS})",
            f"missing {missing[:3]}, doubled {doubled[:3]}",
        )
        ids = [m.header("Message-ID") for m in smtp.messages() if set(m.recipients) & addresses]
        out.check(len(ids) == len(set(ids)), "each with its own Message-ID")

        await _reminders_once(cluster, out, http, users[0])


async def _reminders_once(cluster: Cluster, out: Out, http: httpx.AsyncClient, user: User) -> None:
    """A card due today and one overdue, both the user's: each reminder mails once, and a
    moved due date gets its own."""
    api = driver(http)
    board = await make_board(http, user, cards=0)
    column = board["columns"][0]["id"]
    today = datetime.now(UTC).date()  # due dates are days in UTC
    yesterday = today - timedelta(days=1)
    due = {"title": "Due today", "due_date": today.isoformat(), "assignee_ids": [user.id]}
    late = {"title": "Was due", "due_date": yesterday.isoformat(), "assignee_ids": [user.id]}
    card = await api.call(user, "POST", f"{API}/columns/{column}/cards", json=due)
    await api.call(user, "POST", f"{API}/columns/{column}/cards", json=late)
    out.ok("a card due today and one overdue, assigned to their owner")

    def reminders() -> Counter[str]:
        return Counter(
            m.header("Subject")
            for m in cluster.smtp.messages(to=user.email)
            if "is due today" in m.header("Subject") or "is overdue" in m.header("Subject")
        )

    await _until(lambda: len(reminders()) >= 2, REMINDERS_WITHIN)
    await asyncio.sleep(3 * POLL)  # every process has looked again, several times
    counts = reminders()
    out.check(
        len(counts) == 2 and set(counts.values()) == {1},
        "each reminder mailed once by four processes looking every second",
        f"got {dict(counts)}",
    )
    moved = (today - timedelta(days=2)).isoformat()
    await api.call(user, "PATCH", f"{API}/cards/{card['id']}", json={"due_date": moved})
    await _until(lambda: len(reminders()) >= 3, REMINDERS_WITHIN)
    await asyncio.sleep(3 * POLL)
    counts = reminders()
    out.check(
        len(counts) == 3 and set(counts.values()) == {1},
        "a moved due date reminds once more, once",
        f"got {dict(counts)}",
    )
