"""The server pages' header: one line on a phone, so what is the signed-in person's own —
their account, the admin page, log-out — sits in one disclosure under their initials and
name, which opens with JavaScript off (a <details>)."""

from __future__ import annotations

import re

import httpx

from teamboard.core.runtime import Runtime
from tests.support.pages import Browser, make_admin


def _menu(html: str) -> str:
    found = re.search(r'<details class="account-menu">(.*?)</details>', html, re.S)
    assert found, "no account menu"
    return found.group(1)


async def test_the_account_menu_holds_what_is_the_persons_own(owner: Browser) -> None:
    html = (await owner.get("/boards")).text
    menu = _menu(html)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", menu, re.S)
    assert summary and owner.name in summary.group(1)
    assert 'href="/account"' in menu and 'action="/logout"' in menu
    assert 'href="/admin"' not in html
    # Outside it: the boards, and nothing else of the person's.
    outside = html.replace(menu, "")
    assert 'href="/account"' not in outside and 'action="/logout"' not in outside
    assert 'href="/boards"' in outside


async def test_an_administrator_finds_the_admin_page_in_it(
    owner: Browser, runtime: Runtime
) -> None:
    await make_admin(runtime, owner.id)
    menu = _menu((await owner.get("/account")).text)
    assert 'href="/admin"' in menu
    assert re.search(r'href="/account" aria-current="page"', menu)


async def test_a_visitor_has_no_menu(client: httpx.AsyncClient) -> None:
    html = (await client.get("/login")).text
    assert "account-menu" not in html and 'href="/signup"' in html
