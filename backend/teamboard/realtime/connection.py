"""One WebSocket as the hub sees it: who it is, what it watches, and how its frames leave.

A broadcast touches every socket, so the common case must be cheap: a socket whose
transport has room takes its frame there and then, inside the broadcasting call. Under
uvicorn (what ``teamboard serve`` runs) the frame is serialised once per broadcast and
written straight to each open socket's transport; under another server, the server's
``send`` of a text frame is stepped by hand (it only suspends for flow control). Only a
socket that is backlogged gets a bounded queue and a writer task to drain it; a broadcast
then only appends, so a slow client never holds up the others, and when its queue is full
it is cut off instead."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass, field
from types import CoroutineType
from typing import Any

from starlette.types import Message, Send
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from teamboard.core.actor import Actor
from teamboard.realtime.budget import Budget

SLOW_CLIENT = 1013  # "try again later": it reconnects and resumes from its last seq
POLICY = 1008
SEND_FAILED = 1011
GOING_AWAY = 1001  # server shutting down: the client reconnects, to another instance


WIRE = "teamboard.wire"


def text_frame(text: str) -> Message:
    """The ASGI message for one text frame, which also carries the frame as it goes on the
    wire (a server's frames are not masked). Servers only read a message, so a broadcast
    builds it once and hands the same one to every socket."""
    frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False)
    return {"type": "websocket.send", "text": text, WIRE: frame}


def _wire_of(send: Send) -> WebSocketsSansIOProtocol | None:
    """uvicorn's protocol behind ``send``, when ``send`` is that server's own method."""
    protocol = getattr(send, "__self__", None)
    return protocol if isinstance(protocol, WebSocketsSansIOProtocol) else None


@dataclass(frozen=True, slots=True)
class Credential:
    """How the socket was opened, to re-check it when its user's credentials change."""

    session_token: str | None = None
    auth_epoch: int | None = None  # set when opened with a ticket


@dataclass(slots=True)
class Watch:
    """A board being watched. While ``joining``, live events wait in ``held`` until the
    backlog before them has been sent."""

    joining: bool = True
    held: list[tuple[int, Message]] = field(default_factory=list)


class _Rest:
    """The rest of a send coroutine that was stepped by hand and suspended on ``waiting``
    (what it yielded to us, e.g. the future of the transport becoming writable). Awaited
    in a task, it behaves as if that task had driven the coroutine from the start."""

    __slots__ = ("step", "waiting")

    def __init__(self, step: Coroutine[Any, Any, None], waiting: Any) -> None:
        self.step = step
        self.waiting = waiting

    def __await__(self) -> Generator[Any, Any, None]:
        try:
            yield self.waiting
        except BaseException:
            self.step.close()  # cancelled while it waited: it never continues
            raise
        yield from self.step.__await__()


class Connection:
    def __init__(
        self,
        actor: Actor,
        credential: Credential,
        queue_size: int,
        send: Send,
        budget: Budget | None = None,
    ) -> None:
        self.actor = actor
        self.credential = credential
        self.budget = budget or Budget()
        self.watching: dict[int, Watch] = {}
        self.closed = False
        self.close_code = 1000
        self.close_reason = ""
        # Set by the endpoint: ends the socket's task (it is reading) when another task
        # closes it; the socket's own task stops reading when it sees ``closed``.
        self.on_close: Callable[[], object] | None = None
        self._send = send  # the ASGI server's own: no wrapper between a broadcast and it
        self._wire = _wire_of(send)
        self._pending: deque[Message] = deque()
        self._limit = queue_size
        self._writer: asyncio.Task[None] | None = None  # only while backlogged
        self._stopped = False

    def send(self, text: str) -> None:
        self.send_frame(text_frame(text))

    def send_frame(self, message: Message) -> None:
        if self.closed or self._stopped:
            return
        if self._writer is not None:  # backlogged: behind what already waits, in order
            if len(self._pending) >= self._limit:
                self.close(SLOW_CLIENT, "too slow to keep up")
            else:
                self._pending.append(message)
            return
        wire = self._wire
        if (
            wire is not None
            and wire.writable.is_set()
            and wire.conn.state is State.OPEN
            and not (wire.close_sent or wire.disconnected or wire.transport.is_closing())
        ):
            # What uvicorn's send would do for an open socket with room, minus framing the
            # same text again for every socket: the prebuilt frame goes to its transport.
            frame = message.get(WIRE)
            if frame is not None:
                wire.transport.write(frame)
                return
        step = self._send(message)
        if type(step) is not CoroutineType:  # not a coroutine: nothing to step by hand
            self._writer = asyncio.get_running_loop().create_task(self._write(step))
            return
        try:
            waiting = step.send(None)
        except StopIteration:
            return  # written to the transport
        except Exception:
            self.close(SEND_FAILED, "send failed")  # the peer left: its reader sees it too
            return
        # Flow control: the transport's buffer is full. A writer finishes this frame
        # once it drains, then whatever queues up meanwhile.
        self._writer = asyncio.get_running_loop().create_task(self._write(_Rest(step, waiting)))

    def deliver(self, board_id: int, seq: int, message: Message) -> None:
        """A board event: held while the board's backlog is being sent."""
        watch = self.watching.get(board_id)
        if watch is None:
            return
        if watch.joining:
            watch.held.append((seq, message))
        else:
            self.send_frame(message)

    def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            self.close_code, self.close_reason = code, reason
            if self.on_close is not None:
                self.on_close()

    def stop(self) -> None:
        """The socket is ending: nothing more is sent (what is queued is dropped), and a
        failed send can no longer cancel the endpoint's task while it cleans up."""
        self._stopped = True
        self._pending.clear()
        if self._writer is not None:
            self._writer.cancel()

    async def _write(self, first: Any) -> None:
        try:
            await first
            while self._pending:
                await self._send(self._pending.popleft())
        except Exception:
            self.close(SEND_FAILED, "send failed")
        else:
            self._writer = None  # caught up: frames go straight out again
