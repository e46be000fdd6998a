"""The board page's columns are rendered once per board version and shared: each viewer
must still get forms with his own CSRF token, and a change must show at once."""

from __future__ import annotations

import re

from teamboard.core.security import token_matches
from tests.support.pages import Browser, NewBrowser, World, share

TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


async def test_each_viewer_gets_his_own_token_in_a_shared_rendering(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    other = await (await new_browser()).signup("Other")
    await share(owner, world.board_id, other, "owner")  # same role: same rendering
    for browser in (owner, other, owner, other):
        page = await browser.get(f"/boards/{world.board_id}")
        tokens = set(TOKEN.findall(page.text))
        # One masking of his own token per page (core/security.mask_token).
        assert len(tokens) == 1 and token_matches(tokens.pop(), browser.csrf), tokens
    assert owner.csrf != other.csrf


async def test_a_change_shows_on_the_next_view(owner: Browser, world: World) -> None:
    url = f"/boards/{world.board_id}"
    assert "Fresh card" not in (await owner.get(url)).text
    await owner.card(world.columns[0], "Fresh card")
    assert "Fresh card" in (await owner.get(url)).text
