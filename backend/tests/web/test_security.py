"""Stored XSS is inert everywhere it shows; headers on every kind of response; the board
page's query count does not grow with the board; log-in makes the API's own session and
never redirects off-site."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.core.positions import spread
from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD, QueryCounter
from tests.support.pages import (
    IMG,
    Browser,
    NewBrowser,
    World,
    assert_inert,
    follow,
    populate,
    share,
    tags,
)

SCRIPT = "<script>alert(1)</script>"
SVG = '"><svg onload=alert(1)>'
JS_LINK = "[x](javascript:alert(1))"
ALL = f"{SCRIPT} {IMG} {SVG}"


async def test_stored_xss_is_inert_on_every_page(new_browser: NewBrowser) -> None:
    evil = await (await new_browser()).signup(IMG)  # even the display name
    r = await evil.post("/boards", {"name": ALL, "description": f"{ALL} {JS_LINK}"})
    board_page = await follow(evil, r)  # with the flash message naming the board
    assert_inert(board_page.text, "board page with flash")
    board_id = int(r.headers["location"].rsplit("/", 1)[1])
    board = await evil.board_json(board_id)
    column = board["columns"][0]["id"]
    card_id = await evil.card(column, ALL)
    for name in (SCRIPT, SVG):
        await evil.post(f"/boards/{board_id}/labels", {"name": name, "color": "#ff0000"})
    label_ids = [str(label["id"]) for label in (await evil.board_json(board_id))["labels"]]
    await evil.post(
        f"/cards/{card_id}",
        {
            "title": ALL,
            "description": f"{ALL}\n\n{JS_LINK} [y](JAVASCRIPT:alert(1)) <a href=javascript:x>",
            "label_ids": label_ids,
            "assignee_ids": [str(evil.id)],
        },
    )
    r = await evil.post(f"/cards/{card_id}/comments", {"body": f"{ALL} {JS_LINK}"})
    assert_inert((await follow(evil, r)).text, "card page after comment")
    pages = [
        "/boards",
        f"/boards/{board_id}",
        f"/boards/{board_id}?q=alert&label={label_ids[0]}",
        f"/boards/{board_id}/settings",
        f"/boards/{board_id}/activity",
        f"/cards/{card_id}",
        f"/cards/{card_id}/delete",
        "/account",
    ]
    for url in pages:
        r = await evil.get(url)
        assert r.status_code == 200, url
        assert_inert(r.text, url)
    card_page = (await evil.get(f"/cards/{card_id}")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card_page  # shown as text, not run
    await evil.post(f"/cards/{card_id}/archive")
    assert_inert((await evil.get(f"/boards/{board_id}/archived")).text, "archived")


async def test_markdown_links_are_safe(owner: Browser, world: World) -> None:
    text = "[site](https://example.com) [mail](mailto:a@example.com)"
    await owner.post(f"/cards/{world.card_id}", {"title": "Docs", "description": text})
    html = (await owner.get(f"/cards/{world.card_id}")).text
    assert '<a href="https://example.com" rel="noopener nofollow">site</a>' in html
    assert 'href="mailto:a@example.com" rel="noopener nofollow"' in html


def assert_security_headers(response: httpx.Response) -> None:
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"


async def test_security_headers_everywhere(owner: Browser, world: World) -> None:
    for url in ("/", f"/boards/{world.board_id}", "/nowhere", "/static/css/app.css", "/login"):
        r = await owner.get(url)
        assert_security_headers(r)
    assert (await owner.get("/nowhere")).status_code == 404
    css = await owner.get("/static/css/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


async def test_pages_have_no_inline_styles_or_scripts(owner: Browser, world: World) -> None:
    for url in (f"/boards/{world.board_id}", f"/cards/{world.card_id}", "/boards"):
        for tag, attrs in tags((await owner.get(url)).text):
            assert "style" not in attrs and tag != "style", (url, tag)
            if tag == "script":  # only files of our own, or data that does not execute
                own = (attrs.get("src") or "").startswith("/app/assets/")
                assert own or attrs.get("type") == "application/json", (url, attrs)


# -- the board page's SQL does not grow with the board ------------------------------------


async def add_cards(runtime: Runtime, board_id: int, column_id: int, n: int, who: int) -> None:
    async with runtime.db.session() as db:
        rows = [
            {"board_id": board_id, "column_id": column_id, "title": f"Card {i}", "rank": rank,
             "creator_id": who, "description": ""}
            for i, rank in enumerate(spread(n))
        ]  # fmt: skip
        await db.execute(insert(Card), rows)
        await db.commit()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # On a loaded machine, building a 500-card board can outlast the default 2 s lifetime
    # of the access cache; an expiry is no growth with board size, so keep entries alive.
    return {"cache_seconds": 60}


async def board_page_queries(owner: Browser, queries: QueryCounter, board_id: int) -> int:
    queries.statements.clear()
    queries.active = True
    r = await owner.get(f"/boards/{board_id}")
    queries.active = False
    assert r.status_code == 200
    return queries.count()


async def test_board_page_queries_do_not_grow(
    owner: Browser, runtime: Runtime, queries: QueryCounter, new_browser: NewBrowser
) -> None:
    counts = {}
    for n in (10, 500):
        world = await populate(owner, f"Board {n}")
        mate = await (await new_browser()).signup()
        await share(owner, world.board_id, mate, "editor")
        await add_cards(runtime, world.board_id, world.columns[1], n, owner.id)
        async with runtime.db.session() as db:  # every card labelled and assigned
            card_ids = [c["id"] for col in (await owner.board_json(world.board_id))["columns"]
                        for c in col["cards"]]  # fmt: skip
            await db.execute(insert(CardLabel), [
                {"card_id": i, "label_id": world.label_id} for i in card_ids])  # fmt: skip
            await db.execute(insert(CardAssignee), [
                {"card_id": i, "user_id": mate.id} for i in card_ids])  # fmt: skip
            await db.commit()
        counts[n] = await board_page_queries(owner, queries, world.board_id)
        # The long column opened (cards/board_view.py collapses it past SHOWN_PER_COLUMN cards).
        html = (await owner.get(f"/boards/{world.board_id}?show={world.columns[1]}")).text
        assert html.count('class="card-tile"') == n + 1
    assert counts[10] == counts[500], counts
    assert counts[10] <= 10, counts


# -- log-in ------------------------------------------------------------------------------


async def test_login_makes_the_same_session_as_the_api(
    owner: Browser, new_browser: NewBrowser
) -> None:
    visitor = await new_browser()
    r = await visitor.login(owner.email, next="/account")
    assert r.status_code == 303 and r.headers["location"] == "/account"
    cookie = r.headers.get_list("set-cookie")
    assert any(c.startswith("tb_session=") and "HttpOnly" in c and "samesite=lax" in c.lower()
               for c in cookie)  # fmt: skip
    sessions = (await visitor.get("/api/v1/me/sessions")).json()
    assert sum(s["current"] for s in sessions) == 1 and len(sessions) == 2
    # The API accepts the session with its X-CSRF-Token, exactly as after /api/v1/auth/login.
    r = await visitor.client.post(
        "/api/v1/boards", json={"name": "Via API"}, headers={"x-csrf-token": visitor.csrf}
    )
    assert r.status_code == 201


async def test_wrong_password_is_shown_on_the_form(owner: Browser, new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    r = await visitor.login(owner.email, "not the password")
    assert r.status_code == 422 and "Incorrect e-mail or password" in r.text
    assert f'value="{owner.email}"' in r.text and "not the password" not in r.text


async def test_login_is_rate_limited(owner: Browser, new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    for _ in range(5):
        await visitor.login(owner.email, "wrong password")
    r = await visitor.login(owner.email, PASSWORD)
    assert r.status_code == 429 and "retry-after" in r.headers and "Too many" in r.text


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
     "http:/evil.example", "/\t/evil.example", " https://evil.example"],
)  # fmt: skip
async def test_next_never_leaves_the_site(
    owner: Browser, new_browser: NewBrowser, target: str
) -> None:
    visitor = await new_browser()
    r = await visitor.login(owner.email, next=target)
    assert r.status_code == 303 and r.headers["location"] == "/boards"
    page = await (await new_browser()).get("/login", params={"next": target})
    assert 'name="next" value="/boards"' in page.text


async def test_next_keeps_a_local_path(owner: Browser, new_browser: NewBrowser) -> None:
    r = await (await new_browser()).login(owner.email, next="/boards/1?q=a#x")
    assert r.headers["location"] == "/boards/1?q=a#x"
