"""The sender: one background task (core/runner.py) that sends what the outbox holds."""

from __future__ import annotations

import logging

from teamboard.core.config import Settings
from teamboard.core.db import Database
from teamboard.core.metrics import MAIL_FAILURES, MAIL_QUEUED, MAIL_SENT
from teamboard.core.runner import Task
from teamboard.mail.compose import as_email
from teamboard.mail.models import OutboxMessage
from teamboard.mail.outbox import MAX_ATTEMPTS, claim, settle, waiting
from teamboard.mail.smtp import SmtpServer

log = logging.getLogger(__name__)
TASK = "mail"
MAX_PER_TURN = 500  # then the next turn: other tasks and shutdown are not held up


class MailSender:
    def __init__(self, settings: Settings, db: Database, smtp: SmtpServer | None) -> None:
        self.settings = settings
        self.db = db
        self.smtp = smtp

    def task(self) -> Task:
        return Task(TASK, self.settings.mail_poll_seconds, self.turn)

    async def turn(self) -> None:
        async with self.db.session() as db:
            MAIL_QUEUED.set(await waiting(db))
        if self.smtp is None:  # no server configured: messages wait for /admin/mail
            return
        sent = 0
        while sent < MAX_PER_TURN:
            async with self.db.session() as db:
                batch = await claim(db)
            if not batch:
                return
            for message in batch:
                await self._send(message)
                sent += 1

    async def _send(self, message: OutboxMessage) -> None:
        assert self.smtp is not None
        email = as_email(
            message_id=message.message_id,
            mail_from=self.settings.mail_from,
            to=message.to_address,
            subject=message.subject,
            text=message.text_body,
            html=message.html_body,
            headers=message.headers,
        )
        outcome = await self.smtp.deliver(email)
        if outcome.sent:
            MAIL_SENT.inc()
        else:
            final = outcome.final or message.attempts >= MAX_ATTEMPTS
            MAIL_FAILURES.labels("given_up" if final else "retried").inc()
            log.warning(
                "mail %s to %s not sent (attempt %s): %s",
                message.id,
                message.to_address,
                message.attempts,
                outcome.error,
            )
        async with self.db.session() as db:
            await settle(db, message.id, message.attempts, outcome)
