"""Markdown for descriptions and comments: CommonMark with raw HTML off, then sanitised.

Two layers on purpose: markdown-it escapes any HTML the author typed and refuses
``javascript:``-style links; nh3 (ammonia) then keeps only an allow-list of tags,
attributes and URL schemes, and stamps every link with ``rel="noopener nofollow"``.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=256)
def render_markdown(text: str) -> Markup:
    """Safe HTML for ``text``: the one place page output is marked safe. A pure function
    of ``text``, so memoised: a board's description is shown on every board page view."""
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above  # nosec B704
