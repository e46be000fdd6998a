"""SIGTERM to ``teamboard serve``: sockets are told to go away (1001) so that clients
resume elsewhere, an in-flight request still gets its answer, the process exits 0; and
its log is JSON lines with the request id of each response."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.app import PASSWORD
from tests.support.live import Server, open_socket, sign_up, subscribe


def _start_upload(port: int, email: str) -> tuple[socket.socket, bytes]:
    """A log-in whose body has not all arrived yet: a request in flight."""
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = (
        f"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    sock.sendall(head.encode() + body[:10])
    return sock, body[10:]


def _finish_upload(sock: socket.socket, rest: bytes) -> bytes:
    sock.sendall(rest)
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    sock.close()
    return answer


async def _closed_with(ws: Any) -> tuple[int | None, str | None]:
    with pytest.raises(ConnectionClosed):
        while True:
            await asyncio.wait_for(ws.recv(), 15)
    return ws.close_code, ws.close_reason


@pytest.mark.parametrize("workers", [1, 2])
async def test_sigterm_closes_sockets_with_1001_and_finishes_requests(
    live_database: tuple[Path, str], tmp_path: Path, workers: int
) -> None:
    log_file = tmp_path / "serve.log"
    server = Server(
        *live_database, {"log_format": "json"}, serve_args=("--workers", str(workers)),
        log_file=log_file,
    )  # fmt: skip
    try:
        user = await sign_up(server.url, "leaver")
        board = await user.call("POST", "/api/v1/boards", json={"name": "Shutdown"})
        sockets = [await open_socket(server, user) for _ in range(3)]
        for ws in sockets:
            await subscribe(ws, board["id"])
        # Whichever worker answers the scrape counts every worker's sockets (with several
        # workers, serve turns on prometheus_client's multiprocess mode).
        for _ in range(4):
            scraped = (await user.client.get("/metrics")).text
            assert "\nteamboard_websockets_open 3.0\n" in scraped, scraped[-2000:]
        r = await user.client.get("/healthz", headers={"X-Request-ID": "before-the-stop"})
        assert r.headers["x-request-id"] == "before-the-stop"
        sock, rest = _start_upload(server.port, user.email)
        await asyncio.sleep(0.3)  # the request's head has been read

        server.signal(signal.SIGTERM)
        closes = await asyncio.gather(*(_closed_with(ws) for ws in sockets))
        assert closes == [(1001, "server shutting down")] * 3

        answer = await asyncio.to_thread(_finish_upload, sock, rest)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert await asyncio.to_thread(server.wait, 30) == 0
    finally:
        server.stop()
        await user.client.aclose()

    lines = [json.loads(line) for line in log_file.read_text().splitlines() if line.strip()]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    [access] = [line for line in lines if line.get("request_id") == "before-the-stop"]
    assert access["logger"] == "teamboard.access"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz", 200)
    # One access line per request: uvicorn's own access log is off.
    assert not [line for line in lines if line["logger"] == "uvicorn.access"]
    logins = [line for line in lines if line.get("path") == "/api/v1/auth/login"]
    assert [line["status"] for line in logins] == [200]
