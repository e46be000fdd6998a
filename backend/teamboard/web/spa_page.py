"""The SPA's page: its own stylesheets inside it, allowed by their hashes, and the
preloads of what its first screen reads.

The page's stylesheets block its first paint: on a phone's network each costs a round
trip after the page itself before anything shows. The build's index.html links the entry's
stylesheets; the server puts their text in ``<style>`` elements instead (read once per
build, like the page) and allows exactly those texts in the page's CSP (``style-src``
gains their ``sha256-`` hashes; nothing else inline is allowed, scripts never). The page
grows by the entry's CSS (~7 KB compressed); the SPA loads it once per visit, its later
screens are drawn in the browser.

Each ``<link>`` stays, ``disabled`` (not fetched, not applied): Vite's loader looks for a
``link[rel=stylesheet]`` of that name before it adds one for a lazily loaded module that
shares the stylesheet, which would load the same rules again, after the others.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

# The build's own links to its stylesheets (Vite writes them in this form, names of
# hashed files under /app/assets/).
_STYLESHEET = re.compile(
    rb'<link rel="stylesheet" crossorigin href="(/app/assets/([A-Za-z0-9._-]+\.css))">'
)
_STYLE_SRC = "style-src 'self'"
# A board's client routes: /app/boards/{id}, and its cards, settings, activity...
BOARD_ROUTE = re.compile(r"boards/([1-9][0-9]{0,17})(?:/|$)")


@dataclass(frozen=True, slots=True)
class SpaPage:
    html: bytes
    csp: str


async def with_styles_inline(
    html: bytes, read: Callable[[str], Awaitable[bytes | None]], csp: str
) -> SpaPage:
    """``html`` with each stylesheet of the build that ``read`` finds (by its name under
    assets/) inline, and ``csp`` allowing exactly those styles."""
    hashes: list[str] = []
    parts: list[bytes] = []
    at = 0
    for link in _STYLESHEET.finditer(html):
        css = await read(link.group(2).decode())
        # A text that could end its element early stays a link (a build's CSS never has
        # one; a string in a rule could).
        if css is None or b"</style" in css.lower():
            continue
        digest = base64.b64encode(hashlib.sha256(css).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
        parts += [html[at : link.start()], b"<style>", css, b"</style>"]
        parts.append(b'<link rel="stylesheet" href="' + link.group(1) + b'" disabled>')
        at = link.end()
    parts.append(html[at:])
    if not hashes or _STYLE_SRC not in csp:
        return SpaPage(html, csp)
    allowed = csp.replace(_STYLE_SRC, " ".join([_STYLE_SRC, *hashes]), 1)
    return SpaPage(b"".join(parts), allowed)


def with_preloads(index: bytes, path: str, session: str | None, chunks: str) -> bytes:
    """The SPA's page asks, while its scripts download, for what its first screen reads:
    the session check on every route, and the board on a board's routes, with the code
    that draws the board (``chunks``). The app's own requests then find the answers on
    their way instead of starting after the scripts (same URL, same credentials: fetch's
    defaults, which ``crossorigin`` matches). Only with a session: without one the app
    asks for neither, and each would be a 401 in the browser's console (and the board's
    code would go unused: the log-in page comes instead)."""
    if not session:
        return index
    wanted = ["/api/v1/me"]
    if board := BOARD_ROUTE.match(path):
        wanted.append(f"/api/v1/boards/{int(board.group(1))}")
    links = "".join(f'<link rel="preload" href="{url}" as="fetch" crossorigin>' for url in wanted)
    return index.replace(b"</head>", (links + chunks).encode() + b"</head>", 1)
