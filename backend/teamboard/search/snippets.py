"""A hit's snippet: its best passage, found in the card's document text (the title, the
label names, the description, the comments) with the words that matched marked, then
escaped into HTML with ``<mark>`` as its only markup.

Written here, not by the engines (FTS5's ``snippet()``, ``ts_headline``): the page's
statement brings the text along, so a search is one statement on either engine, and the
same words are marked on both. FTS5 could only write snippets by running the MATCH again
(a common word's prefix expansion a second time: more than half the cost of the search
over 100,000 cards); PostgreSQL, by parsing each document again.

Only the engines decide what matches; this module only finds where. Words are compared
as the engines compare them: letter case and accents do not matter (the query's words
are folded, and each letter matches every letter that folds to it), a word being typed
is a prefix, a phrase's words come in a row. The work is bounded: each column is read up
to ``READ_CHARS`` (the statement cuts it), only its first ``MAX_SPANS`` matches are
weighed, and the search stops at the first passage that holds every term."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from teamboard.search.query import Parsed, Term

WINDOW_WORDS = 16  # the passage's length, as FTS5's snippet() and ts_headline were asked
WORDS_BEFORE = 3  # how many words lead up to the first match in the passage
# Of each column, what is searched for a passage, so that the work stays bounded when
# descriptions and comments run long (the worst page, 50 hits of four such columns that
# hold none of the words, is ~10-15 ms); a word found only further on shows the title.
READ_CHARS = 4_000
MAX_SPANS = 16
MAX_CHARS = 400
ELLIPSIS = "…"
OPEN = "\ue000"  # private-use characters: nothing a person types opens or closes a mark
CLOSE = "\ue001"
_WORD = re.compile(r"[^\W_]+")  # as unicode61 and the "simple" parser split words
_GAP = r"[\W_]+"
_PARTS = re.compile(f"([{OPEN}{CLOSE}])")
_SPACE = re.compile(r"\s+")
_NO_MARKERS = str.maketrans({OPEN: None, CLOSE: None})


@cache
def _fold_table() -> dict[int, str]:
    """Case and accents off, one character for one: Latin, Greek, Cyrillic and their
    extensions (what people write in this app's languages)."""
    table: dict[int, str] = {}
    for code in (*range(0x80, 0x530), *range(0x1E00, 0x2000)):
        char = chr(code)
        marks_off = unicodedata.normalize("NFD", char)
        base = "".join(c for c in marks_off if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != char:
            table[code] = base
    return table


def fold(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_fold_table()).lower()


@lru_cache(maxsize=1024)  # any character a query holds: bounded
def _letter(char: str) -> str:
    """A folded letter as a pattern for every letter that folds to it ("e": e, é, è, É…):
    the text is searched as it is, never folded itself (folding 4,000 characters of
    accented text cost more than searching them)."""
    same = {char} | {chr(code) for code, base in _fold_table().items() if base == char}
    return re.escape(char) if len(same) == 1 else "[" + "".join(sorted(same)) + "]"


def _pattern(term: Term) -> str | None:
    words = _WORD.findall(fold(term.text))
    if not words:
        return None
    spelt = ["".join(_letter(c) for c in word) for word in words]
    tail = r"[^\W_]*" if term.prefix else r"(?![^\W_])"
    return r"(?<![^\W_])" + _GAP.join(spelt) + tail


def matcher(parsed: Parsed) -> re.Pattern[str] | None:
    """One pattern for every term that must (or may) be there; never the excluded ones.
    Each term is a group of its own, so that a match tells which term it was."""
    patterns = [p for group in parsed.groups for t in group if (p := _pattern(t))]
    if not patterns:
        return None
    # Case by the engine's own rule (IGNORECASE), accents by the letters' patterns.
    return re.compile("|".join(f"({p})" for p in patterns), re.IGNORECASE)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, int]]:
    """Where the terms are in ``text``: start, end and which term (at most MAX_SPANS)."""
    found: list[tuple[int, int, int]] = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            found.append((match.start(), match.end(), match.lastindex or 0))
            if len(found) == MAX_SPANS:
                break
    return found


def _best(spans: list[tuple[int, int, int]], text: str, wanted: int) -> tuple[int, int]:
    """The span to start from, and how many different terms a passage from it holds (the
    first that holds all ``wanted``, else the first that holds the most)."""
    best, most = 0, 0
    for index, (start, _end, _term) in enumerate(spans):
        reach = _reach(text, start)
        terms = {term for s, _e, term in spans[index:] if s < reach}
        if len(terms) > most:
            best, most = index, len(terms)
            if most == wanted:
                break
    return best, most


def _reach(text: str, start: int) -> int:
    """Where the passage that starts its matches at ``start`` ends."""
    end = start
    for count, word in enumerate(_WORD.finditer(text, start, start + WINDOW_WORDS * 48)):
        end = word.end()
        if count + 1 >= WINDOW_WORDS - WORDS_BEFORE:
            break
    return end


def _passage(text: str, spans: list[tuple[int, int, int]], anchor: int) -> str:
    before = list(_WORD.finditer(text, max(0, anchor - 40 * WORDS_BEFORE), anchor))
    lead = before[-WORDS_BEFORE:]
    low = lead[0].start() if lead else anchor
    if not _WORD.search(text, 0, low):
        low = 0  # from the column's start, punctuation and all
    high = _reach(text, anchor)
    if not _WORD.search(text, high):
        high = len(text)
    out = [ELLIPSIS] if low else []
    at = low
    for start, end, _term in spans:
        if start >= low and end <= high and start >= at:
            out += [_plain(text, at, start), OPEN, _plain(text, start, end), CLOSE]
            at = end
    out.append(_plain(text, at, high))
    if high < len(text):
        out.append(ELLIPSIS)
    return "".join(out)


def _plain(text: str, start: int, end: int) -> str:
    return text[start:end].translate(_NO_MARKERS)  # a marker typed into a card is not one


def passage(columns: Sequence[str], pattern: re.Pattern[str] | None) -> str:
    """The best passage of a document's columns, with markers around what matched: the
    column and place where the most different terms fall within a passage's length (the
    earliest, of equals). With no match found (a word the engine's parser split another
    way), the start of the first column."""
    chosen: tuple[str, list[tuple[int, int, int]], int] = (columns[0] if columns else "", [], 0)
    if pattern is None:
        return _passage(*chosen)
    most = 0
    for text in columns:
        spans = _spans(pattern, text)
        if spans:
            index, terms = _best(spans, text, pattern.groups)
            if terms > most:
                most, chosen = terms, (text, spans, spans[index][0])
            if most == pattern.groups:
                break  # every term in one passage: no later column can hold more
    return _passage(*chosen)


def marked(raw: str) -> str:
    """The passage as HTML: escaped, ``<mark>`` around what is between the markers."""
    text = _SPACE.sub(" ", raw).strip()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rstrip() + ELLIPSIS
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
