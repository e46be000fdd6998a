"""Filenames as people gave them, within reason, and the header that sends them back."""

from __future__ import annotations

from teamboard.attachments.naming import clean_filename, content_disposition


def test_paths_controls_and_direction_marks_are_dropped() -> None:
    assert clean_filename("C:\\Users\\ana\\plan.pdf") == "plan.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("bad\x00\x07name\u202egpj.exe") == "badnamegpj.exe"
    assert clean_filename("%22quoted%22 line%0Abreak.txt") == '"quoted" linebreak.txt'
    assert clean_filename("") == "file"
    assert clean_filename("...") == "file"


def test_long_names_keep_their_extension() -> None:
    name = clean_filename("a" * 400 + ".pdf")
    assert len(name) == 255
    assert name.endswith(".pdf")


def test_the_header_has_an_ascii_fallback_and_the_exact_name() -> None:
    assert content_disposition("plan 2026.pdf", inline=False) == (
        "attachment; filename=\"plan 2026.pdf\"; filename*=UTF-8''plan%202026.pdf"
    )
    assert content_disposition('日本"\\%.png', inline=True) == (
        "inline; filename=\"_____.png\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%22%5C%25.png"
    )
