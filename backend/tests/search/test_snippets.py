"""A hit's snippet, written from the card's text: which words are marked (as the engines
compare them), which passage is shown, and that only <mark> is markup."""

from __future__ import annotations

import re

from teamboard.search.query import parse
from teamboard.search.snippets import CLOSE, OPEN, marked, matcher, passage


def snippet(q: str, *columns: str) -> str:
    return marked(passage(columns, matcher(parse(q))))


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_letter_case_and_accents_do_not_matter() -> None:
    assert marks(snippet("resume", "Update the Résumé")) == ["Résumé"]
    assert marks(snippet("RÉSUMÉ", "a resume, and another RESUME")) == ["resume", "RESUME"]
    assert marks(snippet("istanbul", "İstanbul office")) == ["İstanbul"]
    assert marks(snippet("omega", "Ωμέγα", "", "", "")) == []  # another script's letters
    assert marks(snippet("ωμεγα", "ΩΜΈΓΑ", "", "", "")) == ["ΩΜΈΓΑ"]


def test_only_the_word_being_typed_is_a_prefix() -> None:
    assert marks(snippet("depl", "Deploy, deployment; redeploy")) == ["Deploy", "deployment"]
    assert marks(snippet("prod deploy", "production deploy prod")) == ["deploy", "prod"]


def test_a_phrase_is_marked_only_where_its_words_are_in_a_row() -> None:
    html = snippet('"deploy to staging"', "staging first: deploy to staging, then deploy")
    assert marks(html) == ["deploy to staging"]
    # Punctuation between the words, as the engines' parsers skip it.
    assert marks(snippet('"deploy to staging"', "deploy — to: staging")) == ["deploy — to: staging"]


def test_excluded_words_and_or_groups() -> None:
    assert marks(snippet("notes or production -staging", "staging notes for production")) == [
        "notes",
        "production",
    ]


def test_the_passage_comes_from_the_column_with_the_most_terms() -> None:
    columns = ("Gateway", "", "the gateway is slow", "zebra saw the gateway fall")
    html = snippet("gateway zebra", *columns)
    assert html == "<mark>zebra</mark> saw the <mark>gateway</mark> fall"
    # Of equals, the first column: the title.
    assert snippet("gateway", *columns) == "<mark>Gateway</mark>"


def test_a_long_text_shows_a_window_around_the_match() -> None:
    words = [f"w{n}" for n in range(200)]
    words[120] = "kestrel"
    html = snippet("kestrel", "Title", "", " ".join(words) + ".", "")
    assert html.startswith("…w117 w118 w119 <mark>kestrel</mark> w121")
    assert html.endswith("w132…")
    assert len(html.split()) == 16
    # At the column's end, the text runs to it, punctuation and all.
    words[198] = "kestrel"
    assert snippet("kestrel", "Title", "", " ".join(words[150:]) + ".", "").endswith(
        "<mark>kestrel</mark> w199."
    )


def test_no_match_found_shows_the_title() -> None:
    # The engine matched in a way this cannot see (its parser split a word another way).
    assert snippet("kestrel", "Deploy the gateway", "", "", "") == "Deploy the gateway"
    assert snippet("", "Deploy the gateway", "", "", "") == "Deploy the gateway"


def test_escaped_with_mark_its_only_markup() -> None:
    html = snippet("script", '<script>alert("x")</script> & <b>bold</b>')
    assert set(re.findall(r"</?([a-z]+)", html)) == {"mark"}
    assert "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)" in html
    # The private-use markers, typed into a card, mark nothing.
    assert snippet("deploy", f"{OPEN}fake{CLOSE} deploy") == "fake <mark>deploy</mark>"
