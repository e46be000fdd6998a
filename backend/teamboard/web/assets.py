"""The built frontend: the SPA under /app (client routes fall back to its index.html), its
hashed assets (immutable, Brotli- and gzip-compressed once at build time), and the Jinja helper that
turns a Vite entry into tags — from the build's manifest, or from the Vite dev server
(hot reload) when ``TEAMBOARD_VITE_DEV_URL`` is set."""

from __future__ import annotations

import json
import mimetypes
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from markupsafe import Markup, escape
from starlette.responses import RedirectResponse, Response

from teamboard.core.config import Settings
from teamboard.core.errors import NotFound, Unavailable
from teamboard.core.http import CSP
from teamboard.core.security import SESSION_COOKIE
from teamboard.web.spa_page import SpaPage, with_preloads, with_styles_inline

PREFIX = "/app/"
IMMUTABLE = "public, max-age=31536000, immutable"
ISLANDS_ENTRY = "src/islands/main.tsx"
# How often a request for a name the build does not have may look at the disk again.
RESCAN_SECONDS = 5.0
# The build's compressed copies of each file, served in its stead when the client takes them.
TWINS = (".gz", ".br")
# The routes that show the board itself (its card dialog included), as the app's router
# (src/app/pages.tsx) knows them, and the lazily loaded modules that draw them.
BOARD_VIEW_ROUTE = re.compile(r"boards/[1-9][0-9]{0,17}/?(?:cards/[1-9][0-9]{0,17}/?)?")
BOARD_VIEW_CHUNKS = (
    "src/features/board/components/BoardView.tsx",
    "src/features/activity/components/ActivityFeed.tsx",
)
SPA_ENTRY = "index.html"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Asset:
    raw: bytes
    gzip: bytes | None
    brotli: bytes | None
    media_type: str


def _built_files(root: Path) -> frozenset[str]:
    """The names a request may ask for: every regular file under assets/ (the ``.gz`` and
    ``.br`` twins are served by content negotiation, not by name), no link leading out."""
    top = root.resolve()
    if not top.is_dir():
        return frozenset()
    names: set[str] = set()
    for path in top.rglob("*"):
        if path.suffix not in TWINS and path.is_file() and path.resolve().is_relative_to(top):
            names.add(path.relative_to(top).as_posix())
    return frozenset(names)


def _read(root: Path, name: str) -> Asset | None:
    path = root / name
    try:
        raw = path.read_bytes()
    except OSError:  # removed by a rebuild since the last scan
        return None
    gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media_type.startswith("text/") or media_type.endswith(("javascript", "json")):
        media_type += "; charset=utf-8"
    return Asset(
        raw,
        gz.read_bytes() if gz.is_file() else None,
        br.read_bytes() if br.is_file() else None,
        media_type,
    )


