"""Due-date reminders: due today (24 hours before the end of the due day, UTC) and
overdue, each exactly once per card and due date — however many processes race, across
restarts — and a moved due date gets reminders of its own while the old date's never
fire."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, text

from devkit.smtp import SmtpServer
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.notifications.models import CardReminder
from teamboard.notifications.reminders import Due, Reminders, due_reminders, fire, scan
from teamboard.wiring import build_runtime
from tests.support.api import Api, auth
from tests.support.app import BACKEND
from tests.support.notifications import Team, choose, mail_to, notes, send_mail


def _on(day: date, hours: int = 12) -> datetime:
    return datetime.combine(day, time(hours), tzinfo=utcnow().tzinfo)


async def _card(api: Api, team: Team, due: date | None, title: str = "Report") -> dict[str, object]:
    return await api.card(
        team.owner,
        team.column_id,
        title,
        due_date=due.isoformat() if due else None,
        assignee_ids=[team.id(team.mate), team.id(team.other)],
    )


async def _set_due(api: Api, team: Team, card_id: object, due: date | None) -> None:
    r = await api.client.patch(
        f"/api/v1/cards/{card_id}",
        json={"due_date": due.isoformat() if due else None},
        headers=auth(team.owner),
    )
    assert r.status_code == 200, r.text


async def _fired(runtime: Runtime) -> list[tuple[str, date]]:
    async with runtime.db.session() as db:
        rows = await db.execute(
            select(CardReminder.kind, CardReminder.due_date).order_by(CardReminder.id)
        )
        return [(kind, due) for kind, due in rows]


async def _kinds(api: Api, who: dict[str, str]) -> list[tuple[str, str | None]]:
    """The reminders among ``who``'s notifications (being assigned told them too)."""
    found = [(n["kind"], n["due_date"]) for n in reversed(await notes(api, who))]
    return [(kind, due) for kind, due in found if kind in ("due_soon", "overdue")]


def _reminder_mail(smtp: SmtpServer, who: dict[str, str]) -> list[str]:
    subjects = [m.header("Subject") for m in mail_to(smtp, who)]
    return [s for s in subjects if "is due" in s or "is overdue" in s]


