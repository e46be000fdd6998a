"""Checklists on the card page with JavaScript off (cards/checklist_pages.py): every action
is a form that comes back to the card, a refusal shows in words beside what was typed, and
the board's tile shows the progress."""

from __future__ import annotations

import re

from tests.support.pages import Browser, field_error, follow, populate


def _items(html: str) -> list[str]:
    return re.findall(r'<span class="cl-text">([^<]*)</span>', html)


def _id_of(html: str, text: str) -> int:
    found = re.search(
        rf'<li class="cl-item[^"]*" id="item-(\d+)">(?:(?!</li>).)*{text}', html, re.S
    )
    assert found, text
    return int(found.group(1))


async def test_a_checklist_built_and_ticked_with_forms(owner: Browser) -> None:
    world = await populate(owner)
    card = f"/cards/{world.card_id}"
    page = await follow(owner, await owner.post(f"{card}/checklists", {"title": "Steps"}))
    checklist_id = int(re.findall(r'id="checklist-(\d+)"', page.text)[0])
    for text in ("Draft", "Review"):
        r = await owner.post(f"/checklists/{checklist_id}/items", {"text": text})
        page = await follow(owner, r)
    assert _items(page.text) == ["Draft", "Review"]
    review = _id_of(page.text, "Review")
    page = await follow(owner, await owner.post(f"/checklist-items/{review}", {"done": "1"}))
    assert '<span class="cl-count">1/2</span>' in page.text
    assert "Untick “Review”" in page.text
    page = await follow(owner, await owner.post(f"/checklist-items/{review}", {"move": "up"}))
    assert _items(page.text) == ["Review", "Draft"]
    board = await owner.get(f"/boards/{world.board_id}")
    assert '1/2<span class="visually-hidden"> checklist items done</span>' in board.text


async def test_refusals_are_told_beside_what_was_typed(owner: Browser) -> None:
    world = await populate(owner)
    r = await owner.post(f"/cards/{world.card_id}/checklists", {"title": "   "})
    assert r.status_code == 422
    assert field_error(r.text, "checklist-title") == "Give it a title."
    page = await follow(
        owner, await owner.post(f"/cards/{world.card_id}/checklists", {"title": "S"})
    )
    checklist_id = int(re.findall(r'id="checklist-(\d+)"', page.text)[0])
    long = "x" * 501
    r = await owner.post(f"/checklists/{checklist_id}/items", {"text": long})
    assert r.status_code == 422
    message = field_error(r.text, f"checklist-{checklist_id}-item-text")
    assert message == "Shorten the text to 500 characters or fewer (it has 501)."
    assert long in r.text  # what was typed is kept


async def test_an_item_made_a_card_and_a_checklist_deleted_after_asking(owner: Browser) -> None:
    world = await populate(owner)
    card = f"/cards/{world.card_id}"
    page = await follow(owner, await owner.post(f"{card}/checklists", {"title": "Split"}))
    checklist_id = int(re.findall(r'id="checklist-(\d+)"', page.text)[0])
    page = await follow(
        owner, await owner.post(f"/checklists/{checklist_id}/items", {"text": "Own card"})
    )
    item = _id_of(page.text, "Own card")
    page = await follow(owner, await owner.post(f"/checklist-items/{item}/convert"))
    assert "“Own card” is now a card of its own." in page.text
    assert _items(page.text) == []
    board = (await owner.board_json(world.board_id))["columns"][0]["cards"]
    assert [c["title"] for c in board] == ["Write docs", "Own card"]
    asked = await owner.post(f"/checklists/{checklist_id}/delete")
    assert asked.status_code == 200 and "Delete the checklist “Split”?" in asked.text
    page = await follow(
        owner, await owner.post(f"/checklists/{checklist_id}/delete", {"confirm": "yes"})
    )
    assert "Checklist “Split” deleted." in page.text and "No checklists." in page.text
