"""The built frontend as the backend serves it: hashed assets immutable and gzip, the SPA
page for every client route, the islands' tags from Vite's manifest (or the dev server),
and the board's JSON embedded in its page."""

from __future__ import annotations

import gzip
import json
from base64 import b64encode
from hashlib import sha256
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from teamboard.cards import board_view
from teamboard.cli.documents import openapi_document
from teamboard.core.http import CSP
from teamboard.web.spa_page import with_styles_inline
from tests.support.app import resident_bytes
from tests.support.pages import Browser, World, tags

JS = b"console.log('island');" * 50
BOARD = b"// a lazily loaded chunk\n" * 2_000  # ~50 KB, like a real route chunk
MANIFEST = {
    "index.html": {"file": "assets/spa-1.js", "isEntry": True, "imports": ["_react-2.js"]},
    "src/islands/main.tsx": {
        "file": "assets/islands-3.js",
        "isEntry": True,
        "imports": ["_react-2.js"],
        "css": ["assets/islands-4.css"],
    },
    "_react-2.js": {"file": "assets/react-2.js", "css": ["assets/react-5.css"]},
    # The board's lazily loaded modules, as the SPA's router loads them.
    "src/features/board/components/BoardView.tsx": {
        "file": "assets/BoardView-8.js",
        "isDynamicEntry": True,
        "imports": ["_react-2.js", "_live-9.js"],
    },
    "_live-9.js": {"file": "assets/live-9.js", "css": ["assets/live-10.css"]},
    "src/features/activity/components/ActivityFeed.tsx": {
        "file": "assets/ActivityFeed-11.js",
        "isDynamicEntry": True,
        "imports": ["_react-2.js"],
    },
}


# The SPA's page as Vite writes it: its entry's stylesheets linked in the head.
SPA_HEAD = (
    "<!doctype html><head><title>SPA</title>"
    '<link rel="stylesheet" crossorigin href="/app/assets/react-5.css">'
    '<link rel="stylesheet" crossorigin href="/app/assets/spa-12.css">'
    "</head><body></body>"
)
SPA_CSS = ".column{display:grid}"
REACT_CSS = ".tile{color:red}"


def build(dist: Path) -> None:
    (dist / ".vite").mkdir(parents=True)
    (dist / "assets").mkdir()
    (dist / ".vite" / "manifest.json").write_text(json.dumps(MANIFEST))
    (dist / "index.html").write_text(SPA_HEAD)
    (dist / "assets" / "spa-12.css").write_text(SPA_CSS)
    (dist / "assets" / "react-5.css").write_text(REACT_CSS)
    (dist / "assets" / "islands-3.js").write_bytes(JS)
    (dist / "assets" / "islands-3.js.gz").write_bytes(gzip.compress(JS))
    (dist / "assets" / "islands-4.css").write_text("a{}")
    (dist / "assets" / "Board-6.js").write_bytes(BOARD)


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    build(tmp_path / "dist")
    return {"frontend_dist": tmp_path / "dist"}


