"""The card view on both surfaces: the SPA's dialog (JavaScript on) and the server's card
page (JavaScript off) have the same parts, and a change someone else makes to a field a
person is editing never overwrites what they typed — they are told who changed it, to what,
and choose: keep mine (saved over the new version) or take theirs."""

from __future__ import annotations

from typing import Any

from conftest import PASSWORD, AddMember, require_build
from playwright.sync_api import Page, expect
from test_js_off import sign_up
from test_spa import spa_sign_up

from devkit.api import SyncApi, User

API = "/api/v1"


def _board(api: SyncApi, owner: User) -> dict[str, Any]:
    """A board of ``owner`` with a card ("Plan"), a label and a comment by the owner."""
    board = api.board(owner, "Launch")
    todo = board["columns"][0]["id"]
    card = api.card(owner, todo, "Plan", description="First draft")
    label = api.call(owner, "POST", f"{API}/boards/{board['id']}/labels", status=201,
                     json={"name": "Urgent", "color": "#d92d20"})  # fmt: skip
    api.comment(owner, card["id"], "Owner's note")
    return {"board": board, "card": card, "label": label}


def _card(api: SyncApi, who: User, card_id: int) -> dict[str, Any]:
    card: dict[str, Any] = api.call(who, "GET", f"{API}/cards/{card_id}")
    return card


def _rename(api: SyncApi, who: User, card_id: int, **changes: str) -> None:
    version = _card(api, who, card_id)["version"]
    api.call(who, "PATCH", f"{API}/cards/{card_id}", json={**changes, "version": version})


def _spa_dialog(js_page: Page, api: SyncApi, add_member: AddMember) -> tuple[User, dict[str, Any]]:
    """Ada, an editor, with the card's dialog open in the SPA; Bo owns the board."""
    require_build()
    owner = api.sign_up("Bo Owner")
    world = _board(api, owner)
    email = spa_sign_up(js_page, "Ada Typist")
    add_member(owner, world["board"]["id"], email, "editor")
    js_page.goto(f"/app/boards/{world['board']['id']}/cards/{world['card']['id']}")
    expect(js_page.get_by_role("dialog")).to_be_visible()
    expect(js_page.get_by_role("button", name="Plan (edit the title)")).to_be_visible()
    # Subscribed to the board's events: the card's activity has been read.
    expect(js_page.locator(".cv-activity li").first).to_be_visible()
    return owner, world


def test_dialog_a_remote_rename_never_overwrites_what_is_typed(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    owner, world = _spa_dialog(js_page, api, add_member)
    card_id = world["card"]["id"]
    dialog = js_page.get_by_role("dialog")
    dialog.get_by_role("button", name="Plan (edit the title)").click()
    dialog.get_by_role("textbox", name="Title").fill("Ada's title")
    dialog.get_by_role("button", name="Edit the description").click()
    dialog.get_by_role("textbox", name="Description").fill("Ada's notes")

    _rename(api, owner, card_id, title="Bo's title")
    notice = dialog.locator("#card-title-conflict")
    expect(notice).to_contain_text("Bo Owner changed the title to “Bo's title”")
    expect(dialog.get_by_role("textbox", name="Title")).to_have_value("Ada's title")
    expect(dialog.get_by_role("textbox", name="Description")).to_have_value("Ada's notes")
    expect(dialog.locator("#card-description-conflict")).to_have_count(0)

    notice.get_by_role("button", name="Keep mine").click()
    expect(dialog.get_by_role("button", name="Ada's title (edit the title)")).to_be_visible()
    assert _card(api, owner, card_id)["title"] == "Ada's title"

    # The description: someone else changes it while Ada types; she takes theirs.
    _rename(api, owner, card_id, description="Bo's notes")
    notice = dialog.locator("#card-description-conflict")
    expect(notice).to_contain_text("Bo Owner changed the description to “Bo's notes”")
    expect(dialog.get_by_role("textbox", name="Description")).to_have_value("Ada's notes")
    notice.get_by_role("button", name="Take theirs").click()
    expect(dialog.get_by_role("textbox", name="Description")).to_have_value("Bo's notes")
    expect(notice).to_have_count(0)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog.locator(".prose").first).to_contain_text("Bo's notes")

    # Not being edited, a field follows the card live.
    _rename(api, owner, card_id, title="Renamed by Bo")
    expect(dialog.get_by_role("button", name="Renamed by Bo (edit the title)")).to_be_visible()


