"""The daily digest: sent once per user and day however many processes race for it, after
a restart neither again nor skipped, and what each covered is written down."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from devkit.smtp import SmtpServer
from teamboard.core.runtime import Runtime
from teamboard.notifications.digest import Digests, digest_moment, send_digest
from teamboard.notifications.models import Notification, NotificationDigest
from teamboard.wiring import build_runtime
from tests.support.api import Api
from tests.support.notifications import Team, choose, mail_to, next_digest_time, send_mail


def test_the_digest_moment_is_the_latest_hour_passed() -> None:
    at = datetime(2026, 3, 10, 6, 59, tzinfo=UTC)
    assert digest_moment(at, 7) == datetime(2026, 3, 9, 7, tzinfo=UTC)
    assert digest_moment(at.replace(hour=7, minute=0), 7) == datetime(2026, 3, 10, 7, tzinfo=UTC)
    assert digest_moment(at.replace(hour=23), 0) == datetime(2026, 3, 10, 0, tzinfo=UTC)


async def _daily_mentions(api: Api, team: Team, count: int, card_title: str = "Task") -> None:
    card = await api.card(team.owner, team.column_id, card_title)
    for n in range(count):
        await api.comment(team.owner, card["id"], f"@mate note {card_title} {n}")


async def _digests(runtime: Runtime) -> list[NotificationDigest]:
    async with runtime.db.session() as db:
        return list(await db.scalars(select(NotificationDigest).order_by(NotificationDigest.id)))


async def test_racing_processes_send_one_digest(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    await choose(api, team.mate, mentions="daily")
    await choose(api, team.other, mentions="daily")
    card = await api.card(team.owner, team.column_id, "Task")
    await api.comment(team.owner, card["id"], "@mate and @otto, see this")
    others = [build_runtime(runtime.settings) for _ in range(2)]
    try:
        at = next_digest_time()
        tasks = [Digests(rt.settings, rt.db) for rt in (runtime, *others)]
        sent = await asyncio.gather(*(task.turn(at) for task in tasks))
        assert sum(sent) == 2  # one each for Mate and Otto, whoever sent them
        assert sum(await asyncio.gather(*(task.turn(at) for task in tasks))) == 0
    finally:
        for other in others:
            await other.close()
    await send_mail(runtime)
    assert len(smtp.wait_for(1, to=team.mate["X-Email"])) == 1
    assert len(smtp.wait_for(1, to=team.other["X-Email"])) == 1
    await asyncio.sleep(0.2)
    assert len(mail_to(smtp, team.mate)) == len(mail_to(smtp, team.other)) == 1


async def test_the_unique_digest_holds_without_the_lease(
    api: Api, team: Team, runtime: Runtime
) -> None:
    """Two processes past the lease (it ran out mid-turn): one digest all the same."""
    await choose(api, team.mate, mentions="daily")
    await _daily_mentions(api, team, 3)
    other = build_runtime(runtime.settings)
    try:
        moment = digest_moment(next_digest_time(), runtime.settings.digest_hour_utc)
        async with runtime.db.session() as one, other.db.session() as two:
            done = await asyncio.gather(
                send_digest(one, team.id(team.mate), moment),
                send_digest(two, team.id(team.mate), moment),
            )
        assert sorted(done) == [0, 1]
    finally:
        await other.close()
    [digest] = await _digests(runtime)
    assert digest.items == 3


async def test_a_restart_neither_repeats_nor_skips(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer, migrated: str
) -> None:
    await choose(api, team.mate, mentions="daily")
    await _daily_mentions(api, team, 2, "Monday")
    day_one = next_digest_time()
    assert await Digests(runtime.settings, runtime.db).turn(day_one) == 1

    # More arrives after the digest; then the process restarts, on the same day.
    await _daily_mentions(api, team, 1, "Tuesday")
    restarted = build_runtime(runtime.settings)
    try:
        task = Digests(restarted.settings, restarted.db)
        assert await task.turn(day_one + timedelta(hours=1)) == 0  # not again today
        # Down through the next digest hour: the first turn after it sends what waited.
        assert await task.turn(day_one + timedelta(days=1, hours=5)) == 1
        assert await task.turn(day_one + timedelta(days=1, hours=6)) == 0
    finally:
        await restarted.close()

    await send_mail(runtime)
    first, second = smtp.wait_for(2, to=team.mate["X-Email"])
    assert "Monday" in first.text and "Tuesday" not in first.text
    assert "Tuesday" in second.text and "Monday" not in second.text
    # What each digest covered is kept: every notification points to its digest.
    digests = await _digests(runtime)
    assert [d.items for d in digests] == [2, 1]
    assert digests[1].due_at - digests[0].due_at == timedelta(days=1)
    async with runtime.db.session() as db:
        covered = list(
            await db.execute(
                select(Notification.digest_id, Notification.mail).order_by(Notification.id)
            )
        )
    assert covered == [
        (digests[0].id, "digested"),
        (digests[0].id, "digested"),
        (digests[1].id, "digested"),
    ]


async def test_a_digest_lists_the_first_fifty_and_counts_the_rest(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    await choose(api, team.mate, mentions="daily")
    await _daily_mentions(api, team, 53)
    assert await Digests(runtime.settings, runtime.db).turn(next_digest_time()) == 1
    await send_mail(runtime)
    [digest] = smtp.wait_for(1, to=team.mate["X-Email"])
    assert digest.header("Subject") == "Your Teamboard digest: 53 notifications"
    assert "…and 3 more" in digest.text
    assert "note Task 49" in digest.text and "note Task 50" not in digest.text
