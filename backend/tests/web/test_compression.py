"""The app compresses what it sends (core/compression.py): pages, CSS and JSON over the
size floor, in the best coding the client accepts, with ``Vary: Accept-Encoding``; never
a small body, an already compressed one, an image, or an event stream."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from teamboard.core.compression import MINIMUM_SIZE, CompressMiddleware
from tests.support.pages import Browser, World

JS = b"console.log('island');" * 200
MANIFEST = {"src/islands/main.tsx": {"file": "assets/islands-1.js", "isEntry": True}}


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    dist = tmp_path / "dist"
    (dist / ".vite").mkdir(parents=True)
    (dist / "assets").mkdir()
    (dist / ".vite" / "manifest.json").write_text(json.dumps(MANIFEST))
    (dist / "index.html").write_text("<!doctype html><title>SPA</title>" + " " * 2000)
    (dist / "assets" / "islands-1.js").write_bytes(JS)
    (dist / "assets" / "islands-1.js.gz").write_bytes(gzip.compress(JS))
    (dist / "assets" / "islands-1.js.br").write_bytes(brotli.compress(JS))
    return {"frontend_dist": dist}


@dataclass(frozen=True)
class Sent:
    """A response as sent: its headers and its body still encoded."""

    status_code: int
    headers: httpx.Headers
    content: bytes


async def raw_get(browser: Browser, url: str, encoding: str | None) -> Sent:
    """GET ``url`` with this Accept-Encoding (none at all when None)."""
    request = browser.client.build_request("GET", url)
    if encoding is None:
        del request.headers["accept-encoding"]
    else:
        request.headers["accept-encoding"] = encoding
    response = await browser.client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return Sent(response.status_code, response.headers, body)


async def test_pages_are_compressed_with_the_best_coding_the_client_takes(
    owner: Browser, world: World
) -> None:
    url = f"/boards/{world.board_id}"
    plain = await raw_get(owner, url, None)
    assert "content-encoding" not in plain.headers
    html = plain.content
    assert len(html) > MINIMUM_SIZE
    br = await raw_get(owner, url, "gzip, deflate, br")
    assert br.headers["content-encoding"] == "br"
    assert "accept-encoding" in br.headers["vary"].lower()
    assert len(br.content) < len(html) / 3
    assert b"Write docs" in brotli.decompress(br.content)
    gz = await raw_get(owner, url, "gzip")
    assert gz.headers["content-encoding"] == "gzip"
    assert b"Write docs" in gzip.decompress(gz.content)


async def test_json_and_css_are_compressed(owner: Browser, world: World) -> None:
    for name in range(8):  # a board list well over the floor
        await owner.board(f"Board number {name} with a name long enough to count")
    api = await raw_get(owner, "/api/v1/boards", "gzip")
    assert api.headers["content-type"].startswith("application/json")
    assert api.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(api.content))["total"] == 9
    css = await raw_get(owner, "/static/css/app.css", "br")
    assert css.headers["content-encoding"] == "br"
    assert b"{" in brotli.decompress(css.content)


async def test_small_bodies_go_as_they_are(owner: Browser) -> None:
    r = await raw_get(owner, "/healthz", "gzip, br")
    assert r.status_code == 200 and len(r.content) < MINIMUM_SIZE
    assert "content-encoding" not in r.headers


async def test_compressed_assets_and_images_are_not_compressed_again(owner: Browser) -> None:
    # The build's own .br and .gz twins go as they are, Brotli first.
    asset = await raw_get(owner, "/app/assets/islands-1.js", "gzip, deflate, br, zstd")
    assert asset.headers["content-encoding"] == "br"
    assert brotli.decompress(asset.content) == JS
    asset = await raw_get(owner, "/app/assets/islands-1.js", "gzip")
    assert asset.headers["content-encoding"] == "gzip"
    assert gzip.decompress(asset.content) == JS
    assert (await raw_get(owner, "/app/assets/islands-1.js.br", "br")).status_code == 404
    png = await raw_get(owner, "/static/swagger/favicon.png", "gzip, br")
    assert png.headers["content-type"] == "image/png"
    assert "content-encoding" not in png.headers


async def test_event_streams_are_never_compressed() -> None:
    async def events(_request: Request) -> StreamingResponse:
        async def lines() -> AsyncIterator[bytes]:
            for n in range(3):
                yield f"data: {'event ' * 400}{n}\n\n".encode()

        return StreamingResponse(lines(), media_type="text/event-stream")

    app = CompressMiddleware(Starlette(routes=[Route("/events", events)]), minimum_size=0)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.get("/events", headers={"accept-encoding": "gzip, br, zstd"})
    assert r.headers["content-type"].startswith("text/event-stream")
    assert "content-encoding" not in r.headers
    assert r.text.count("data: ") == 3