def test_dialog_labels_move_and_comments(
    js_page: Page, api: SyncApi, add_member: AddMember
) -> None:
    owner, world = _spa_dialog(js_page, api, add_member)
    card_id = world["card"]["id"]
    dialog = js_page.get_by_role("dialog")

    label = dialog.get_by_role("button", name="Urgent")
    expect(label.locator("circle")).to_have_attribute("fill", "#d92d20")
    expect(label).to_have_attribute("aria-pressed", "false")
    label.click()
    expect(label).to_have_attribute("aria-pressed", "true")
    assert _card(api, owner, card_id)["label_ids"] == [world["label"]["id"]]

    dialog.get_by_label("Column", exact=True).select_option(label="Done")
    dialog.get_by_role("button", name="Move card").click()
    expect(dialog.locator(".cv-where")).to_have_text("in Done")
    # Its event has come back (the activity is read again after it): the move is saved.
    expect(dialog.locator(".cv-activity")).to_contain_text("Ada Typist moved it to Done")
    done = world["board"]["columns"][2]["id"]
    assert _card(api, owner, card_id)["column_id"] == done

    # Her own comment: edited, then deleted. The owner's: neither.
    dialog.get_by_label("Add a comment").fill("Mine to change")
    dialog.get_by_role("button", name="Comment", exact=True).click()
    mine = dialog.get_by_role("listitem", name="Comment by Ada Typist")
    mine.get_by_role("button", name="Edit your comment").click()
    mine.get_by_label("Edit your comment").fill("Changed it")
    mine.get_by_role("button", name="Save comment").click()
    expect(mine).to_contain_text("Changed it")
    expect(mine).to_contain_text("edited")
    theirs = dialog.get_by_role("listitem", name="Comment by Bo Owner")
    expect(theirs.get_by_role("button")).to_have_count(0)
    # Deleted at once, with Undo in a toast that can be pressed over the modal dialog.
    mine.get_by_role("button", name="Delete comment by Ada Typist").click()
    expect(mine).to_have_count(0)
    toast = dialog.locator(".toast").filter(has_text="Comment deleted.")
    toast.get_by_role("button", name="Undo").click()
    expect(mine).to_contain_text("Changed it")
    mine.get_by_role("button", name="Delete comment by Ada Typist").click()
    expect(mine).to_have_count(0)
    comments = api.call(owner, "GET", f"{API}/cards/{card_id}/comments")
    assert [c["body"] for c in comments["items"]] == ["Owner's note"]


def _page_log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_card_page_without_javascript_has_the_same_parts_and_asks(
    page: Page, api: SyncApi, add_member: AddMember
) -> None:
    owner = api.sign_up("Bo Owner")
    world = _board(api, owner)
    card_id = world["card"]["id"]
    email = sign_up(page, "Ada Typist")
    add_member(owner, world["board"]["id"], email, "editor")
    page.goto(f"/cards/{card_id}")
    for name in (
        "Description",
        "Comments (1)",
        "Activity",
        "Details",
        "Move",
        "Manage",
    ):
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.locator(".details .chip-dot")).to_have_count(0)  # no label on it yet
    expect(page.locator("#activity")).to_contain_text("Bo Owner commented")

    page.get_by_text("Edit card").click()
    page.get_by_role("textbox", name="Title").fill("Ada's title")
    page.get_by_role("textbox", name="Description").fill("Ada's *notes*")
    page.get_by_role("button", name="Preview description").click()
    expect(page.locator(".cv-preview em")).to_have_text("notes")
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Ada's title")
    page.get_by_label("Urgent").check()

    _rename(api, owner, card_id, title="Bo's title")
    page.get_by_role("button", name="Save card").click()
    notice = page.locator("#edit-title-conflict")
    expect(notice).to_contain_text("Bo Owner changed the title to “Bo's title”")
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Ada's title")
    expect(page.get_by_role("textbox", name="Description")).to_have_value("Ada's *notes*")
    notice.get_by_role("button", name="Take theirs").click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Bo's title")
    expect(page.locator("#edit-title-conflict")).to_have_count(0)
    page.get_by_role("textbox", name="Title").fill("Ada's title")

    _rename(api, owner, card_id, title="Bo again")
    page.get_by_role("button", name="Save card").click()
    page.locator("#edit-title-conflict").get_by_role("button", name="Keep mine").click()
    expect(page.get_by_role("status")).to_contain_text("Card saved.")
    card = _card(api, owner, card_id)
    assert card["title"] == "Ada's title" and card["description"] == "Ada's *notes*"
    assert card["label_ids"] == [world["label"]["id"]]
    expect(page.locator(".details .chip")).to_contain_text("Urgent")

    # Comments: her own edited and deleted; the owner's not hers to change.
    page.get_by_label("Add a comment").fill("Mine to change")
    page.get_by_role("button", name="Comment", exact=True).click()
    mine = page.get_by_role("article", name="Comment by Ada Typist")
    mine.get_by_text("Edit").click()
    mine.get_by_label("Comment").fill("Changed it")
    mine.get_by_role("button", name="Save comment").click()
    expect(mine).to_contain_text("Changed it")
    expect(
        page.get_by_role("article", name="Comment by Bo Owner").get_by_role("button")
    ).to_have_count(0)
    mine.get_by_role("button", name="Delete comment").click()
    page.get_by_role("button", name="Delete comment").click()  # the confirmation page
    expect(page.get_by_role("status")).to_contain_text("Comment deleted.")
    expect(page.get_by_role("article", name="Comment by Ada Typist")).to_have_count(0)

    page.get_by_label("Column", exact=True).select_option(label="Done")
    page.get_by_role("button", name="Move card").click()
    assert _card(api, owner, card_id)["column_id"] == world["board"]["columns"][2]["id"]
