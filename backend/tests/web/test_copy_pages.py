"""Copies and templates with JavaScript off: the card page's Copy form, the settings
page's Copy board and Template forms, and the new-board form's template choice."""

from __future__ import annotations

import re

from tests.support.pages import Browser, NewBrowser, World, field_error, follow, share


def _options(html: str, select_id: str) -> list[tuple[str, str]]:
    """(value, text) of a select's options, optgroups flattened."""
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {select_id}"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1))


async def test_a_card_is_copied_to_another_board_from_its_page(
    owner: Browser, world: World
) -> None:
    other = await owner.board("Elsewhere")
    target = (await owner.board_json(other))["columns"][1]["id"]
    page = await owner.get(f"/cards/{world.card_id}")
    assert '<optgroup label="Elsewhere">' in page.text
    assert (str(target), "In progress") in _options(page.text, "copy-column_id")

    r = await owner.post(
        f"/cards/{world.card_id}/copy",
        {"title": "Docs, again", "column_id": target, "position": "", "include": "labels"},
    )

    shown = await follow(owner, r)
    assert "Card copied as “Docs, again”." in shown.text
    board = await owner.board_json(other)
    [copy] = board["columns"][1]["cards"]
    assert (copy["title"], copy["board_id"]) == ("Docs, again", other)
    assert r.headers["location"] == f"/cards/{copy['id']}"


async def test_the_copy_form_tells_what_is_wrong(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}/copy",
        {"title": "", "column_id": world.columns[0], "position": "zero", "include": "nothing"},
    )
    assert r.status_code == 422
    assert "Enter the position as a whole number from 1" in field_error(r.text, "copy-position")
    assert "Choose a part to copy from the list" in r.text
    # A board they only view is no target (the page offers none; a tampered form is told).
    viewer = await (await new_browser()).signup("Vera")
    await share(owner, world.board_id, viewer, "viewer")
    page = await viewer.get(f"/cards/{world.card_id}")
    assert 'id="copy"' not in page.text  # they edit no board at all
    mine = await viewer.board("Mine")
    page = await viewer.get(f"/cards/{world.card_id}")
    assert [label for _value, label in _options(page.text, "copy-column_id")] == [
        "To do",
        "In progress",
        "Done",
    ]
    r = await viewer.post(f"/cards/{world.card_id}/copy", {"column_id": world.columns[1]})
    assert r.status_code == 422
    assert field_error(r.text, "copy-column_id") == "Choose a column of a board you can edit."
    assert (await viewer.board_json(mine))["columns"][0]["cards"] == []


async def test_a_board_is_copied_from_its_settings(owner: Browser, world: World) -> None:
    page = await owner.get(f"/boards/{world.board_id}/settings")
    assert 'value="Copy of Launch"' in page.text

    r = await owner.post(f"/boards/{world.board_id}/copy", {"name": "", "include_cards": "yes"})
    assert r.status_code == 422
    assert field_error(r.text, "copy-board-name") == "Give it a name."

    r = await owner.post(
        f"/boards/{world.board_id}/copy", {"name": "Launch 2", "include_cards": "yes"}
    )
    shown = await follow(owner, r)
    assert "Board copied as “Launch 2”." in shown.text
    copy_id = int(r.headers["location"].rsplit("/", 1)[-1])
    copy = await owner.board_json(copy_id)
    assert [c["title"] for c in copy["columns"][0]["cards"]] == ["Write docs"]
    assert [x["name"] for x in copy["labels"]] == ["Bug"]
    r = await owner.post(f"/boards/{world.board_id}/copy", {"name": "Bare"})
    bare = await owner.board_json(int(r.headers["location"].rsplit("/", 1)[-1]))
    assert [c["cards"] for c in bare["columns"]] == [[], [], []]


async def test_owners_offer_a_board_as_a_template_and_new_boards_start_from_it(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    editor = await (await new_browser()).signup("Eddie")
    await share(owner, world.board_id, editor, "editor")
    page = await editor.get(f"/boards/{world.board_id}/settings")
    assert f"/boards/{world.board_id}/template" not in page.text
    r = await editor.post(f"/boards/{world.board_id}/template", {"is_template": "yes"})
    assert r.status_code == 403

    r = await owner.post(f"/boards/{world.board_id}/template", {"is_template": "yes"})
    shown = await follow(owner, r)
    assert "This board is now a template." in shown.text
    assert "Stop using as template" in shown.text

    page = await editor.get("/boards")
    choices = _options(page.text, "new-board-template")
    assert choices[0] == ("", "Empty board: To do, In progress, Done")
    assert [v for v, _ in choices[1:]] == [
        "builtin:kanban",
        "builtin:scrum",
        "builtin:bugs",
        f"board:{world.board_id}",
    ]
    r = await editor.post("/boards", {"name": "Launch B", "template": f"board:{world.board_id}"})
    made = await editor.board_json(int(r.headers["location"].rsplit("/", 1)[-1]))
    assert [c["title"] for c in made["columns"][0]["cards"]] == ["Write docs"]
    r = await editor.post("/boards", {"name": "Sprint", "template": "builtin:scrum"})
    made = await editor.board_json(int(r.headers["location"].rsplit("/", 1)[-1]))
    assert made["columns"][0]["name"] == "Product backlog"

    # Unmarked meanwhile: the form says so, and nothing is made.
    r = await owner.post(f"/boards/{world.board_id}/template", {"is_template": "no"})
    assert "This board is no longer a template." in (await follow(owner, r)).text
    r = await editor.post("/boards", {"name": "Late", "template": f"board:{world.board_id}"})
    assert r.status_code == 422
    assert field_error(r.text, "new-board-template") == "Choose one of the templates offered."
    assert (await editor.get("/api/v1/boards")).json()["total"] == 3


async def test_the_activity_page_tells_how_a_board_was_made(owner: Browser, world: World) -> None:
    r = await owner.post(f"/boards/{world.board_id}/copy", {"name": "Launch 2"})
    copy_id = int(r.headers["location"].rsplit("/", 1)[-1])
    r = await owner.post("/boards", {"name": "Flow", "template": "builtin:kanban"})
    flow_id = int(r.headers["location"].rsplit("/", 1)[-1])

    copied = " ".join((await owner.get(f"/boards/{copy_id}/activity")).text.split())
    started = " ".join((await owner.get(f"/boards/{flow_id}/activity")).text.split())

    assert "<strong>Olivia Owner</strong> created the board “Launch 2” as a copy." in copied
    assert "created the board “Flow” from the template Kanban." in started
