"""A real SMTP server on a loopback port (aiosmtpd, in a thread of the test process) that
keeps every message it accepts, parsed; it can be stopped and started again on the same
port (a mail server outage and its end) and told to refuse (a 4xx or 5xx to every
message)."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from devkit.ports import HOST, free_port


@dataclass(frozen=True, slots=True)
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    def header(self, name: str) -> str:
        return str(self.message.get(name, ""))


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    # aiosmtpd calls it by this name.
    async def handle_DATA(self, _smtp: SMTP, _session: Session, envelope: Envelope) -> str:
        if self.server.refuse is not None:
            return self.server.refuse
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode()
        parsed: Any = email.message_from_bytes(data, policy=email.policy.default)
        with self.server.lock:
            self.server.received.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), parsed)
            )
        return "250 OK: queued"


class SmtpServer:
    """``SmtpServer().up()``; ``url`` is what ``TEAMBOARD_SMTP_URL`` takes."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"smtp://{HOST}:{self.port}"
        self.received: list[Received] = []
        self.lock = threading.Lock()
        # An SMTP reply to give every message instead of accepting it, e.g. "451 busy".
        self.refuse: str | None = None
        self._controller: Controller | None = None

    def up(self) -> SmtpServer:
        self._controller = Controller(_Handler(self), hostname=HOST, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self, to: str | None = None) -> list[Received]:
        with self.lock:
            return [m for m in self.received if to is None or to in m.recipients]

    def wait_for(self, count: int, to: str | None = None, timeout: float = 10.0) -> list[Received]:
        """At least ``count`` messages (to ``to``), waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages(to)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)
