"""Markdown: bounded input with a limit in words, raw HTML shown as the text it was, the
allow-list, pathological input rendered (cheaply: bench/markdown_bench.py measures it)
and no memory kept by the C renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

from teamboard.cli.documents import markdown_policy_document
from teamboard.core.messages import message
from teamboard.web import cmark
from teamboard.web.markdown import MAX_QUOTES, _Memo, render_markdown
from tests.support.app import resident_bytes
from tests.support.pages import Browser, NewBrowser, World, assert_inert, field_error, share, tags

TOO_LONG = "to 20,000 characters or fewer (it has 20,001)."
NESTED_IMAGES = "![" * 10_000  # 20,000 characters: 0.2 s each with markdown-it


def html_of(text: str) -> str:
    return str(render_markdown(text))


# -- the limit, in words ----------------------------------------------------------------


async def test_markdown_fields_say_their_limit_in_words_on_the_pages(
    owner: Browser, world: World
) -> None:
    long = "x" * 20_001
    settings = f"/boards/{world.board_id}/settings"
    cases = [
        (f"/cards/{world.card_id}/comments", {"body": long}, "comment-body"),
        (f"/cards/{world.card_id}", {"title": "T", "description": long}, "edit-description"),
        ("/boards", {"name": "B", "description": long}, "new-board-description"),
        (settings, {"name": "B", "description": long}, "board-description"),
    ]  # fmt: skip
    for url, data, field in cases:
        r = await owner.post(url, data)
        assert r.status_code == 422, url
        assert field_error(r.text, field).endswith(TOO_LONG)
        assert f">{long}</textarea>" in r.text  # what was typed comes back


async def test_markdown_fields_say_their_limit_in_words_in_the_api(
    owner: Browser, world: World
) -> None:
    headers = {"x-csrf-token": owner.csrf}
    long = "x" * 20_001
    cases = [
        ("POST", f"/api/v1/cards/{world.card_id}/comments", {"body": long}),
        ("PATCH", f"/api/v1/cards/{world.card_id}", {"description": long}),
        ("POST", "/api/v1/boards", {"name": "B", "description": long}),
        ("PATCH", f"/api/v1/boards/{world.board_id}", {"description": long}),
        ("POST", "/api/v1/boards", {"name": "B", "description": long * 5}),  # past the cheap cap
    ]
    for method, url, payload in cases:
        r = await owner.client.request(method, url, json=payload, headers=headers)
        assert r.status_code == 422, url
        [error] = r.json()["errors"]
        field, text = next(iter((k, v) for k, v in payload.items() if k != "name"))
        assert error["msg"] == message("too_long", field, limit=20_000, length=len(text))
        assert error["code"] == "too_long"
    r = await owner.client.post("/api/v1/boards", json={"name": " "}, headers=headers)
    assert r.json()["errors"][0]["msg"] == "Give it a name."  # not "Value error, …"


async def test_every_length_limit_is_in_words_however_long_the_text(
    owner: Browser, world: World
) -> None:
    """Past four times a limit, the check before normalising answers, in the same words."""
    headers = {"x-csrf-token": owner.csrf}
    cases = [
        ("PATCH", f"/api/v1/cards/{world.card_id}", "title", 200, 1_000),
        ("POST", f"/api/v1/boards/{world.board_id}/columns", "name", 100, 101),
        ("POST", f"/api/v1/boards/{world.board_id}/columns", "name", 100, 5_000),
        ("POST", f"/api/v1/boards/{world.board_id}/labels", "name", 50, 51),
    ]
    for method, url, field, limit, length in cases:
        r = await owner.client.request(method, url, json={field: "x" * length}, headers=headers)
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert error["msg"] == message("too_long", field, limit=limit, length=length)
        assert f"to {limit} characters or fewer (it has {length:,})." in error["msg"]


async def test_a_textarea_full_to_the_limit_is_accepted_with_its_line_breaks(
    owner: Browser, world: World
) -> None:
    """Browsers send CRLF: counted as it arrived, this text would be 21,000 characters."""
    text = ("a" * 19 + "\r\n") * 1_000
    r = await owner.post(f"/boards/{world.board_id}/settings", {"name": "B", "description": text})
    assert r.status_code == 303, r.text
    r = await owner.post("/boards", {"name": "B2", "description": text})
    assert r.status_code == 303, r.text
    board = await owner.board_json(world.board_id)
    assert board["description"] == text.replace("\r\n", "\n")


# -- rendering --------------------------------------------------------------------------


def test_raw_html_is_shown_as_the_text_it_was() -> None:
    assert html_of("a <b>bold</b> move") == "<p>a &lt;b&gt;bold&lt;/b&gt; move</p>\n"
    assert html_of("<div class=x>\n**not bold**\n</div>") == (
        "<p>&lt;div class=x&gt;\n**not bold**\n&lt;/div&gt;</p>\n"
    )
    assert html_of("<!-- hidden? -->") == "<p>&lt;!-- hidden? --&gt;</p>\n"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of("<script>alert(1)</script>")
    # Not HTML to begin with: autolinks, code, comparisons.
    assert html_of("<https://example.com> `<T>` 1 < 2") == (
        '<p><a href="https://example.com" rel="noopener nofollow">https://example.com</a> '
        "<code>&lt;T&gt;</code> 1 &lt; 2</p>\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](vbscript:x) [d](data:text/html,x)",
        '<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>',
        "![x](javascript:alert(1)) <form action=/x><input name=a></form>",
        '<svg onload=alert(1)> <iframe src="https://evil.example"></iframe> <p style="x">',
    ],
)
def test_scripts_and_javascript_links_are_inert(text: str) -> None:
    html = html_of(text)
    assert_inert(html, text)
    assert not any(t in ("img", "form", "input", "svg", "iframe") for t, _ in tags(html))
    assert all(set(attrs) <= {"href", "rel"} for _, attrs in tags(html))
    assert all(
        (attrs.get("href") or "").startswith(("https:", "http:", "mailto:"))
        for t, attrs in tags(html)
        if t == "a" and attrs.get("href")
    )


def test_the_allow_list_keeps_commonmark_tables_and_strikethrough() -> None:
    html = html_of(
        "# Title\n\n3. third\n4. fourth\n\n> quote\n\n~~gone~~ ~kept~ *em* **strong**\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```py\ncode\n```\n\n---\n[l](https://e.com 'T')"
    )
    assert "<h1>Title</h1>" in html and '<ol start="3">' in html
    assert "<blockquote>\n<p>quote</p>\n</blockquote>" in html
    assert "<del>gone</del> ~kept~ <em>em</em> <strong>strong</strong>" in html
    assert "<th>a</th>" in html and "<td>2</td>" in html  # alignment attributes dropped
    assert "<pre><code>code\n</code></pre>" in html and "<hr>" in html
    assert '<a href="https://e.com" title="T" rel="noopener nofollow">l</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        NESTED_IMAGES,
        "[" * 20_000,
        "![a](" * 4_000,
        "<b>![" * 4_000,
        "*a_" * 6_666,
        "*_" * 5_000 + "x" + "_*" * 5_000,
        "&" * 20_000,
    ],
)
def test_pathological_input_renders_as_text(text: str) -> None:
    html = html_of(text)
    assert html.startswith("<p>") and len(html) < 6 * len(text)
    assert_inert(html, text[:20])


def test_a_table_that_would_be_mostly_filler_cells_is_left_as_text() -> None:
    """A 2,000-column header over 8,000 one-character rows: 16 million empty cells."""
    bomb = "|a" * 2_000 + "\n" + "|-" * 2_000 + "\n" + "a\n" * 8_000
    html = html_of(bomb[:20_000])
    assert "<td" not in html and len(html) < 2 * 20_000
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 1_000 + "| short |\n"
    assert html_of(table).count("<td>") == 2 * 1_001  # a real table, a short row filled


def test_blockquotes_nest_up_to_a_limit_then_the_text_is_plain() -> None:
    assert html_of("> " * 5 + "deep").count("<blockquote>") == 5
    assert html_of("> " * MAX_QUOTES + "deep").count("<blockquote>") == MAX_QUOTES
    html = html_of(">" * 20_000)
    assert "<blockquote>" not in html and html == f"<p>{'&gt;' * 20_000}</p>"


def test_plain_text_keeps_the_line_breaks() -> None:
    html = html_of(">" * 300 + "\n<b>x</b>\nline")
    assert html == f"<p>{'&gt;' * 300}<br>\n&lt;b&gt;x&lt;/b&gt;<br>\nline</p>"


# -- cost and memory --------------------------------------------------------------------


def test_the_renderer_keeps_no_memory() -> None:
    """cmarkgfm's own helpers never free the document or the HTML they return (4 GB after
    3,000 calls); web/cmark.py frees both."""
    text = ("<b>x</b> *y* [z](https://example.com)\n\n| a | b |\n|-|-|\n| 1 | 2 |\n\n" * 250)[
        :19_990
    ]
    cmark.to_html(text)
    before = resident_bytes()
    for i in range(500):
        cmark.to_html(f"{text}{i}")
    grown = resident_bytes() - before
    assert grown < 8 * 2**20, f"resident memory grew by {grown / 2**20:.1f} MiB"


def test_the_memo_is_bounded_by_what_it_holds() -> None:
    memo = _Memo(budget=10_000)
    for i in range(100):
        memo.put(f"text {i}" * 50, render_markdown(f"text {i}"))
    assert memo.size <= 10_000 and memo.get("text 99" * 50) is not None
    assert memo.get("text 0" * 50) is None  # the oldest went first


# -- the pages --------------------------------------------------------------------------


async def test_the_attack_card_page_renders(owner: Browser, world: World) -> None:
    """The reviewer's page: 40 comments of 20,000 characters of nested "![" (19 s before)."""
    headers = {"x-csrf-token": owner.csrf}
    for i in range(40):
        body = f"{i:02}" + NESTED_IMAGES[2:]
        r = await owner.client.post(
            f"/api/v1/cards/{world.card_id}/comments", json={"body": body}, headers=headers
        )
        assert r.status_code == 201, r.text
    r = await owner.get(f"/cards/{world.card_id}")
    assert r.status_code == 200 and r.text.count("![![![![") >= 40
    assert_inert(r.text, "attack page")


