"""Markdown for descriptions and comments: CommonMark with raw HTML shown as text, then
sanitised, at a bounded cost and never on the event loop when it is more than a little.

Two layers on purpose: cmark-gfm (web/cmark.py) turns any HTML the author typed into text
and empties ``javascript:``-style links; nh3 (ammonia) then keeps only an allow-list of
tags, attributes and URL schemes, and stamps every link with ``rel="noopener nofollow"``.
The SPA renders with the same allow-list (``teamboard markdown-policy``).

The cost is linear in the text (at most ``MAX_CHARS``, as the schemas allow): cmark-gfm is
linear, and the two things that make its HTML grow faster than its input are stopped
before the sanitiser sees them. A table's short rows are filled with empty cells (a wide
header over many one-character lines is megabytes of HTML), so tables are left out when
they could hold more cells than the text has characters; blockquotes nest without limit
(``>>>>…``) and the sanitiser's work grows with the square of the depth, so a text with
more than ``MAX_QUOTES`` of them, or whose HTML would still exceed ``MAX_HTML``, is shown
as plain text. People's Markdown never comes near these.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from operator import methodcaller
from typing import Any

import anyio
import nh3
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from teamboard.core.schemas import MARKDOWN_MAX
from teamboard.web import cmark

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"

MAX_CHARS = MARKDOWN_MAX
MAX_HTML = 256 * 1024  # characters; 20,000 "&" make 100,000 ("&amp;" each)
MAX_QUOTES = 200
# A page renders its Markdown on the event loop when the texts not yet memoised come to
# at most this many characters, else in one worker-thread hop (~0.1 ms) for all of them.
# Measured: ordinary Markdown ~0.2 us a character, the worst input found ~1.3 us
# (bench/markdown_bench.py), so at most ~1.3 ms on the loop, typically ~0.2 ms.
INLINE_CHARS = 1_000
MEMO_CHARS = 8_000_000  # texts and their HTML, together


def policy() -> dict[str, Any]:
    """What the SPA needs to render Markdown as the pages do: the allow-list and the
    limits (``teamboard markdown-policy`` writes it to frontend/src/generated/)."""
    return {
        "tags": sorted(TAGS),
        "attributes": {tag: sorted(names) for tag, names in sorted(ATTRIBUTES.items())},
        "url_schemes": sorted(URL_SCHEMES),
        "link_rel": LINK_REL,
        "max_chars": MAX_CHARS,
        "max_html": MAX_HTML,
        "max_quotes": MAX_QUOTES,
    }


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_pipes = methodcaller("count", "|")


def _tables_fit(text: str) -> bool:
    """Whether the tables in ``text`` can have at most one cell per character of it: a
    table's rows run to a blank line, and each has as many cells as its delimiter row, at
    most one more than the pipes of the widest line. Cheap bounds first: most texts stop
    there. (frontend/src/lib/markdown.ts has the same rule.)"""
    pipes = text.count("|")
    lines = text.split("\n") if pipes else []
    if (pipes + 1) * len(lines) <= len(text):
        return True
    if (max(map(_pipes, lines)) + 1) * len(lines) <= len(text):
        return True
    cells = 0
    for block in _BLANK_LINE.split(text):
        if "|" in block and "\n" in block:  # a table needs a header and a delimiter row
            rows = block.split("\n")
            cells += (max(map(_pipes, rows)) + 1) * len(rows)
    return cells <= len(text)


def _plain(text: str) -> Markup:
    html = str(escape(text)).replace("\n", "<br>\n")
    markup = f"<p>{html}</p>"
    return Markup(markup)  # noqa: S704 - escaped just above  # nosec B704


def _render(text: str) -> Markup:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # all line ends to CommonMark
    if len(text) > MAX_CHARS:
        return _plain(text)
    html = cmark.to_html(text, tables=_tables_fit(text))
    if len(html) > MAX_HTML or html.count("<blockquote>") > MAX_QUOTES:
        return _plain(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above  # nosec B704


class _Memo:
    """Rendered HTML by text, least recently used out first, bounded by the characters
    held. Pages render in worker threads too, hence the lock."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._data: OrderedDict[str, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> Markup | None:
        with self._lock:
            html = self._data.get(text)
            if html is not None:
                self._data.move_to_end(text)
            return html

    def put(self, text: str, html: Markup) -> None:
        cost = len(text) + len(html)
        if cost > self.budget:
            return
        with self._lock:
            if text in self._data:
                return
            self._data[text] = html
            self.size += cost
            while self.size > self.budget:
                old, old_html = self._data.popitem(last=False)
                self.size -= len(old) + len(old_html)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.size = 0


memo = _Memo(MEMO_CHARS)


def render_markdown(text: str) -> Markup:
    """Safe HTML for ``text``: the one place page output is marked safe. A pure function
    of ``text``, so memoised: a board's description is shown on every board page view."""
    html = memo.get(text)
    if html is None:
        html = _render(text)
        memo.put(text, html)
    return html


def _render_all(texts: list[str]) -> list[Markup]:
    return [render_markdown(text) for text in texts]


async def render_page_markdown(texts: Iterable[str]) -> dict[str, Markup]:
    """A page's Markdown, rendered before its template (whose ``markdown`` filter only
    looks it up): what is memoised at once, the rest on the event loop when it is little,
    else in one worker-thread hop for the whole page."""
    rendered: dict[str, Markup] = {}
    missing: list[str] = []
    for text in dict.fromkeys(texts):
        html = memo.get(text)
        if html is not None:
            rendered[text] = html
        elif text:
            missing.append(text)
    if sum(map(len, missing)) <= INLINE_CHARS:
        htmls = _render_all(missing)
    else:
        htmls = await anyio.to_thread.run_sync(_render_all, missing)
    rendered.update(zip(missing, htmls, strict=True))
    rendered[""] = Markup("")
    return rendered


@pass_context
def markdown_filter(context: Context, text: str) -> Markup:
    """``{{ text | markdown }}`` in a template: the HTML its page rendered beforehand
    (``render_page_markdown``, passed as ``markdown_html``). A text the page did not render
    is an error, so no template can render Markdown on the event loop."""
    html: Markup = context["markdown_html"][text]
    return html
