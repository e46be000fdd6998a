"""What search engines and Lighthouse's SEO audit read on every page: the language, a
title and one meta description of the page's own."""

from __future__ import annotations

import re

from tests.support.pages import Browser, NewBrowser, World

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def head_of(html: str) -> str:
    assert '<html lang="en">' in html
    return html.split("</head>", 1)[0]


async def test_public_pages_have_their_own_description(new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    seen: dict[str, str] = {}
    for url in ("/", "/login", "/signup", "/forgot-password", "/docs", "/no-such-page"):
        r = await visitor.get(url)
        descriptions = DESCRIPTION.findall(head_of(r.text))
        assert len(descriptions) == 1 and len(descriptions[0]) > 40, (url, descriptions)
        seen[url] = descriptions[0]
    assert seen["/login"] != seen["/signup"] != seen["/"]


async def test_signed_in_pages_have_a_description(owner: Browser, world: World) -> None:
    for url in ("/boards", f"/boards/{world.board_id}", f"/cards/{world.card_id}", "/account"):
        r = await owner.get(url)
        assert r.status_code == 200, url
        assert len(DESCRIPTION.findall(head_of(r.text))) == 1, url
