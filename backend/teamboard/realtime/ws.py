"""The ``/ws`` endpoint: check the Origin, authenticate, then hand messages to the hub."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from pydantic import ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from teamboard.accounts.deps import SESSION_COOKIE
from teamboard.core.errors import AppError, Unavailable
from teamboard.core.http import problem, ws_close_code
from teamboard.core.messages import describe
from teamboard.core.outages import database_unavailable
from teamboard.core.runtime import Runtime
from teamboard.realtime.auth import authenticate_socket
from teamboard.realtime.budget import OverBudget
from teamboard.realtime.connection import POLICY, Connection
from teamboard.realtime.hub import Hub
from teamboard.realtime.protocol import Ping, Subscribe, client_message, encode, error

log = logging.getLogger(__name__)


class LiveSockets:
    """Takes ``/ws`` straight to its endpoint, ahead of the HTTP middleware and the router:
    a socket lives for hours, and every layer it passed through stays suspended on its
    stack for as long (memory per connection is the scaling limit of fan-out)."""

    def __init__(self, app: ASGIApp, *, path: str = "/ws") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == self.path:
            await live(WebSocket(scope, receive, send), send)
        else:
            await self.app(scope, receive, send)


async def live(websocket: WebSocket, send: Send) -> None:
    rt: Runtime = websocket.app.state.runtime
    hub: Hub = websocket.app.state.hub
    # Browsers send Origin on every handshake, and no CORS rule covers WebSockets: a
    # page of another site must not ride on the user's cookie (closing before accept
    # answers the handshake with 403).
    origin = websocket.headers.get("origin")
    if origin is not None and origin.lower() not in rt.settings.allowed_origins:
        await websocket.close(code=POLICY)
        return
    try:
        async with rt.db.session() as db:
            actor, credential = await authenticate_socket(
                db,
                session_token=websocket.cookies.get(SESSION_COOKIE),
                ticket=websocket.query_params.get("ticket"),
                require_two_factor=rt.settings.require_two_factor,
            )
    except AppError as exc:
        await websocket.close(code=ws_close_code(exc))
        return
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        # As the API would answer: 503 with Retry-After, so the client backs off.
        log.warning("websocket refused, database unavailable: %r", exc)
        down = Unavailable("The database is unavailable; try again shortly")
        await websocket.send_denial_response(
            problem(503, down.title, down.detail, headers={"Retry-After": "5"})
        )
        return
    await websocket.accept()
    # Frames go out through the server's own ``send``: Starlette's wrapper only checks
    # a state we keep anyway, at a cost paid for every socket of every broadcast.
    connection = Connection(actor, credential, hub.queue_size, send, hub.budget())
    me = asyncio.current_task()

    def stop_reading() -> None:
        # Another task closed it (the hub: slow socket, ended credentials, shutdown): the
        # read it waits in is cancelled. Closed by this task itself, the loop just ends.
        if me is not None and asyncio.current_task() is not me:
            me.cancel()

    connection.on_close = stop_reading
    hub.attach(connection)
    try:
        await _read(websocket, hub, connection)
    except asyncio.CancelledError:
        if not connection.closed or me is None:
            raise  # the server is stopping
        me.uncancel()  # the hub closed it (slow, or its credentials ended)
    finally:
        connection.stop()
        await hub.detach(connection)
    if connection.closed:
        with contextlib.suppress(Exception):
            close = websocket.close(connection.close_code, connection.close_reason)
            await asyncio.wait_for(close, timeout=1)


async def _read(websocket: WebSocket, hub: Hub, connection: Connection) -> None:
    while not connection.closed:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is None:
            connection.send(error("invalid", "Send JSON text frames"))
            continue
        try:
            request = client_message.validate_json(text)
        except ValidationError as exc:
            connection.send(error("invalid", describe(exc.errors()[0])["msg"]))
            continue
        if isinstance(request, Ping):
            connection.send(encode({"type": "pong"}))
        elif isinstance(request, Subscribe):
            try:
                await hub.subscribe(connection, request.board_id, request.since)
            except OverBudget as exc:
                if connection.budget.refused():
                    connection.close(POLICY, "too many subscribe messages")
                else:
                    told = error(
                        exc.code, exc.detail, request.board_id, retry_after=exc.retry_after
                    )
                    connection.send(told)
            except AppError as exc:
                connection.send(error(exc.code, exc.detail, request.board_id))
            except Exception:  # the database is away: the client may retry, as after a 503
                log.exception("subscribing to board %s failed", request.board_id)
                connection.send(error("unavailable", "Try again shortly", request.board_id))
        else:
            await hub.unsubscribe(connection, request.board_id)
            connection.send(encode({"type": "unsubscribed", "board_id": request.board_id}))
