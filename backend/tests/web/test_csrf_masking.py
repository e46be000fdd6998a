"""The CSRF token in pages is masked afresh in every response (BREACH: pages are
compressed), and every masking of the session's token is accepted; a tampered one, or
another session's, is not. The cookie and the session's secret stay the same."""

from __future__ import annotations

import re

from teamboard.core.security import mask_token, new_token, token_matches
from tests.support.pages import Browser, NewBrowser, World, hidden

TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


def tampered(token: str) -> str:
    """``token`` with one character changed (still URL-safe base64)."""
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


def test_a_masked_token_unmasks_to_its_secret_only() -> None:
    secret, other = new_token(24), new_token(24)
    first, second = mask_token(secret), mask_token(secret)
    assert first != second and secret not in first
    assert token_matches(first, secret) and token_matches(second, secret)
    assert token_matches(secret, secret)  # scripts echo the cookie itself
    assert not token_matches(first, other)
    assert not token_matches(tampered(first), secret)
    for junk in ("", "!!!", "a" * 5000, first[:-1], first + "A", "é" * 43):
        assert not token_matches(junk, secret), junk


async def test_each_page_carries_a_fresh_masking_of_the_session_token(
    owner: Browser, world: World
) -> None:
    tokens = []
    for _ in range(2):
        page = await owner.get(f"/boards/{world.board_id}")
        found = set(TOKEN.findall(page.text))
        assert len(found) == 1, found  # one masking per response, in every form
        assert owner.csrf not in page.text  # the secret itself never appears
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    assert owner.client.cookies.get("tb_csrf") == owner.csrf  # the cookie stays the same
    for n, token in enumerate(tokens):
        r = await owner.post("/boards", {"name": f"Made with page token {n}", "csrf_token": token})
        assert r.status_code == 303, r.text
    names = [b["name"] for b in (await owner.get("/api/v1/boards")).json()["items"]]
    assert {"Made with page token 0", "Made with page token 1"} <= set(names)


async def test_a_tampered_or_foreign_masked_token_is_refused(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    token = hidden((await owner.get("/boards")).text, "csrf_token")
    other = await (await new_browser()).signup("Other")
    theirs = hidden((await other.get("/boards")).text, "csrf_token")
    for bad in (tampered(token), theirs):
        r = await owner.post("/boards", {"name": "Evil", "csrf_token": bad})
        assert r.status_code == 403, bad
        assert "CSRF check failed" in r.text
    assert (await owner.get("/api/v1/boards")).json()["total"] == 1


async def test_the_log_in_form_token_is_masked_too(new_browser: NewBrowser) -> None:
    user = await (await new_browser()).signup("Returning")
    visitor = await new_browser()
    first = await visitor.entry_token("/login")
    second = await visitor.entry_token("/login")
    cookie = visitor.client.cookies.get("tb_form") or ""
    assert first != second and cookie and cookie not in (first, second)
    bad = await visitor.post(
        "/login", {"csrf_token": tampered(first), "email": user.email, "password": "x" * 20}
    )
    assert bad.status_code == 403
    r = await visitor.login(user.email)  # a third masking, posted
    assert r.status_code == 303, r.text
