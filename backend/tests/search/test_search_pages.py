"""The search page with JavaScript off: the header's field leads to it, the same filters
and hits as the API, snippets escaped with only <mark>, pages by a "Next page" link, and
bad input told beside its field (never a 500)."""

from __future__ import annotations

import html
import re

from tests.support.pages import Browser, NewBrowser, World, share


def _hits(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<p class="search-hit-title"><a href="/cards/(\d+)"', page)]


async def test_the_header_searches_from_every_page(owner: Browser, world: World) -> None:
    r = await owner.get(f"/boards/{world.board_id}")
    form = re.search(r'<form method="get" action="/search"[^>]*role="search"', r.text)
    assert form is not None
    r = await owner.get("/search", params={"q": "docs"})
    assert r.status_code == 200, r.text
    assert _hits(r.text) == [world.card_id]
    assert 'id="site-search-q"' not in r.text  # the page's own field instead
    assert 'value="docs"' in r.text


async def test_snippets_are_escaped_with_only_marks(owner: Browser, world: World) -> None:
    card = await owner.card(world.columns[0], 'Fix <script>alert("x")</script> zebra')
    r = await owner.get("/search", params={"q": "zebra"})
    assert _hits(r.text) == [card]
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', r.text, re.S)
    assert snippet is not None
    tags = set(re.findall(r"</?([a-z]+)", snippet.group(1)))
    assert tags == {"mark"}
    assert "alert(&quot;x&quot;)&lt;/script&gt;" in snippet.group(1)
    assert "<script>" not in r.text.split("<main", 1)[1]


async def test_filters_and_next_pages(owner: Browser, world: World) -> None:
    made = [await owner.card(world.columns[1], f"Walrus {n}") for n in range(23)]
    r = await owner.get("/search", params={"q": "walrus", "board_id": world.board_id})
    first = _hits(r.text)
    assert len(first) == 20
    link = re.search(r'<a href="([^"]+)" rel="next">', r.text)
    assert link is not None
    r = await owner.get(html.unescape(link.group(1)))
    second = _hits(r.text)
    assert sorted(first + second) == sorted(made)
    assert 'rel="next"' not in r.text
    assert "← First page" in r.text
    r = await owner.get("/search", params={"q": "walrus", "archived": "true"})
    assert _hits(r.text) == []
    assert "No card matches" in r.text
    # Blank filters are no filters, as the board's filter reads them.
    params = {"q": "walrus", "board_id": "", "label": "", "due": "", "archived": ""}
    r = await owner.get("/search", params=params)
    assert len(_hits(r.text)) == 20


async def test_bad_input_is_told_beside_its_field(owner: Browser, world: World) -> None:
    params = {"q": "x" * 300, "board_id": "²", "due": "later", "cursor": "nope"}
    r = await owner.get("/search", params=params)
    assert r.status_code == 422, r.text
    for field in ("q", "board_id", "due", "cursor"):
        assert f'id="search-{field}-error"' in r.text, field
    assert "Shorten the search text to 200 characters" in r.text


async def test_other_boards_are_never_searched(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    other = await (await new_browser()).signup("Oscar Other")
    r = await other.get("/search", params={"q": "docs"})
    assert _hits(r.text) == []
    r = await other.get("/search", params={"q": "docs", "board_id": world.board_id})
    assert r.status_code == 200
    assert _hits(r.text) == []
    await share(owner, world.board_id, other, "viewer")
    r = await other.get("/search", params={"q": "docs"})
    assert _hits(r.text) == [world.card_id]


async def test_anonymous_visitors_log_in_first(new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    r = await visitor.get("/search", params={"q": "docs"})
    assert r.status_code in (302, 303), r.text
    assert r.headers["location"].startswith("/login")
