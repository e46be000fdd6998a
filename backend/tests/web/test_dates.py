"""Dates read the same on the pages as in the SPA: web/dates.py and web/avatars.py against
the table of cases the SPA's tests read too (frontend/src/lib/dates.cases.json)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from teamboard.web import avatars, dates

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parents[3] / "frontend/src/lib/dates.cases.json").read_text()
)


def _name(case: dict[str, Any]) -> str:
    return f"{case.get('zone')}:{case.get('due') or case.get('at') or case.get('name')}"


@pytest.mark.parametrize("case", CASES["due"], ids=_name)
def test_a_due_date_reads_as_the_shared_table_says(case: dict[str, Any]) -> None:
    today = dates.today_in(case["zone"], datetime.fromisoformat(case["now"]))
    got = dates.due(date.fromisoformat(case["due"]), today)
    assert got == (case["text"], case["urgency"], case["full"], case["spoken"])


@pytest.mark.parametrize("case", CASES["times"], ids=_name)
def test_a_time_reads_as_the_shared_table_says(case: dict[str, Any]) -> None:
    now = datetime.fromisoformat(case["now"])
    got = dates.local_time(datetime.fromisoformat(case["at"]), case["zone"], now)
    assert got == case["text"]


@pytest.mark.parametrize("case", CASES["initials"], ids=_name)
def test_initials_read_as_the_shared_table_says(case: dict[str, Any]) -> None:
    assert avatars.initials(case["name"]) == case["text"]


def test_every_avatar_colour_holds_white_text_at_4_5_to_1() -> None:
    """The palette in app.css ("tiles" section): white initials on each colour, which is
    the same in the light and the dark theme."""
    css = (Path(__file__).parents[2] / "teamboard/web/static/css/app.css").read_text()
    found = 0
    for index in range(avatars.PALETTE_SIZE):
        marker = f".avatar-c{index} {{ background: #"
        assert marker in css, marker
        hex_colour = css.split(marker, 1)[1][:6]
        assert _contrast(hex_colour, "ffffff") >= 4.5, (index, hex_colour)
        found += 1
    assert found == avatars.PALETTE_SIZE


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
