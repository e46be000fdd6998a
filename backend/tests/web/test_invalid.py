"""An invalid form comes back with 422, the message next to its input, the input kept."""

from __future__ import annotations

import re

from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD
from tests.support.pages import Browser, NewBrowser, World, field_error, make_admin


async def test_board_without_a_name(owner: Browser) -> None:
    r = await owner.post("/boards", {"name": "   ", "description": "Keep me"})
    assert r.status_code == 422
    assert field_error(r.text, "new-board-name") == "Give it a name."
    assert ">Keep me</textarea>" in r.text
    assert (await owner.get("/api/v1/boards")).json()["total"] == 0


async def test_column_and_card_titles(owner: Browser, world: World) -> None:
    r = await owner.post(f"/boards/{world.board_id}/columns", {"name": "x" * 101})
    assert r.status_code == 422
    assert "to 100 characters or fewer" in field_error(r.text, "add-column-name")
    assert 'value="' + "x" * 101 + '"' in r.text
    r = await owner.post(f"/columns/{world.columns[1]}/cards", {"title": ""})
    assert r.status_code == 422
    assert field_error(r.text, f"add-card-{world.columns[1]}-title") == "Give it a title."
    r = await owner.post(f"/columns/{world.columns[0]}/rename", {"name": "", "version": "1"})
    assert r.status_code == 422 and field_error(r.text, f"column-{world.columns[0]}-name")


async def test_move_to_position_zero(owner: Browser, world: World) -> None:
    """Both ways to the one Move form (from a tile's link and on the card page) show the
    error there, and the form keeps where it goes back to."""
    data = {"column_id": world.columns[1], "position": "0", "back": "board"}
    r = await owner.post(f"/cards/{world.card_id}/move", data)
    assert r.status_code == 422
    assert "from 1" in field_error(r.text, "move-position")
    assert '<input type="hidden" name="back" value="board">' in r.text
    r = await owner.post(f"/cards/{world.card_id}/move", data | {"back": "card"})
    assert r.status_code == 422 and "from 1" in field_error(r.text, "move-position")
    assert '<input type="hidden" name="back" value="card">' in r.text


async def test_card_edit_keeps_everything(owner: Browser, world: World) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}",
        {
            "title": "t" * 201,
            "description": "My long *notes*",
            "label_ids": [str(world.label_id)],
            "version": "1",
        },
    )
    assert r.status_code == 422
    assert "to 200 characters or fewer" in field_error(r.text, "edit-title")
    assert ">My long *notes*</textarea>" in r.text
    assert re.search(rf'id="edit-label-{world.label_id}"[^>]*checked', r.text)
    assert '<details class="panel edit-panel" open>' in r.text


async def test_blank_comment(owner: Browser, world: World) -> None:
    r = await owner.post(f"/cards/{world.card_id}/comments", {"body": "  \n "})
    assert r.status_code == 422
    assert field_error(r.text, "comment-body") == "Write the comment first."


async def test_invitation_to_a_bad_address(owner: Browser, world: World) -> None:
    data = {"email": "not-an-address", "role": "editor"}
    r = await owner.post(f"/boards/{world.board_id}/members", data)
    assert r.status_code == 422 and field_error(r.text, "add-member-email")
    assert 'value="not-an-address"' in r.text
    # Any well-formed address is invited, account or not: the same answer for each.
    r = await owner.post(
        f"/boards/{world.board_id}/members", data | {"email": "nobody@example.com"}
    )
    assert r.status_code == 303


async def test_duplicate_label_and_bad_colour(owner: Browser, world: World) -> None:
    r = await owner.post(f"/boards/{world.board_id}/labels", {"name": "bug", "color": "#123456"})
    assert r.status_code == 422
    assert "already exists" in field_error(r.text, "new-label-name")
    r = await owner.post(f"/boards/{world.board_id}/labels", {"name": "New", "color": "red"})
    assert r.status_code == 422 and field_error(r.text, "new-label-color")
    r = await owner.post(
        f"/labels/{world.label_id}/update",
        {"name": "", "color": "#000000", "board_id": world.board_id},
    )
    assert r.status_code == 422 and field_error(r.text, f"label-{world.label_id}-name")


