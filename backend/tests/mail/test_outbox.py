"""The outbox: a message is queued with the change that causes it, sent by the background
sender over real SMTP, retried while the server is away, given up on a refusal, and sent
once however many senders run."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update

from devkit.smtp import SmtpServer
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.mail.compose import compose
from teamboard.mail.models import OutboxMessage
from teamboard.mail.outbox import MAX_ATTEMPTS, queue
from teamboard.mail.sender import MailSender
from teamboard.mail.smtp import SmtpServer as Smtp
from teamboard.wiring import build_runtime


def _letter(runtime: Runtime, to: str = "ada@example.com", n: int = 1) -> object:
    return compose("test", to=to, subject=f"Hello {n}", base_url=runtime.settings.base_url)


async def _queue(runtime: Runtime, count: int = 1, *, commit: bool = True) -> None:
    async with runtime.db.session() as db:
        try:
            async with db.transaction():
                for n in range(count):
                    queue(db, runtime.settings, _letter(runtime, n=n), kind="test")  # type: ignore[arg-type]
                if not commit:
                    raise RuntimeError("the change failed")
        except RuntimeError:
            pass


def _sender(runtime: Runtime) -> MailSender:
    return MailSender(runtime.settings, runtime.db, Smtp.of(runtime.settings))


async def _rows(runtime: Runtime) -> list[OutboxMessage]:
    async with runtime.db.session() as db:
        return list(await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_a_committed_message_is_sent_with_both_parts(
    runtime: Runtime, smtp: SmtpServer
) -> None:
    await _queue(runtime)
    await _sender(runtime).turn()
    [received] = smtp.wait_for(1)
    assert received.recipients == ["ada@example.com"]
    assert received.header("Subject") == "Hello 0"
    assert received.header("From") == "Teamboard <board@teamboard.test>"
    assert received.header("Message-ID").endswith("@teamboard.test>")
    assert "reaches this address" in received.text
    assert "<p>This is a test message from Teamboard.</p>" in received.html
    [row] = await _rows(runtime)
    assert row.sent_at is not None and row.attempts == 1
    assert row.message_id == received.header("Message-ID")


async def test_a_message_of_a_change_that_rolled_back_is_never_sent(
    runtime: Runtime, smtp: SmtpServer
) -> None:
    await _queue(runtime, commit=False)
    await _sender(runtime).turn()
    assert await _rows(runtime) == []
    assert smtp.messages() == []


async def test_the_server_away_means_later_and_nothing_lost(
    runtime: Runtime, smtp: SmtpServer
) -> None:
    smtp.stop()
    await _queue(runtime, 2)
    await _sender(runtime).turn()
    rows = await _rows(runtime)
    assert [r.attempts for r in rows] == [1, 1] and all(r.sent_at is None for r in rows)
    assert all(r.send_after > utcnow() + timedelta(seconds=20) for r in rows)  # backoff
    assert all(
        "Connect" in (r.last_error or "") or "refused" in (r.last_error or "").lower() for r in rows
    )
    await _sender(runtime).turn()  # not due yet: not tried again
    assert [r.attempts for r in await _rows(runtime)] == [1, 1]

    smtp.up()
    async with runtime.db.session() as db, db.transaction():
        await db.execute(update(OutboxMessage).values(send_after=utcnow()))
    await _sender(runtime).turn()
    assert len(smtp.wait_for(2)) == 2
    assert all(r.sent_at is not None for r in await _rows(runtime))


async def test_a_refusal_for_good_is_not_retried_and_a_busy_server_is(
    runtime: Runtime, smtp: SmtpServer
) -> None:
    smtp.refuse = "451 4.3.0 try again later"
    await _queue(runtime)
    await _sender(runtime).turn()
    [row] = await _rows(runtime)
    assert row.failed_at is None and row.sent_at is None and "451" in (row.last_error or "")

    smtp.refuse = "550 5.1.1 no such mailbox"
    async with runtime.db.session() as db, db.transaction():
        await db.execute(update(OutboxMessage).values(send_after=utcnow()))
    await _sender(runtime).turn()
    [row] = await _rows(runtime)
    assert row.failed_at is not None and "550" in (row.last_error or "")
    assert row.attempts == 2 < MAX_ATTEMPTS


async def test_without_a_mail_server_messages_wait(runtime: Runtime) -> None:
    settings = runtime.settings.model_copy(update={"smtp_url": ""})
    await _queue(runtime)
    await MailSender(settings, runtime.db, Smtp.of(settings)).turn()
    [row] = await _rows(runtime)
    assert row.attempts == 0 and row.sent_at is None


@pytest.mark.parametrize("senders", [3])
async def test_several_senders_send_each_message_once(
    runtime: Runtime, smtp: SmtpServer, migrated: str, data_dir: object, senders: int
) -> None:
    others = [build_runtime(runtime.settings) for _ in range(senders - 1)]
    try:
        await _queue(runtime, 30)
        everyone = [_sender(runtime), *(_sender(other) for other in others)]
        await asyncio.gather(*(sender.turn() for sender in everyone))
        received = smtp.wait_for(30)
        ids = [m.header("Message-ID") for m in received]
        assert len(ids) == 30 and len(set(ids)) == 30
        assert all(r.sent_at is not None and r.attempts == 1 for r in await _rows(runtime))
    finally:
        for other in others:
            await other.close()


async def test_messages_go_out_in_the_order_they_were_queued(
    runtime: Runtime, smtp: SmtpServer
) -> None:
    # Where a row lies is not when it came: on PostgreSQL, once older rows are gone and
    # their room reused, a newer message can lie before an older one, and a claim's
    # RETURNING gives them in the order it found them.
    await _queue(runtime, 30)
    async with runtime.db.session() as db, db.transaction():
        await db.execute(delete(OutboxMessage).where(OutboxMessage.id <= 20))
    if runtime.db.engine.dialect.name == "postgresql":
        async with runtime.db.engine.connect() as conn:
            await (await conn.execution_options(isolation_level="AUTOCOMMIT")).execute(
                text("VACUUM mail_outbox")
            )
    await _queue(runtime, 10)
    await _sender(runtime).turn()
    subjects = [m.header("Subject") for m in smtp.wait_for(20)]
    assert subjects == [f"Hello {n}" for n in (*range(20, 30), *range(10))]
