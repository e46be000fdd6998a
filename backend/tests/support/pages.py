"""A browser-like client for the page tests: a cookie jar, ``Accept: text/html``, and
forms posted the way a browser posts them (urlencoded, with the hidden CSRF field); a
board made through the pages; and what to look for in their HTML."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import count
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import update

from teamboard.accounts.models import User
from teamboard.core.runtime import Runtime
from tests.support.api import verify_email
from tests.support.app import PASSWORD

_numbers = count(1)


class Browser:
    """``runtime``: the app's, where a test stands in for a link mailed to the user."""

    def __init__(self, client: httpx.AsyncClient, runtime: Runtime | None = None) -> None:
        self.client = client
        self.runtime = runtime
        self.email = ""
        self.name = ""
        self.id = 0

    @property
    def csrf(self) -> str:
        return self.client.cookies.get("tb_csrf") or ""

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(url, **kwargs)

    async def post(
        self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any
    ) -> httpx.Response:
        body = dict(data or {})
        if csrf and "csrf_token" not in body:
            body["csrf_token"] = self.csrf
        return await self.client.post(url, data=body, **kwargs)

    async def entry_token(self, page: str = "/login") -> str:
        r = await self.get(page)
        assert r.status_code == 200, r.text
        return hidden(r.text, "csrf_token")

    async def signup(self, name: str = "") -> Browser:
        n = next(_numbers)
        self.name = name or f"User {n}"
        self.email = f"web{n}@example.com"
        token = await self.entry_token("/signup")
        r = await self.post(
            "/signup",
            {
                "csrf_token": token,
                "email": self.email,
                "password": PASSWORD,
                "display_name": self.name,
            },
        )
        assert r.status_code == 303, r.text
        me = await self.get("/api/v1/me")
        self.id = me.json()["id"]
        return self

    async def login(self, email: str, password: str = PASSWORD, next: str = "") -> httpx.Response:
        token = await self.entry_token("/login")
        return await self.post(
            "/login", {"csrf_token": token, "email": email, "password": password, "next": next}
        )

    async def board(self, name: str = "Board") -> int:
        r = await self.post("/boards", {"name": name})
        assert r.status_code == 303, r.text
        return int(r.headers["location"].rsplit("/", 1)[-1])

    async def board_json(self, board_id: int) -> dict[str, Any]:
        r = await self.get(f"/api/v1/boards/{board_id}")
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data

    async def card(self, column_id: int, title: str = "Card") -> int:
        r = await self.post(f"/columns/{column_id}/cards", {"title": title})
        assert r.status_code == 303, r.text
        # /boards/{id}?added={card}, with &show={column} past the column's first cards.
        query = parse_qs(urlsplit(r.headers["location"]).query)
        return int(query["added"][0])


# ``await new_browser()``: the ``new_browser`` fixture, a fresh browser (not signed up).
NewBrowser = Callable[[], Awaitable[Browser]]


async def make_admin(runtime: Runtime, user_id: int) -> None:
    async with runtime.db.session() as db:
        await db.execute(update(User).where(User.id == user_id).values(is_admin=True))
        await db.commit()
    runtime.db.access.clear()  # written behind the services' back


async def follow(browser: Browser, response: httpx.Response) -> httpx.Response:
    """The GET half of POST-redirect-GET."""
    assert response.status_code == 303, response.text
    return await browser.get(response.headers["location"])


@dataclass
class World:
    board_id: int
    columns: list[int]
    card_id: int
    label_id: int


async def populate(owner: Browser, name: str = "Launch") -> World:
    """A board with three columns, one card and one label, made through the pages."""
    board_id = await owner.board(name)
    columns = [c["id"] for c in (await owner.board_json(board_id))["columns"]]
    card_id = await owner.card(columns[0], "Write docs")
    r = await owner.post(f"/boards/{board_id}/labels", {"name": "Bug", "color": "#ff0000"})
    assert r.status_code == 303, r.text
    label_id = (await owner.board_json(board_id))["labels"][0]["id"]
    return World(board_id, columns, card_id, label_id)


async def share(owner: Browser, board_id: int, other: Browser, role: str) -> None:
    """``other`` a member, as people become one: ``owner`` invites their address from the
    settings page, the address is verified (as a mailed link would) and they accept from
    their boards list."""
    r = await owner.post(f"/boards/{board_id}/members", {"email": other.email, "role": role})
    assert r.status_code == 303, r.text
    assert other.runtime is not None, "a browser of the new_browser fixture"
    await verify_email(other.runtime, other.email)
    mine = (await other.get("/api/v1/me/invitations")).json()
    [invitation] = [i for i in mine if i["board_id"] == board_id]
    r = await other.post(f"/account/invitations/{invitation['id']}/accept")
    assert r.status_code == 303, r.text


# -- reading the HTML ---------------------------------------------------------------------


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} in page"
    return match.group(1)


class Tags(HTMLParser):
    """Every start tag with its attributes, for checks that must not be fooled by text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def post_forms(html: str) -> list[str]:
    """Actions of the POST forms on a page, those of the layout (the log-out button, the
    unconfirmed address's "send the link again") excepted."""
    layout = ("/logout", "/account/verification-email")
    return [
        str(attrs.get("action"))
        for tag, attrs in tags(html)
        if tag == "form" and attrs.get("method") == "post" and attrs.get("action") not in layout
    ]


def field_error(html: str, field_id: str) -> str:
    """The message tied to ``field_id`` by aria-describedby, and that the input says so."""
    tag = re.search(rf'<(?:input|textarea|select)[^>]*id="{field_id}"[^>]*>', html)
    assert tag, f"no input {field_id}"
    assert 'aria-invalid="true"' in tag.group(0)
    assert f'aria-describedby="{field_id}-error"' in tag.group(0) or (
        f"{field_id}-error" in tag.group(0)
    )
    message = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
    assert message, f"no message for {field_id}"
    return message.group(1)


# The stored-XSS payload that needs no script element (tests/web/test_security.py).
IMG = "<img src=x onerror=alert(1)>"
# The page's own scripts: the islands' module and the board's JSON, in which no "<" may
# appear (so nothing stored can close the element and start markup).
OWN_SCRIPTS = re.compile(
    r'<script type="module" src="/app/assets/[\w.-]+\.js"></script>'
    r'|<script type="application/json" id="board-data">[^<]*</script>'
)


def assert_inert(html: str, where: str) -> None:
    """No script, handler or ``javascript:`` link in ``html`` but the page's own scripts."""
    html = OWN_SCRIPTS.sub("", html)
    assert "<script" not in html.lower(), where
    assert IMG not in html and "<svg onload" not in html, where
    for tag, attrs in tags(html):
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), (where, tag)
        assert tag not in ("script", "iframe", "object", "embed"), (where, tag)
