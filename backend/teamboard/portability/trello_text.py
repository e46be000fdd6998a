"""Trello's texts and colours as Teamboard keeps them: lines without control characters
and within their limits, Markdown as written, links to attachments, colour names mapped
to the palette; and the import's report, in words (counted as people count)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from urllib.parse import quote, urlsplit

from teamboard.core.schemas import MARKDOWN_MAX

GREY = "#6b7280"
# Trello's colour names → the palette's (its 600 shades; _dark 800, _light 400).
PALETTE = {
    "green": ("#16a34a", "#166534", "#4ade80"),
    "yellow": ("#ca8a04", "#854d0e", "#facc15"),
    "orange": ("#ea580c", "#9a3412", "#fb923c"),
    "red": ("#dc2626", "#991b1b", "#f87171"),
    "purple": ("#9333ea", "#6b21a8", "#c084fc"),
    "blue": ("#2563eb", "#1e40af", "#60a5fa"),
    "sky": ("#0284c7", "#075985", "#38bdf8"),
    "lime": ("#65a30d", "#3f6212", "#a3e635"),
    "pink": ("#db2777", "#9d174d", "#f472b6"),
    "black": ("#4b5563", "#1f2937", "#9ca3af"),
}


def colour_of(trello: str | None) -> str:
    """``green`` → its hex; ``green_dark``/``green_light`` → a darker/lighter shade; no
    colour or one Trello may add later → grey."""
    if not trello:
        return GREY
    base, _, shade = trello.lower().partition("_")
    shades = PALETTE.get(base)
    if shades is None:
        return GREY
    return {"dark": shades[1], "light": shades[2]}.get(shade, shades[0])


def line(text: str, limit: int, fallback: str) -> tuple[str, bool]:
    """One line of at most ``limit`` characters, without control characters; whether it
    was shortened."""
    clean = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in unicodedata.normalize("NFC", text)
    ).strip()
    if not clean:
        return fallback, False
    if len(clean) > limit:
        return clean[: limit - 1].rstrip() + "…", True
    return clean, False


def long_text(text: str, limit: int = MARKDOWN_MAX) -> tuple[str, bool]:
    clean = "".join(
        ch
        for ch in unicodedata.normalize("NFC", text)
        if ch in "\n\r\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    if len(clean) > limit:
        return clean[: limit - 1] + "…", True
    return clean, False


_MARKDOWN_SPECIAL = str.maketrans({ch: f"\\{ch}" for ch in "\\`*_[]<>()#!|"})


def markdown_link(name: str, url: str) -> str | None:
    """A Markdown link to an attachment (web links only: Trello's own uploads are web
    links too, readable while the board's files stay on Trello)."""
    url = url.strip()
    if urlsplit(url).scheme not in ("http", "https") or any(c in url for c in "<>\n\r"):
        return None
    title, _ = line(name, 200, url)
    return (
        f"- [{title.translate(_MARKDOWN_SPECIAL)}](<{quote(url, safe=':/?#[]@!$&()*+,;=%~.-_')}>)"
    )


def plural(n: int, one: str, many: str) -> str:
    """``n`` and the thing's name, as a person says it: "1 card", "2 cards"."""
    return f"{n} {one if n == 1 else many}"


MAX_SKIPPED = 100  # entries in a report; past them, one says how many more


class Report:
    """What an import made (counts by kind), what it left out and why, and notes."""

    def __init__(self) -> None:
        self.imported: Counter[str] = Counter()
        self.skipped: list[dict[str, str]] = []
        self.notes: list[str] = []
        self.more = 0

    def skip(self, what: str, why: str) -> None:
        if len(self.skipped) < MAX_SKIPPED:
            self.skipped.append({"what": what, "why": why})
        else:
            self.more += 1

    def count(self, n: int, what: tuple[str, str], why: str) -> None:
        """``what``: the thing's name for one of it and for more."""
        if n:
            self.skip(plural(n, *what), why)

    def closed(self) -> list[dict[str, str]]:
        if self.more:
            return [*self.skipped, {"what": f"{self.more} more", "why": "see the ones above"}]
        return self.skipped
