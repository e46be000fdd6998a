"""The WebSocket baseline: the naive broadcast every fan-out is compared against.

``/ws`` accepts a socket, keeps it in a set and says so; ``POST /publish`` sends one
~600-byte JSON message shaped like a card-move event to every socket, one
``await send_text`` after the other, and answers once they are all written. No auth, no
database, no queues: what is left is uvicorn, the WebSocket implementation and the event
loop, served with the same flags as ``teamboard serve`` (see bench/lib/ws_servers.py).
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

sockets: set[WebSocket] = set()
state = {"seq": 0}


def _message(seq: int) -> str:
    return json.dumps(
        {
            "type": "card.moved",
            "board_id": 1,
            "seq": seq,
            "actor": {"id": 1, "display_name": "Bench"},
            "data": {
                "card_id": 17,
                "title": "Card 17: something that needs doing",
                "from_column_id": 1,
                "column_id": 2,
                "position": 0,
                "ranks": {str(i): i for i in range(40, 80)},
            },
            "at": datetime.now(UTC).isoformat(),
        },
        separators=(",", ":"),
    )


async def live(websocket: WebSocket) -> None:
    await websocket.accept()
    sockets.add(websocket)
    try:
        await websocket.send_text('{"type":"subscribed","board_id":1,"seq":0}')
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        sockets.discard(websocket)


async def publish(_request: Request) -> JSONResponse:
    state["seq"] += 1
    text = _message(state["seq"])
    for websocket in list(sockets):
        with contextlib.suppress(Exception):  # a socket closing meanwhile
            await websocket.send_text(text)
    return JSONResponse({"seq": state["seq"], "sent": len(sockets), "bytes": len(text)})


async def healthz(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[
        WebSocketRoute("/ws", live),
        Route("/publish", publish, methods=["POST"]),
        Route("/healthz", healthz),
    ]
)