class Frontend:
    """Reads the build lazily and keeps what it read: hashed files never change, and a
    missing build is looked for again (the pages work without it meanwhile).

    Only a name that is exactly one of the built files is read, and only those are kept,
    so the cache is bounded by the build however the requests spell their paths. A name
    not in the build is looked for on disk again at most once per ``RESCAN_SECONDS``
    (a rebuild is picked up without a restart; a flood of misses costs no disk reads)."""

    def __init__(self, settings: Settings) -> None:
        self.dist = settings.resolved_frontend_dist
        self.dev_url = settings.vite_dev_url
        self._manifest: dict[str, Any] | None = None
        self._tags: dict[str, Markup] = {}
        self._links: dict[tuple[str, ...], str] = {}
        self._assets: dict[str, Asset] = {}
        self._index: SpaPage | None = None
        self._files: frozenset[str] = frozenset()
        self.rescanned_at = float("-inf")  # monotonic; the first request scans
        self._scan_lock = anyio.Lock()

    async def _rescan(self) -> None:
        """Lists the build again unless that was done within ``RESCAN_SECONDS``; a new
        build also drops what was kept of the old one, its manifest and SPA page included."""
        async with self._scan_lock:  # concurrent misses share one scan
            if time.monotonic() - self.rescanned_at < RESCAN_SECONDS:
                return
            files = await anyio.to_thread.run_sync(_built_files, self.dist / "assets")
            self.rescanned_at = time.monotonic()
            if files != self._files:
                self._files = files
                self._assets = {k: v for k, v in self._assets.items() if k in files}
                self._manifest, self._tags, self._links, self._index = None, {}, {}, None

    def manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            try:
                self._manifest = json.loads((self.dist / ".vite" / "manifest.json").read_bytes())
            except (OSError, ValueError):
                return {}
        return self._manifest

    def tags(self, entry: str) -> Markup:
        """<link>/<script> tags for one entry: its CSS, its static imports (preloaded, so
        the browser fetches them in parallel) and the module itself."""
        if self.dev_url:
            base = f"{self.dev_url}{PREFIX}"
            return Markup(  # noqa: S704 - our own origin and entry names  # nosec B704
                f'<script type="module" src="{PREFIX}dev-preamble.js"></script>\n'
                f'<script type="module" src="{base}@vite/client"></script>\n'
                f'<script type="module" src="{base}{escape(entry)}"></script>'
            )
        cached = self._tags.get(entry)
        if cached is not None:
            return cached
        manifest = self.manifest()
        if entry not in manifest:
            return Markup("")
        chunks = _closure(manifest, [entry])
        css = [f for key in chunks for f in manifest[key].get("css", [])]
        preload = [manifest[key]["file"] for key in chunks if key != entry]
        lines = [f'<link rel="stylesheet" href="{PREFIX}{escape(f)}">' for f in dict.fromkeys(css)]
        lines += [f'<link rel="modulepreload" href="{PREFIX}{escape(f)}">' for f in preload]
        module = escape(manifest[entry]["file"])
        lines.append(f'<script type="module" src="{PREFIX}{module}"></script>')
        html = "\n".join(lines)
        tags = Markup(html)  # noqa: S704 - escaped above  # nosec B704
        # Keyed by entries of the build's manifest (an unknown one fails above), which the
        # templates name in code: a fixed set.
        self._tags[entry] = tags  # nosemgrep: unbounded-instance-cache
        return tags

    async def asset(self, name: str) -> Asset:
        asset = self._assets.get(name)
        if asset is not None:
            return asset
        if name not in self._files:
            await self._rescan()
            if name not in self._files:
                raise NotFound("No such file")
        found = await anyio.to_thread.run_sync(_read, self.dist / "assets", name)
        if found is None:  # gone since the scan: not looked for again until the next one
            self._files = self._files - {name}
            raise NotFound("No such file")
        # Only names of the build's own files get here (checked above): a finite set.
        self._assets[name] = found  # nosemgrep: unbounded-instance-cache
        return found

    def chunk_links(self, keys: tuple[str, ...]) -> str:
        """Links that fetch lazily loaded modules (and their stylesheets) while the entry
        downloads, rather than after it has run: what they import beyond the entry's own
        modules, as ``modulepreload``, and their CSS as a non-blocking ``preload``. The app
        still inserts each stylesheet when its module loads, then from the cache: with
        ``crossorigin``, as Vite's loader asks for it (a preload in another mode is not
        used, and the stylesheet was downloaded twice)."""
        cached = self._links.get(keys)
        if cached is not None:
            return cached
        manifest = self.manifest()
        loaded = _closure(manifest, [SPA_ENTRY])
        wanted = [key for key in _closure(manifest, list(keys)) if key not in loaded]
        scripts = [manifest[key]["file"] for key in wanted]
        styles = dict.fromkeys(css for key in wanted for css in manifest[key].get("css", []))
        links = "".join(
            [f'<link rel="modulepreload" href="{PREFIX}{escape(f)}">' for f in scripts]
            + [
                f'<link rel="preload" href="{PREFIX}{escape(f)}" as="style" crossorigin>'
                for f in styles
            ]
        )
        # Keyed by tuples of module names written in this file: a fixed set.
        self._links[keys] = links  # nosemgrep: unbounded-instance-cache
        return links

    async def index(self) -> SpaPage:
        """The SPA's page, its stylesheets inline (web/spa_page.py), and its CSP."""
        if self._index is None:
            path = self.dist / "index.html"
            try:
                html = await anyio.Path(path).read_bytes()
            except OSError:
                raise Unavailable("The app is not built yet: run `make frontend`") from None
            self._index = await with_styles_inline(html, self._stylesheet, CSP)
        return self._index

    async def _stylesheet(self, name: str) -> bytes | None:
        try:
            return (await self.asset(name)).raw
        except NotFound:
            return None