async def test_hashed_assets_are_immutable_and_served_gzipped(owner: Browser) -> None:
    r = await owner.get("/app/assets/islands-3.js", headers={"accept-encoding": "gzip, br"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["vary"]
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.content == JS  # httpx decodes the gzip body
    assert int(r.headers["content-length"]) < len(JS)

    plain = await owner.get("/app/assets/islands-3.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == JS
    css = await owner.get("/app/assets/islands-4.css")
    assert css.headers["content-type"].startswith("text/css") and css.text == "a{}"


@pytest.mark.parametrize(
    "path",
    [
        "missing.js",
        "..%2Findex.html",
        "..%2F..%2Fdist%2Findex.html",
        "%2Fetc%2Fhostname",
        "/etc/hostname",
        "islands-3.js.gz",
        "",
    ],
)
async def test_only_built_assets_are_served(owner: Browser, path: str) -> None:
    r = await owner.get(f"/app/assets/{path}", headers={"accept": "application/json"})
    assert r.status_code == 404


async def test_traversal_shaped_names_are_404_and_keep_no_memory(
    client: httpx.AsyncClient,
) -> None:
    """Each "kN/../Board-6.js" used to resolve to the file and be cached under its own
    name: ~50 KB per request, never freed."""
    assert (await client.get("/app/assets/Board-6.js")).content == BOARD
    for sep in ("%2F", "/"):  # "/" with encoded dots, so no client tidies the path
        r = await client.get(f"/app/assets/k0{sep}%2E%2E{sep}Board-6.js")
        assert r.status_code == 404
    before = resident_bytes()
    for i in range(10_000):
        r = await client.get(f"/app/assets/k{i}%2F..%2FBoard-6.js")
        assert r.status_code == 404
    grown = resident_bytes() - before
    assert grown < 8 * 2**20, f"resident memory grew by {grown / 2**20:.1f} MiB"


async def test_a_rebuilt_frontend_is_found_without_a_restart(
    client: httpx.AsyncClient, app: FastAPI, tmp_path: Path
) -> None:
    assert (await client.get("/app/assets/islands-3.js")).status_code == 200
    assert (await client.get("/app/assets/Board-7.js")).status_code == 404
    (tmp_path / "dist" / "assets" / "Board-7.js").write_bytes(b"// rebuilt")
    (tmp_path / "dist" / "assets" / "islands-3.js").unlink()
    (tmp_path / "dist" / "assets" / "islands-3.js.gz").unlink()
    # A flood of misses looks at the disk at most once per interval...
    assert (await client.get("/app/assets/Board-7.js")).status_code == 404
    app.state.frontend.rescanned_at -= 60  # ...so pretend the interval has passed
    r = await client.get("/app/assets/Board-7.js")
    assert r.status_code == 200 and r.content == b"// rebuilt"
    # The cache holds built files only: what the rebuild removed is gone from it too.
    assert set(app.state.frontend._assets) <= {"Board-7.js", "islands-4.css", "Board-6.js"}


async def test_client_routes_get_the_spa_page(owner: Browser) -> None:
    for path in ("/app/", "/app/boards/12", "/app/login"):
        r = await owner.get(path)
        assert r.status_code == 200 and "<title>SPA</title>" in r.text
        assert r.headers["cache-control"] == "no-cache"
        assert "script-src 'self'" in r.headers["content-security-policy"]
    r = await owner.get("/app")
    assert r.status_code == 308 and r.headers["location"] == "/app/"
    r = await owner.get("/app?import=3")  # the SPA's own address for a followed import
    assert r.status_code == 308 and r.headers["location"] == "/app/?import=3"


async def test_the_spa_pages_stylesheets_are_inside_it_and_allowed_by_their_hashes(
    owner: Browser,
) -> None:
    """Each linked stylesheet was a round trip before the first paint. Inline, exactly those
    texts are allowed (one policy: the app's, with their hashes); each link stays disabled,
    for Vite's loader to find before it would load the rules again."""
    r = await owner.get("/app/boards/12")
    assert f"<style>{REACT_CSS}</style>" in r.text and f"<style>{SPA_CSS}</style>" in r.text
    found = tags(r.text)
    for name in ("react-5.css", "spa-12.css"):
        link = {"rel": "stylesheet", "href": f"/app/assets/{name}", "disabled": None}
        assert ("link", link) in found
    [csp] = r.headers.get_list("content-security-policy")
    hashes = [
        f"'sha256-{b64encode(sha256(css.encode()).digest()).decode()}'"
        for css in (REACT_CSS, SPA_CSS)
    ]
    assert f"style-src 'self' {' '.join(hashes)};" in csp
    assert csp.replace(f" {' '.join(hashes)}", "") == CSP  # nothing else changed
    # The other pages keep the app's policy.
    assert (await owner.get("/boards")).headers.get_list("content-security-policy") == [CSP]


def test_a_stylesheet_that_could_end_its_element_stays_a_link() -> None:
    async def read(name: str) -> bytes | None:
        return {"a.css": b'p::after{content:"</STYLE>"}', "b.css": b"p{}"}.get(name)

    html = b"".join(
        b'<link rel="stylesheet" crossorigin href="/app/assets/%s">' % name
        for name in (b"a.css", b"b.css", b"gone.css")
    )
    page = anyio.run(with_styles_inline, html, read, CSP)
    assert page.html.startswith(b'<link rel="stylesheet" crossorigin href="/app/assets/a.css">')
    assert b"<style>p{}</style>" in page.html
    assert page.html.endswith(b'<link rel="stylesheet" crossorigin href="/app/assets/gone.css">')
    assert page.csp.count("'sha256-") == 1


async def test_the_spa_page_preloads_what_its_first_screen_reads(
    owner: Browser, client: httpx.AsyncClient
) -> None:
    me = '<link rel="preload" href="/api/v1/me" as="fetch" crossorigin>'
    board = '<link rel="preload" href="/api/v1/boards/12" as="fetch" crossorigin>'
    for path in ("/app/boards/12", "/app/boards/12/cards/3", "/app/boards/12/settings"):
        text = (await owner.get(path)).text
        assert text.index(me) < text.index(board) < text.index("</head>"), path
    for path in (
        "/app/",
        "/app/login",
        "/app/boards/0",
        "/app/boards/12x",
        "/app/boards/" + "9" * 19,
    ):
        text = (await owner.get(path)).text
        assert me in text and "/api/v1/boards" not in text, path
    # Signed out, the app asks for neither: no preload to end as a 401 in the console.
    assert 'rel="preload"' not in (await client.get("/app/boards/12")).text


async def test_a_board_route_fetches_the_boards_code_beside_the_entry(
    owner: Browser, client: httpx.AsyncClient
) -> None:
    """The board's modules were asked for only once the entry had run: one more round trip
    and download before the first tile, on a phone's network the largest part of the wait."""
    board_code = [
        ("link", {"rel": "modulepreload", "href": "/app/assets/BoardView-8.js"}),
        ("link", {"rel": "modulepreload", "href": "/app/assets/live-9.js"}),
        ("link", {"rel": "modulepreload", "href": "/app/assets/ActivityFeed-11.js"}),
        # In the mode Vite's loader asks for it in (crossorigin), or it is fetched again.
        (
            "link",
            {
                "rel": "preload",
                "href": "/app/assets/live-10.css",
                "as": "style",
                "crossorigin": None,
            },
        ),
    ]
    for path in ("/app/boards/12", "/app/boards/12/", "/app/boards/12/cards/3"):
        found = tags((await owner.get(path)).text)
        assert [tag for tag in board_code if tag not in found] == [], path
        # What the entry loads itself is not asked for twice.
        assert ("link", {"rel": "modulepreload", "href": "/app/assets/react-2.js"}) not in found
    for path in ("/app/", "/app/boards/12/settings", "/app/boards/12/activity"):
        assert "BoardView-8.js" not in (await owner.get(path)).text, path
    # Signed out the log-in page comes instead: its code, not the board's.
    assert "BoardView-8.js" not in (await client.get("/app/boards/12")).text


async def test_board_page_loads_the_islands_and_embeds_the_board(
    owner: Browser, world: World
) -> None:
    html = (await owner.get(f"/boards/{world.board_id}")).text
    found = tags(html)
    assert ("link", {"rel": "stylesheet", "href": "/app/assets/react-5.css"}) in found
    assert ("link", {"rel": "stylesheet", "href": "/app/assets/islands-4.css"}) in found
    assert ("link", {"rel": "modulepreload", "href": "/app/assets/react-2.js"}) in found
    assert ("script", {"type": "module", "src": "/app/assets/islands-3.js"}) in found
    start = html.index('<script type="application/json" id="board-data">')
    embedded = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == await owner.board_json(world.board_id)
    assert 'id="board-island" data-board-id="' in html


async def test_a_big_board_page_leaves_its_json_to_the_islands(
    owner: Browser, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past EMBED_MAX_CARDS the page says ``null`` where the board's JSON would be (the
    island fetches it): megabytes that the columns shown without JavaScript never use."""
    await owner.card(world.columns[1], "Fix the docs")
    cards = len([c for column in (await owner.board_json(world.board_id))["columns"]
                 for c in column["cards"]])  # fmt: skip
    monkeypatch.setattr(board_view, "EMBED_MAX_CARDS", cards - 1)
    html = (await owner.get(f"/boards/{world.board_id}")).text
    start = html.index('<script type="application/json" id="board-data">')
    assert html[start:].split(">", 1)[1].split("</script>", 1)[0] == "null"
    assert ">Fix the docs</a>" in html  # the columns as ever
    monkeypatch.setattr(board_view, "EMBED_MAX_CARDS", cards)
    html = (await owner.get(f"/boards/{world.board_id}")).text
    start = html.index('<script type="application/json" id="board-data">')
    embedded = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == await owner.board_json(world.board_id)


async def test_a_filtered_board_page_stays_live(owner: Browser, world: World) -> None:
    """The island filters the whole board itself (live events, drag and drop): the page
    embeds all of it, while its own columns show the matching cards for the first paint."""
    await owner.card(world.columns[1], "Fix the docs")
    html = (await owner.get(f"/boards/{world.board_id}?q=zzz")).text
    start = html.index('<script type="application/json" id="board-data">')
    embedded = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == await owner.board_json(world.board_id)
    assert "Write docs" not in html.split('id="board-data"')[0]
    html = (await owner.get(f"/boards/{world.board_id}?q=docs")).text
    rendered = html.split('id="board-data"')[0]
    assert ">Write docs</a>" in rendered and ">Fix the docs</a>" in rendered
    assert "2 matching cards" in rendered


async def test_without_a_build_pages_work_and_the_spa_says_so(
    owner: Browser, world: World, tmp_path: Path, app: Any
) -> None:
    app.state.frontend.dist = tmp_path / "nowhere"
    app.state.frontend._tags.clear()
    app.state.frontend._manifest = None
    html = (await owner.get(f"/boards/{world.board_id}")).text
    assert "<script" not in html
    r = await owner.get("/app/boards", headers={"accept": "application/json"})
    assert r.status_code == 503 and "make frontend" in r.json()["detail"]


class TestDevServer:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return {"vite_dev_url": "http://127.0.0.1:5173"}

    async def test_pages_load_from_the_dev_server(self, owner: Browser, world: World) -> None:
        r = await owner.get(f"/boards/{world.board_id}")
        scripts = [a["src"] for t, a in tags(r.text) if t == "script" and a.get("src")]
        assert scripts == [
            "/app/dev-preamble.js",
            "http://127.0.0.1:5173/app/@vite/client",
            "http://127.0.0.1:5173/app/src/islands/main.tsx",
        ]
        csp = r.headers["content-security-policy"]
        assert "script-src 'self' http://127.0.0.1:5173;" in csp
        assert "ws://127.0.0.1:5173" in csp
        preamble = await owner.get("/app/dev-preamble.js")
        assert "http://127.0.0.1:5173/app/@react-refresh" in preamble.text
        spa = await owner.get("/app/boards/3")
        assert spa.headers["location"] == "http://127.0.0.1:5173/app/boards/3"

    async def test_no_preamble_outside_dev(self, owner: Browser, app: FastAPI) -> None:
        app.state.frontend.dev_url = ""  # the app the owner's browser talks to
        r = await owner.get("/app/dev-preamble.js", headers={"accept": "application/json"})
        assert r.status_code == 404


def test_the_committed_openapi_document_is_current() -> None:
    committed = Path(__file__).parents[3] / "frontend" / "openapi.json"
    assert committed.read_text(encoding="utf-8") == openapi_document(), (
        "frontend/openapi.json is out of date: run `make client` and commit the result"
    )
