"""What a person types into the search box, read once and written for each engine.

The syntax is PostgreSQL's ``websearch_to_tsquery``'s, on both engines: words must all be
there; ``"an exact phrase"``; ``-word`` (or ``-"a phrase"``) must not be; ``a or b`` either.
``or`` binds tighter than the implied "and": ``deploy staging or prod`` is
deploy AND (staging OR prod). The last word, while it is being typed, also finds the
words it begins ("depl" finds "deploy"). Letter case and accents never matter (the
engines fold both: search/models.py).

A query with nothing it requires (blank, punctuation, only ``-word``) finds nothing: it
would otherwise list every card."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Enough for any real search; the rest of a longer query is ignored.
MAX_TERMS = 16
# Shorter words are not prefixes: "a" would find nearly everything.
PREFIX_FROM = 2
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # one word, or the words of a phrase
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Parsed:
    # Every group must match (one of its terms); no ``excluded`` term may.
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups


def parse(q: str) -> Parsed:
    parsed = Parsed()
    pending_or = False
    count = 0
    tokens = list(_TOKEN.finditer(q))
    last_word = _last_plain_word(tokens)
    for match in tokens:
        negated, phrase, bare_negated, word = match.groups()
        if word is not None and word.lower() == "or" and not bare_negated:
            pending_or = bool(parsed.groups)
            continue
        is_phrase = word is None
        text = " ".join((phrase if is_phrase else word).split())
        if not _WORDLIKE.search(text) or count >= MAX_TERMS:
            continue
        count += 1
        term = Term(
            text,
            phrase=is_phrase,
            prefix=match is last_word and len(text) >= PREFIX_FROM,
        )
        if negated or bare_negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


def _last_plain_word(tokens: list[re.Match[str]]) -> re.Match[str] | None:
    """The query's last token, if it is a word being typed (not a phrase, not ``-word``)."""
    if not tokens:
        return None
    last = tokens[-1]
    return last if last.group(4) is not None and not last.group(3) else None


# -- SQLite FTS5 ------------------------------------------------------------------------


def _fts_term(term: Term) -> str:
    # Quoted, so that nothing a person types is FTS5 syntax; the tokenizer splits it.
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + ("*" if term.prefix else "")


def fts5_match(parsed: Parsed) -> str:
    """The FTS5 MATCH expression (with explicit parentheses: FTS5's OR binds looser
    than its AND, websearch's tighter)."""
    groups = ["(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in parsed.groups]
    expression = " AND ".join(groups)
    for term in parsed.excluded:
        expression += " NOT " + _fts_term(term)
    return expression


# -- PostgreSQL ---------------------------------------------------------------------------


def websearch_text(term: Term) -> str:
    """The term as ``websearch_to_tsquery`` reads it: a phrase in quotes; a word alone
    (quoted too when it is "or", which would be the operator)."""
    if term.phrase or term.text.lower() == "or":
        return '"' + term.text + '"'
    return term.text