async def test_board_descriptions_render_on_every_board_page(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    for i in range(3):
        data = {"name": f"B{i}", "description": f"{i}{NESTED_IMAGES}"[:20_000]}
        assert (await owner.post("/boards", data)).status_code == 303
    data = {"name": "Launch", "description": "<b>*hi*</b>"}
    assert (await owner.post(f"/boards/{world.board_id}/settings", data)).status_code == 303
    r = await owner.get("/boards")
    assert r.status_code == 200 and r.text.count("![![![![") >= 3
    shown = "&lt;b&gt;<em>hi</em>&lt;/b&gt;"
    assert shown in r.text and shown in (await owner.get(f"/boards/{world.board_id}")).text
    viewer = await (await new_browser()).signup()
    await share(owner, world.board_id, viewer, "viewer")
    assert shown in (await viewer.get(f"/boards/{world.board_id}/settings")).text


def test_the_committed_markdown_policy_is_current() -> None:
    """The SPA sanitises with the pages' allow-list and limits, read from this file."""
    committed = Path(__file__).parents[3] / "frontend/src/generated/markdown-policy.json"
    assert committed.read_text(encoding="utf-8") == markdown_policy_document(), (
        "frontend/src/generated/markdown-policy.json is out of date: run `make client` and "
        "commit the result"
    )
