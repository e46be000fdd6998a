"""A bare-bones WebSocket client on an asyncio Protocol, for the load generator.

A full client library spends more CPU per received frame than the server spends sending
it, and a few thousand of them in one process then measure the client. This one does
the RFC 6455 handshake, reads unmasked server frames straight from ``data_received``
(no task, no queue per socket), answers pings and notes each event's seq and receipt
time. The servers under test speak to it exactly as to a browser: no extension is
offered, so none is negotiated."""

from __future__ import annotations

import asyncio
import base64
import os
import re
import struct
import time
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

SEQ = re.compile(rb'"seq":(\d+)')
EVENT = b'"type":"card.moved"'
SUBSCRIBED = b'"type":"subscribed"'
ZERO_MASK = b"\x00\x00\x00\x00"  # a valid mask; it leaves the payload as it is


def frame(opcode: int, payload: bytes) -> bytes:
    """A client frame (clients must mask; the mask key is ours to choose)."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    return head + ZERO_MASK + payload


class Subscriber(asyncio.Protocol):
    def __init__(self, on_event: Callable[[int, float, int], None]) -> None:
        self.on_event = on_event  # (seq, receipt time, frame bytes)
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = False
        loop = asyncio.get_running_loop()
        self.upgrade: asyncio.Future[None] = loop.create_future()
        self.ready: asyncio.Future[None] = loop.create_future()  # "subscribed" came
        self.closed = False
        self.why_closed = ""  # once subscribed, how the socket ended, if it did
        self.subscribe = ""  # the subscribe message, sent again after "unavailable"
        self.retries = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but have its methods.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.why_closed = self.why_closed or f"connection lost ({exc})"
        self._fail(f"closed before subscribing ({exc})")

    def _fail(self, why: str) -> None:
        self.why_closed = self.why_closed or why
        for future in (self.upgrade, self.ready):
            if not future.done():
                future.set_exception(ConnectionError(why))
                future.exception()  # retrieved: one failure, reported once by the caller
        if self.transport is not None and not self.closed:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self.buffer[: self.buffer.find(b"\r\n")])
            if b" 101 " not in status:
                self._fail(f"handshake refused: {status.decode(errors='replace')}")
                return
            self.upgraded = True
            del self.buffer[: end + 4]
            self.upgrade.set_result(None)
        self._frames(now)

    def _frames(self, now: float) -> None:
        buf = self.buffer
        while len(buf) >= 2:
            opcode, size, start = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if size == 126:
                if len(buf) < 4:
                    return
                size, start = struct.unpack_from("!H", buf, 2)[0], 4
            elif size == 127:
                if len(buf) < 10:
                    return
                size, start = struct.unpack_from("!Q", buf, 2)[0], 10
            if len(buf) < start + size:
                return
            payload = bytes(buf[start : start + size])
            del buf[: start + size]
            if opcode == 0x1:
                self._text(payload, now)
            elif opcode == 0x9 and self.transport is not None:
                self.transport.write(frame(0xA, payload))  # pong
            elif opcode == 0x8:
                self._fail(f"closed by the server: {payload[:2].hex()} {payload[2:]!r}")
                return

    def _text(self, payload: bytes, now: float) -> None:
        if EVENT in payload:
            match = SEQ.search(payload)
            if match:
                self.on_event(int(match[1]), now, len(payload))
        elif SUBSCRIBED in payload and not self.ready.done():
            self.ready.set_result(None)
        elif b'"type":"error"' in payload:
            if b'"code":"unavailable"' in payload and self.subscribe and self.retries < 3:
                # What the protocol asks of a client: try again shortly.
                self.retries += 1
                asyncio.get_running_loop().call_later(0.5, self.send_text, self.subscribe)
                return
            self._fail(payload.decode(errors="replace"))

    def send_text(self, text: str) -> None:
        if self.transport is not None and not self.closed:
            self.transport.write(frame(0x1, text.encode()))

    def close(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.write(frame(0x8, struct.pack("!H", 1000)))
            self.transport.close()


async def open_subscriber(
    url: str,
    origin: str,
    cookie: str | None,
    on_event: Callable[[int, float, int], None],
) -> Subscriber:
    """Connects and sends the upgrade request; the caller awaits ``upgrade``, subscribes
    and awaits ``ready``."""
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_connection(
        lambda: Subscriber(on_event), parts.hostname or "127.0.0.1", parts.port or 80
    )
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {parts.path or '/'} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        f"Origin: {origin}",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    assert protocol.transport is not None
    protocol.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    return protocol
