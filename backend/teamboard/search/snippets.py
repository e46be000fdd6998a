"""A snippet as HTML: the text escaped, with ``<mark>`` around what matched and no other
markup. The engines mark matches with two private-use characters; one a person typed
cannot open an element that is not closed, nor close one that is not open."""

from __future__ import annotations

import html
import re

OPEN = "\ue000"
CLOSE = "\ue001"
# What PostgreSQL's ts_headline would read as markup and drop (a title "Use <b>"), handed
# to it as private-use characters and given back here, before escaping.
HIDDEN = "<>&"
STAND_INS = "\ue002\ue003\ue004"
_BACK = str.maketrans(STAND_INS, HIDDEN)
_PARTS = re.compile(f"([{OPEN}{CLOSE}])")
_SPACE = re.compile(r"\s+")
MAX_CHARS = 400


def marked(raw: str) -> str:
    text = _SPACE.sub(" ", raw.translate(_BACK)).strip()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rstrip() + "…"
    out: list[str] = []
    inside = False
    for part in _PARTS.split(text):
        if part == OPEN:
            if not inside:
                out.append("<mark>")
            inside = True
        elif part == CLOSE:
            if inside:
                out.append("</mark>")
            inside = False
        elif part:
            out.append(html.escape(part))
    if inside:
        out.append("</mark>")
    return "".join(out)
