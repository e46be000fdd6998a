"""The card page with JavaScript off, when someone else saved the card while a person was
editing it: their text is never lost, the fields both changed are asked about (who changed
them, to what; keep mine or take theirs), and what only one side changed merges."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.support.pages import Browser, NewBrowser, World, follow, hidden, share

SEEN = ("version", "seen_title", "seen_description", "seen_due_date")
SEEN_IDS = ("seen_label_ids", "seen_assignee_ids")


def _words(page: str) -> str:
    """The page's text as read: tags out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


async def _form(browser: Browser, card_id: int) -> dict[str, Any]:
    """The edit form's hidden inputs as the page showed them."""
    page = (await browser.get(f"/cards/{card_id}")).text
    return {name: hidden(page, name) for name in (*SEEN, *SEEN_IDS)}


async def _mate(owner: Browser, world: World, new_browser: NewBrowser) -> Browser:
    mate = await (await new_browser()).signup("Mina Mate")
    await share(owner, world.board_id, mate, "editor")
    return mate


async def _card(browser: Browser, card_id: int) -> dict[str, Any]:
    card: dict[str, Any] = (await browser.get(f"/api/v1/cards/{card_id}")).json()
    return card


async def test_stale_save_keeps_the_typed_text_and_asks(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    mate = await _mate(owner, world, new_browser)
    url = f"/cards/{world.card_id}"
    shown = await _form(owner, world.card_id)
    r = await mate.post(url, await _form(mate, world.card_id) | {"title": "Theirs"})
    assert r.status_code == 303, r.text

    mine = {"title": "Mine", "description": "My *notes*"}
    r = await owner.post(url, shown | mine)
    assert r.status_code == 409
    page = html.unescape(r.text)
    assert 'value="Mine"' in page and ">My *notes*</textarea>" in page
    assert "Mina Mate changed the title to “Theirs”" in _words(r.text)
    assert 'name="take" value="title"' in r.text and "Keep mine" in page
    assert 'id="edit-description-conflict"' not in r.text  # only they changed nothing there
    assert (await _card(owner, world.card_id))["title"] == "Theirs"

    # Keep mine: the form as shown again, now at the current version, saves.
    again = {name: hidden(r.text, name) for name in (*SEEN, *SEEN_IDS)}
    r = await owner.post(url, again | mine | {"pending": "title"})
    assert r.status_code == 303, r.text
    card = await _card(owner, world.card_id)
    assert card["title"] == "Mine" and card["description"] == "My *notes*"


async def test_take_theirs_puts_their_value_back_and_keeps_the_rest(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    mate = await _mate(owner, world, new_browser)
    url = f"/cards/{world.card_id}"
    shown = await _form(owner, world.card_id)
    form = await _form(mate, world.card_id)
    await mate.post(url, form | {"title": "Theirs", "description": "Their words"})
    r = await owner.post(url, shown | {"title": "Mine", "description": "My words"})
    assert r.status_code == 409
    assert 'id="edit-title-conflict"' in r.text and 'id="edit-description-conflict"' in r.text
    again = {name: hidden(r.text, name) for name in (*SEEN, *SEEN_IDS)}
    pending = hidden(r.text, "pending")
    assert set(pending.split(",")) == {"title", "description"}

    r = await owner.post(
        url,
        again | {"title": "Mine", "description": "My words", "pending": pending, "take": "title"},
    )
    assert r.status_code == 200
    page = html.unescape(r.text)
    assert 'value="Theirs"' in page and ">My words</textarea>" in page
    assert 'id="edit-title-conflict"' not in r.text
    assert "Mina Mate changed the description to “Their words”" in _words(r.text)
    assert (await _card(owner, world.card_id))["title"] == "Theirs"  # nothing saved


async def test_fields_changed_by_one_side_only_merge(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    mate = await _mate(owner, world, new_browser)
    url = f"/cards/{world.card_id}"
    r = await owner.post(f"/boards/{world.board_id}/labels", {"name": "Docs", "color": "#00aa00"})
    assert r.status_code == 303
    docs = max(label["id"] for label in (await owner.board_json(world.board_id))["labels"])
    shown = await _form(owner, world.card_id)
    form = await _form(mate, world.card_id)
    r = await mate.post(
        url,
        form | {"title": "Write docs", "description": "Theirs", "label_ids": [str(world.label_id)]},
    )
    assert r.status_code == 303
    # The owner changed only the title and ticked another label on the stale form.
    r = await owner.post(
        url, shown | {"title": "Mine", "description": "", "label_ids": [str(docs)]}
    )
    assert r.status_code == 303, r.text
    card = await _card(owner, world.card_id)
    assert card["title"] == "Mine" and card["description"] == "Theirs"
    assert card["label_ids"] == sorted([world.label_id, docs])


async def test_a_form_without_what_it_saw_is_still_refused_when_stale(
    owner: Browser, world: World
) -> None:
    await owner.post(f"/cards/{world.card_id}", {"title": "First", "version": "1"})
    r = await owner.post(f"/cards/{world.card_id}", {"title": "Mine", "version": "1"})
    assert r.status_code == 409 and 'value="Mine"' in r.text
    assert (await _card(owner, world.card_id))["title"] == "First"


async def test_card_page_has_every_part(owner: Browser, world: World) -> None:
    url = f"/cards/{world.card_id}"
    form = await _form(owner, world.card_id)
    r = await owner.post(url, form | {"title": "Write docs", "description": "**Bold** plan"})
    await follow(owner, r)
    r = await owner.post(url, form | {"description": "_draft_", "preview": "1"})
    assert r.status_code == 200 and "<em>draft</em>" in r.text  # the preview, not saved
    await owner.post(f"{url}/comments", {"body": "Looks good"})
    page = (await owner.get(url)).text
    for part in ("Description", "Labels", "Assignees", "Due date", "Move", "Archive card"):
        assert part in page, part
    assert 'id="activity"' in page
    assert "Olivia Owner</strong> commented" in page
    assert "Olivia Owner</strong> edited the card" in page
    assert 'class="cv-avatar"' in page or "Assignees" in page