def _closure(manifest: dict[str, Any], keys: list[str]) -> list[str]:
    """The modules named and everything they import statically, in the manifest's terms,
    each after what it imports (so their stylesheets come in the order the build wants)."""
    seen: dict[str, None] = {}

    def walk(key: str) -> None:
        if key in seen or key not in manifest:
            return
        seen[key] = None  # before its imports: a cycle ends here
        for dep in manifest[key].get("imports", []):
            walk(dep)
        order.append(key)

    order: list[str] = []
    for key in keys:
        walk(key)
    return order


def frontend_of(request: Request) -> Frontend:
    frontend: Frontend = request.app.state.frontend
    return frontend


def vite_tags(request: Request, entry: str = ISLANDS_ENTRY) -> Markup:
    return frontend_of(request).tags(entry)


@router.get("/app/assets/{name:path}")
async def asset(request: Request, name: str) -> Response:
    found = await frontend_of(request).asset(name)
    headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
    accepted = request.headers.get("accept-encoding", "")
    # Brotli first: about 15% smaller than gzip for the same JavaScript.
    for coding, body in (("br", found.brotli), ("gzip", found.gzip)):
        if body is not None and coding in accepted:
            headers["Content-Encoding"] = coding
            return Response(body, media_type=found.media_type, headers=headers)
    return Response(found.raw, media_type=found.media_type, headers=headers)


@router.get("/app")
async def app_root(request: Request) -> Response:
    # The SPA's own links to its root have no slash (/app?import=3): the query stays.
    query = request.url.query
    return RedirectResponse(f"{PREFIX}?{query}" if query else PREFIX, status_code=308)


@router.get("/app/dev-preamble.js")
async def dev_preamble(request: Request) -> Response:
    """React Fast Refresh's preamble, which Vite expects inline: served as a file so that
    the CSP can keep forbidding inline script under `make dev` too."""
    dev_url = frontend_of(request).dev_url
    if not dev_url:
        raise NotFound("Not in development mode")
    body = (
        f'import RefreshRuntime from "{dev_url}{PREFIX}@react-refresh";\n'
        "RefreshRuntime.injectIntoGlobalHook(window);\n"
        "window.$RefreshReg$ = () => {};\n"
        "window.$RefreshSig$ = () => (type) => type;\n"
        "window.__vite_plugin_react_preamble_installed__ = true;\n"
    )
    return Response(body, media_type="text/javascript", headers={"Cache-Control": "no-store"})


@router.get("/app/{path:path}")
async def spa(request: Request, path: str) -> Response:
    """Every client route gets the SPA's page; the router in the browser takes it from there."""
    frontend = frontend_of(request)
    if frontend.dev_url:
        return RedirectResponse(f"{frontend.dev_url}{PREFIX}{path}", status_code=307)
    page = await frontend.index()
    chunks = frontend.chunk_links(BOARD_VIEW_CHUNKS) if BOARD_VIEW_ROUTE.fullmatch(path) else ""
    return Response(
        with_preloads(page.html, path, request.cookies.get(SESSION_COOKIE), chunks),
        media_type="text/html; charset=utf-8",
        # The app's CSP with the page's own styles allowed (core/http.py keeps a route's).
        headers={"Cache-Control": "no-cache", "Content-Security-Policy": page.csp},
    )


def dev_csp(dev_url: str) -> str:
    """Under `make dev` only: scripts, styles (Vite injects CSS as <style> for hot reload)
    and the hot-reload socket from the dev server."""
    ws = dev_url.replace("http", "ws", 1)
    return (
        f"default-src 'self'; script-src 'self' {dev_url}; "
        f"style-src 'self' 'unsafe-inline' {dev_url}; img-src 'self' data: {dev_url}; "
        f"font-src 'self' {dev_url}; connect-src 'self' {dev_url} {ws}; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def install_frontend(app: FastAPI, settings: Settings) -> None:
    app.state.frontend = Frontend(settings)
    app.include_router(router)