async def test_account_forms(owner: Browser, new_browser: NewBrowser) -> None:
    other = await (await new_browser()).signup("Other")
    r = await owner.post("/account/profile", {"display_name": "Me", "email": other.email})
    assert r.status_code == 422
    assert field_error(r.text, "profile-current_password") == (
        "Enter your current password to change your e-mail address."
    )
    r = await owner.post(
        "/account/profile",
        {"display_name": "Me", "email": "not an address", "current_password": PASSWORD},
    )
    assert r.status_code == 422
    assert field_error(r.text, "profile-email")
    assert 'value="Me"' in r.text
    # Another account's address is not refused here: that would tell who has an account
    # (the link mailed to it says so, to its owner: tests/accounts/test_email_change_link.py).
    r = await owner.post(
        "/account/profile",
        {"display_name": "Me", "email": other.email, "current_password": PASSWORD},
    )
    assert r.status_code == 303
    r = await owner.post(
        "/account/password", {"current_password": "wrong one!", "new_password": "whatever long"}
    )
    assert r.status_code == 422
    assert field_error(r.text, "password-current_password") == (
        "Your current password is not correct."
    )
    assert "wrong one!" not in r.text  # passwords are never echoed


async def test_signup_form(new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    token = await visitor.entry_token("/signup")
    data = {"csrf_token": token, "email": "new@example.com", "display_name": "Nina"}
    r = await visitor.post("/signup", data | {"password": "short"})
    assert r.status_code == 422
    assert "at least 8 characters" in field_error(r.text, "signup-password")
    assert 'value="new@example.com"' in r.text and 'value="Nina"' in r.text
    assert "short" not in re.sub(r"<p class=\"field-error\".*?</p>", "", r.text)
    r = await visitor.post("/signup", data | {"email": "nope", "password": "long enough pass"})
    assert r.status_code == 422 and field_error(r.text, "signup-email")


async def test_admin_deactivate_and_reactivate(
    owner: Browser, new_browser: NewBrowser, runtime: Runtime
) -> None:
    await make_admin(runtime, owner.id)
    target = await (await new_browser()).signup("Target")
    page = await owner.get("/admin")
    assert "Target" in page.text and f'action="/admin/users/{owner.id}"' not in page.text
    r = await owner.post(f"/admin/users/{target.id}", {"action": "deactivate", "offset": "0"})
    assert r.status_code == 200 and "Deactivate Target?" in r.text  # asks first
    assert (await target.get("/boards")).status_code == 200
    r = await owner.post(
        f"/admin/users/{target.id}", {"action": "deactivate", "offset": "0", "confirm": "yes"}
    )
    assert "Target was deactivated." in (await owner.get(r.headers["location"])).text
    assert (await target.get("/boards")).status_code == 303  # sessions ended
    assert (await (await new_browser()).login(target.email)).status_code == 422
    r = await owner.post(f"/admin/users/{target.id}", {"action": "reactivate"})
    assert "Target was reactivated." in (await owner.get(r.headers["location"])).text
    assert (await (await new_browser()).login(target.email)).status_code == 303
    r = await owner.post(f"/admin/users/{target.id}", {"action": "explode"})
    assert r.status_code == 422


async def test_password_guesses_on_the_account_page_are_throttled(owner: Browser) -> None:
    """Like the log-in form: the page comes back with the message and Retry-After."""
    guess = {"current_password": "wrong one!", "new_password": "whatever long"}
    for _ in range(5):  # TEAMBOARD_LOGIN_MAX_PER_ACCOUNT
        assert (await owner.post("/account/password", guess)).status_code == 422
    r = await owner.post("/account/password", guess)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "Too many" in r.text and 'id="password-current_password"' in r.text
