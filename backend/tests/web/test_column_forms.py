"""With JavaScript off a column is arranged from its settings: "Move left" / "Move right"
and its WIP limit, whose count shows "3 / 5" and marks the column once it is over."""

from __future__ import annotations

import re

import pytest

from tests.support.pages import Browser, NewBrowser, World, field_error, follow, share


async def names(owner: Browser, world: World) -> list[str]:
    return [c["name"] for c in (await owner.board_json(world.board_id))["columns"]]


def move_buttons(html: str, column_id: int) -> list[str]:
    section = html.split(f'id="column-{column_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'name="direction" value="(\w+)"', section)


async def test_move_left_and_right(owner: Browser, world: World) -> None:
    page = await owner.get(f"/boards/{world.board_id}")
    # The first column has no way left, the last none right.
    assert move_buttons(page.text, world.columns[0]) == ["right"]
    assert move_buttons(page.text, world.columns[1]) == ["left", "right"]
    assert move_buttons(page.text, world.columns[2]) == ["left"]
    r = await owner.post(f"/columns/{world.columns[0]}/move", {"direction": "right"})
    assert r.headers["location"] == f"/boards/{world.board_id}#column-{world.columns[0]}"
    assert "Column “To do” moved right." in (await follow(owner, r)).text
    assert await names(owner, world) == ["In progress", "To do", "Done"]
    r = await owner.post(f"/columns/{world.columns[2]}/move", {"direction": "left"})
    page = await follow(owner, r)
    assert await names(owner, world) == ["In progress", "Done", "To do"]
    # The page shows the new order at once (the memoised columns follow the board).
    assert move_buttons(page.text, world.columns[0]) == ["left"]
    # At the edge it stays where it is.
    r = await owner.post(f"/columns/{world.columns[0]}/move", {"direction": "right"})
    assert r.status_code == 303
    assert await names(owner, world) == ["In progress", "Done", "To do"]


@pytest.mark.parametrize("direction", ["", "up", "LEFT", "-1"])
async def test_a_move_names_left_or_right(owner: Browser, world: World, direction: str) -> None:
    r = await owner.post(f"/columns/{world.columns[0]}/move", {"direction": direction})
    assert r.status_code == 422
    assert await names(owner, world) == ["To do", "In progress", "Done"]


async def test_a_viewer_cannot_move_a_column(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    viewer = await (await new_browser()).signup("Vic Viewer")
    await share(owner, world.board_id, viewer, "viewer")
    page = await viewer.get(f"/boards/{world.board_id}")
    assert 'name="direction"' not in page.text and "/wip" not in page.text
    r = await viewer.post(f"/columns/{world.columns[0]}/move", {"direction": "right"})
    assert r.status_code == 403
    r = await viewer.post(f"/columns/{world.columns[0]}/wip", {"wip_limit": "2"})
    assert r.status_code == 403
    assert await names(owner, world) == ["To do", "In progress", "Done"]


async def test_set_see_and_clear_a_wip_limit(owner: Browser, world: World) -> None:
    column = world.columns[0]
    r = await owner.post(f"/columns/{column}/wip", {"wip_limit": "1", "version": "1"})
    page = await follow(owner, r)
    assert "WIP limit of “To do” set to 1." in page.text
    head = page.text.split(f'id="column-{column}-title"', 1)[1].split("</header>", 1)[0]
    assert "1 / 1" in head and "over the limit" not in head
    assert 'class="column over-limit"' not in page.text
    await owner.card(column, "One too many")
    page = await owner.get(f"/boards/{world.board_id}")
    head = page.text.split(f'id="column-{column}-title"', 1)[1].split("</header>", 1)[0]
    assert "2 / 1" in head and ", over the limit" in head
    assert f'<section class="column over-limit" id="column-{column}"' in page.text
    r = await owner.post(f"/columns/{column}/wip", {"wip_limit": "", "version": "2"})
    assert "WIP limit of “To do” cleared." in (await follow(owner, r)).text
    assert (await owner.board_json(world.board_id))["columns"][0]["wip_limit"] is None


@pytest.mark.parametrize("bad", ["0", "-1", "1" + "0" * 30, "１", "1.5", "many", " 2"])
async def test_a_bad_wip_limit_shows_the_form_again(owner: Browser, world: World, bad: str) -> None:
    column = world.columns[1]
    r = await owner.post(f"/columns/{column}/wip", {"wip_limit": bad, "version": "1"})
    assert r.status_code == 422
    message = field_error(r.text, f"wip-{column}-wip_limit")
    assert message == "Enter a whole number from 1 to 10000, or leave it blank for no limit"
    assert f'value="{bad}"' in r.text  # what was typed, to correct
    assert (await owner.board_json(world.board_id))["columns"][1]["wip_limit"] is None
