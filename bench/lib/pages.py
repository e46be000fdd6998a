"""The server-rendered page row: the board page with 200 cards, read with a browser
session's cookie, next to the bare FastAPI + Jinja2 page.

The page is asked for with every column opened (``?show=<column>``, repeated): a column
shows its first 20 cards otherwise, and the moves measured before it leave the columns
uneven, so the default page would show fewer than 200 (and vary from run to run).

The session comes from the real log-in page flow: ``GET /login`` hands out the pre-login
double-submit token (the ``tb_form`` cookie and the form's hidden ``csrf_token``), and
``POST /login`` with both answers 303 with the ``tb_session`` cookie.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx

from devkit.api import Session, SyncApi
from lib.common import PAGE_CONNECTIONS, PAGE_MAX_TAIL, PAGE_MIN_RATIO, BenchError, log
from lib.fixtures import Fixture
from lib.instance import Instance
from lib.scenarios import Check, Durations, Row, measure, notes
from teamboard.core.security import token_matches

_CARD_TILE = 'class="card-tile"'
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')  # masked per page


def page_login(base_url: str, fx: Fixture) -> Session:
    with SyncApi.connect(base_url, follow_redirects=False) as api:
        return api.page_log_in(fx.email, fx.password, f"/boards/{fx.board_id}")


def board_page(base_url: str, fx: Fixture) -> str:
    """The board page's address with every column shown in full."""
    return f"{base_url}/boards/{fx.board_id}?" + urlencode([("show", c) for c in fx.column_ids])


def cookie(session: Session) -> dict[str, str]:
    """What a browser sends with a page request: the session cookie."""
    return {"Cookie": session.cookie_header}


def check_board_page(base_url: str, fx: Fixture, session: Session) -> int:
    """The page shows every card, with the session's forms; returns its size in bytes."""
    response = httpx.get(board_page(base_url, fx), headers=cookie(session), timeout=10)
    if response.status_code != 200 or not response.headers.get("content-type", "").startswith(
        "text/html"
    ):
        raise BenchError(
            f"board page: status {response.status_code}, "
            f"content-type {response.headers.get('content-type')!r}"
        )
    html = response.text
    tiles = html.count(_CARD_TILE)
    if tiles != len(fx.card_ids):
        raise BenchError(f"board page shows {tiles} cards, expected {len(fx.card_ids)}")
    found = _CSRF_FIELD.search(html)
    if found is None or not token_matches(found.group(1), session.csrf):
        raise BenchError("board page does not carry the session's CSRF token: not logged in?")
    return len(response.content)


def page_row(tb: Instance, bare_page: Row, d: Durations) -> Row:
    if bare_page.result is None:
        raise BenchError("the bare Jinja page has no result")
    db, fx, base_url = tb.db, tb.fx, tb.server.url
    session = page_login(base_url, fx)
    size = check_board_page(base_url, fx, session)
    log(f"[{db}] logged in through /login; board page {size / 1024:.1f} KiB")
    page, cpu = measure(
        f"[{db}] board page",
        d,
        tb.meter,
        board_page(base_url, fx),
        connections=PAGE_CONNECTIONS,
        headers=cookie(session),
    )
    check_board_page(base_url, fx, session)  # still the whole board, still logged in
    tb.check_alive()
    ratio = page.rps / bare_page.result.rps
    tail = page.p99_ms / page.p50_ms if page.p50_ms else float("inf")
    return Row(
        "GET board page (200 cards)",
        db,
        page,
        cpu,
        ratio,
        checks=[
            Check(
                f">= {PAGE_MIN_RATIO:.2f} x bare page", ratio >= PAGE_MIN_RATIO and not page.errors
            ),
            Check(f"p99 <= {PAGE_MAX_TAIL:.0f} x p50", tail <= PAGE_MAX_TAIL),
        ],
        notes=[
            f"{page.bytes_per_request / 1024:.1f} KiB/response; x bare is to the bare Jinja page",
            *notes(page, cpu, bare_page.cpu_ms_per_request),
        ],
    )
