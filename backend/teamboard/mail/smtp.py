"""Talking to the mail server (aiosmtplib): ``TEAMBOARD_SMTP_URL`` is
``smtp://user:password@host:587`` (STARTTLS whenever the server offers it) or
``smtps://…:465`` (TLS from the first byte). Every call is bounded by
``TEAMBOARD_SMTP_TIMEOUT_SECONDS``."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from teamboard.core.config import Settings
from teamboard.mail.outbox import Outcome


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    username: str | None
    password: str | None
    timeout: float

    @classmethod
    def of(cls, settings: Settings) -> SmtpServer | None:
        if not settings.smtp_url:
            return None
        parts = urlsplit(settings.smtp_url)
        implicit = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if implicit else 587),
            implicit_tls=implicit,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=settings.smtp_timeout_seconds,
        )

    async def send(self, message: EmailMessage) -> str:
        """The server's answer to the message; raises aiosmtplib's errors."""
        _errors, answer = await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            use_tls=self.implicit_tls,
            start_tls=None if not self.implicit_tls else False,
            username=self.username,
            password=self.password,
            timeout=self.timeout,
        )
        return answer

    async def deliver(self, message: EmailMessage) -> Outcome:
        """Sent, or why not: a refusal with a 5xx code is final, anything else (the server
        away, a timeout, a 4xx) is worth another try later."""
        try:
            await self.send(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [refused.code for refused in exc.recipients]
            final = bool(codes) and all(500 <= code < 600 for code in codes)
            return Outcome(False, f"recipient refused: {exc}", final=final)
        except aiosmtplib.SMTPResponseException as exc:
            return Outcome(False, f"{exc.code} {exc.message}", final=500 <= exc.code < 600)
        except (aiosmtplib.SMTPException, OSError) as exc:
            return Outcome(False, f"{type(exc).__name__}: {exc}")
        return Outcome(True)