async def test_due_today_reminds_the_assignees_once_with_a_mail(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    today = utcnow().date()
    await _card(api, team, today)
    await choose(api, team.other, due_dates="off")
    reminders = Reminders(runtime.settings, runtime.db)
    assert await reminders.turn() == 1
    assert await reminders.turn() == 0
    for who in (team.mate, team.other):
        assert await _kinds(api, who) == [("due_soon", today.isoformat())]
    assert await _kinds(api, team.owner) == []  # not assigned
    await send_mail(runtime)
    [_assigned, message] = smtp.wait_for(2, to=team.mate["X-Email"])
    assert message.header("Subject") == f"“Report” is due today ({today.isoformat()})"
    assert message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert _reminder_mail(smtp, team.other) == []  # chose off: in the app only


async def test_overdue_fires_once_and_never_due_today_after_the_day(
    api: Api, team: Team, runtime: Runtime
) -> None:
    yesterday = utcnow().date() - timedelta(days=1)
    await _card(api, team, yesterday)
    await _card(api, team, utcnow().date() - timedelta(days=8), "Ancient")  # past the week
    await _card(api, team, utcnow().date() + timedelta(days=1), "Tomorrow")
    reminders = Reminders(runtime.settings, runtime.db)
    assert await reminders.turn() == 1
    assert await reminders.turn() == 0
    assert await _fired(runtime) == [("overdue", yesterday)]
    assert await _kinds(api, team.mate) == [("overdue", yesterday.isoformat())]


async def test_racing_processes_fire_each_reminder_once(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    today = utcnow().date()
    for n in range(5):
        await _card(api, team, today, f"Card {n}")
    others = [build_runtime(runtime.settings) for _ in range(2)]
    try:
        tasks = [Reminders(rt.settings, rt.db) for rt in (runtime, *others)]
        assert sum(await asyncio.gather(*(task.turn() for task in tasks))) == 5
        assert sum(await asyncio.gather(*(task.turn() for task in tasks))) == 0
    finally:
        for other in others:
            await other.close()
    assert len(await _kinds(api, team.mate)) == 5
    await send_mail(runtime)
    assert len(smtp.wait_for(10, to=team.mate["X-Email"])) == 10  # assigned, and due
    await asyncio.sleep(0.2)
    assert len(_reminder_mail(smtp, team.mate)) == 5


async def test_the_unique_key_holds_without_the_lease(
    api: Api, team: Team, runtime: Runtime
) -> None:
    """Two processes past the lease, firing the same reminder at once: one fires."""
    today = utcnow().date()
    card = await _card(api, team, today)
    other = build_runtime(runtime.settings)
    now = utcnow()
    try:
        async with runtime.db.session() as one, other.db.session() as two:
            [due] = await due_reminders(one, now)
            assert due == Due(int(str(card["id"])), today, "due_soon")
            done = await asyncio.gather(fire(one, due, now), fire(two, due, now))
        assert sorted(done) == [0, 1]
    finally:
        await other.close()
    assert await _kinds(api, team.mate) == [("due_soon", today.isoformat())]


async def test_a_moved_due_date_gets_its_own_reminders_and_the_old_never_fire(
    api: Api, team: Team, runtime: Runtime
) -> None:
    today = utcnow().date()
    card = await _card(api, team, today)
    assert await Reminders(runtime.settings, runtime.db).turn() == 1  # due today

    later = today + timedelta(days=2)
    await _set_due(api, team, card["id"], later)
    # Each day through the new date's, each turn by a freshly started process.
    fired = []
    for day in range(4):
        restarted = build_runtime(runtime.settings)
        try:
            task = Reminders(restarted.settings, restarted.db)
            at = _on(today + timedelta(days=day))
            fired.append(await task.turn(at) + await task.turn(at + timedelta(hours=6)))
        finally:
            await restarted.close()
    # Today: already done; tomorrow: the old date would be overdue, but it moved; the
    # day after: due today; the next: overdue. Each once.
    assert fired == [0, 0, 1, 1]
    assert await _fired(runtime) == [("due_soon", today), ("due_soon", later), ("overdue", later)]
    assert await _kinds(api, team.mate) == [
        ("due_soon", today.isoformat()),
        ("due_soon", later.isoformat()),
        ("overdue", later.isoformat()),
    ]


async def test_a_date_moved_away_and_back_does_not_remind_again(
    api: Api, team: Team, runtime: Runtime
) -> None:
    today = utcnow().date()
    card = await _card(api, team, today)
    reminders = Reminders(runtime.settings, runtime.db)
    assert await reminders.turn() == 1
    await _set_due(api, team, card["id"], today + timedelta(days=3))
    await _set_due(api, team, card["id"], today)
    assert await reminders.turn() == 0


async def test_no_reminder_without_assignees_or_when_archived_until_that_changes(
    api: Api, team: Team, runtime: Runtime
) -> None:
    today = utcnow().date()
    lonely = await api.card(team.owner, team.column_id, "Nobody's", due_date=today.isoformat())
    shelved = await _card(api, team, today, "Shelved")
    r = await api.client.patch(
        f"/api/v1/cards/{shelved['id']}", json={"archived": True}, headers=auth(team.owner)
    )
    assert r.status_code == 200
    reminders = Reminders(runtime.settings, runtime.db)
    assert await reminders.turn() == 0
    r = await api.client.patch(
        f"/api/v1/cards/{lonely['id']}",
        json={"assignee_ids": [team.id(team.mate)]},
        headers=auth(team.owner),
    )
    r = await api.client.patch(
        f"/api/v1/cards/{shelved['id']}", json={"archived": False}, headers=auth(team.owner)
    )
    assert await reminders.turn() == 2


async def test_the_scan_reads_the_due_date_index(runtime: Runtime) -> None:
    """The reminders' scan touches the cards due in its window, not the whole table, and
    finds the reminders already fired by their unique key."""
    async with runtime.db.session() as db:
        connection = await db.connection()
        scanning = scan(utcnow().date()).compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        if BACKEND == "postgres":
            # Its planner rightly scans a table this small; asked not to, it must find
            # an index for each part.
            await db.execute(text("SET LOCAL enable_seqscan = off"))
            plan = await db.execute(text(f"EXPLAIN {scanning}"))
        else:
            plan = await db.execute(text(f"EXPLAIN QUERY PLAN {scanning}"))
        steps = " | ".join(str(row) for row in plan)
    assert "ix_cards_due_date" in steps, steps
    assert ("uq_card_reminders" in steps) or ("SEARCH card_reminders USING INDEX" in steps), steps
