"""The board's filter (cards/filtering.py): the same cards as the frontends' filter for the
same address (one file of cases drives both), and the board page without JavaScript
filtering by due date."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.datastructures import QueryParams

from teamboard.cards.filtering import matches, parse_filter, utc_today
from teamboard.cards.schemas import CardRead
from teamboard.core.errors import Invalid
from tests.support.pages import Browser, World

CASES = Path(__file__).parents[3] / "frontend/src/features/board/model/filter.cases.json"
SHARED: dict[str, Any] = json.loads(CASES.read_text())
NOW = datetime(2026, 1, 1)


def _card(fields: dict[str, Any]) -> CardRead:
    return CardRead.model_validate(
        fields
        | {
            "board_id": 1,
            "column_id": 1,
            "position": 0,
            "archived": False,
            "creator_id": None,
            "version": 1,
            "created_at": NOW,
            "updated_at": NOW,
        }
    )


@pytest.mark.parametrize("case", SHARED["cases"], ids=lambda case: case["query"] or "nothing")
def test_the_server_keeps_the_same_cards_as_the_frontends(case: dict[str, Any]) -> None:
    today = date.fromisoformat(SHARED["today"])
    board_filter = parse_filter(QueryParams(case["query"]))
    kept = [c["id"] for c in SHARED["cards"] if matches(_card(c), board_filter, today)]
    assert kept == case["expect"]


def test_filters_that_cannot_be_are_named_all_at_once() -> None:
    with pytest.raises(Invalid) as caught:
        parse_filter(QueryParams("label=abc&assignee=0&due=soon"))
    assert [e["loc"][-1] for e in caught.value.errors or []] == ["label", "assignee", "due"]
    assert caught.value.errors and caught.value.errors[-1]["msg"] == (
        "Choose a due date from the list: overdue, week (due this week) or none (no due date)."
    )


async def _due(owner: Browser, card_id: int, title: str, due: date | None) -> None:
    form = {"title": title, "description": "", "due_date": due.isoformat() if due else ""}
    r = await owner.post(f"/cards/{card_id}", form)
    assert r.status_code == 303, r.text


async def test_the_page_without_javascript_filters_by_due_date(
    owner: Browser, world: World
) -> None:
    today = utc_today()
    column = world.columns[0]
    await _due(owner, world.card_id, "Write docs", None)
    late = await owner.card(column, "Late one")
    await _due(owner, late, "Late one", today - timedelta(days=1))
    soon = await owner.card(column, "Soon one")
    await _due(owner, soon, "Soon one", today + timedelta(days=6))
    later = await owner.card(column, "Later one")
    await _due(owner, later, "Later one", today + timedelta(days=7))
    url = f"/boards/{world.board_id}"
    titles = {"Write docs", "Late one", "Soon one", "Later one"}
    expected = {
        "overdue": {"Late one"},
        "week": {"Soon one"},
        "none": {"Write docs"},
    }
    for due, shown in expected.items():
        page = (await owner.get(f"{url}?due={due}")).text
        assert {t for t in titles if f">{t}</a>" in page} == shown, due
        assert f'<option value="{due}" selected>' in page
    r = await owner.get(f"{url}?due=tomorrow&label=x")
    assert r.status_code == 422
    assert "Choose a due date from the list: overdue, week" in r.text
