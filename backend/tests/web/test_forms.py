"""Each form: POST, 303 to a page that shows the result and a flash message once."""

from __future__ import annotations

from tests.support.app import PASSWORD
from tests.support.pages import Browser, NewBrowser, World, follow, share


async def test_create_board_then_flash_shows_once(owner: Browser) -> None:
    r = await owner.post("/boards", {"name": "Roadmap", "description": "Next **quarter**"})
    assert r.status_code == 303 and r.headers["location"].startswith("/boards/")
    page = await follow(owner, r)
    assert "Board “Roadmap” created." in page.text
    assert "<strong>quarter</strong>" in page.text  # the description is Markdown
    again = await owner.get(r.headers["location"])
    assert "Board “Roadmap” created." not in again.text
    listing = await owner.get("/boards")
    assert "Roadmap" in listing.text


async def test_forged_flash_cookie_is_ignored(owner: Browser, world: World) -> None:
    owner.client.cookies.set("tb_flash", "eyJ4IjoxfQ.deadbeef", domain="testserver.local")
    r = await owner.get(f"/boards/{world.board_id}")
    assert r.status_code == 200 and 'class="flash' not in r.text


async def test_archive_and_restore_board(owner: Browser, world: World) -> None:
    page = await follow(owner, await owner.post(f"/boards/{world.board_id}/archive"))
    assert "Board “Launch” archived." in page.text
    assert f'href="/boards/{world.board_id}"' not in page.text
    archived = await owner.get("/boards?archived=true")
    assert "Launch" in archived.text
    page = await follow(owner, await owner.post(f"/boards/{world.board_id}/restore"))
    assert "restored" in page.text
    assert (await owner.board_json(world.board_id))["archived"] is False


async def test_columns_add_rename_delete(owner: Browser, world: World) -> None:
    page = await follow(
        owner, await owner.post(f"/boards/{world.board_id}/columns", {"name": "QA"})
    )
    assert "Column “QA” added." in page.text
    board = await owner.board_json(world.board_id)
    qa = board["columns"][-1]
    assert qa["name"] == "QA"
    r = await owner.post(f"/columns/{qa['id']}/rename", {"name": "Testing", "version": "1"})
    assert "renamed to “Testing”" in (await follow(owner, r)).text
    r = await owner.post(f"/columns/{qa['id']}/delete", {"version": "2"})
    assert r.status_code == 422 and "Tick the box" in r.text  # no confirmation, nothing gone
    assert len((await owner.board_json(world.board_id))["columns"]) == 4
    r = await owner.post(f"/columns/{qa['id']}/delete", {"version": "2", "confirm": "yes"})
    assert "deleted" in (await follow(owner, r)).text
    assert len((await owner.board_json(world.board_id))["columns"]) == 3


async def test_add_and_move_card(owner: Browser, world: World) -> None:
    second = await owner.card(world.columns[0], "Second")
    board = await owner.board_json(world.board_id)
    assert [c["id"] for c in board["columns"][0]["cards"]] == [world.card_id, second]
    r = await owner.post(
        f"/cards/{second}/move", {"column_id": world.columns[0], "position": "1", "back": "board"}
    )
    assert r.headers["location"] == f"/boards/{world.board_id}#card-{second}"
    assert "moved" in (await follow(owner, r)).text
    board = await owner.board_json(world.board_id)
    assert [c["id"] for c in board["columns"][0]["cards"]] == [second, world.card_id]
    r = await owner.post(
        f"/cards/{second}/move", {"column_id": world.columns[2], "position": "", "back": "card"}
    )
    assert r.headers["location"] == f"/cards/{second}"
    board = await owner.board_json(world.board_id)
    assert [c["id"] for c in board["columns"][2]["cards"]] == [second]


async def test_a_tile_moves_through_the_card_page_and_comes_back(
    owner: Browser, world: World
) -> None:
    """A tile carries one Move link rather than a form: the card page's Move form, which
    then returns to the board at the card."""
    board = await owner.get(f"/boards/{world.board_id}")
    link = f'href="/cards/{world.card_id}?from=board#move-title"'
    assert link in board.text and 'action="/cards/' + str(world.card_id) + '/move"' not in board.text
    card = await owner.get(f"/cards/{world.card_id}?from=board")
    assert '<input type="hidden" name="back" value="board">' in card.text
    plain = await owner.get(f"/cards/{world.card_id}")
    assert '<input type="hidden" name="back" value="card">' in plain.text
    r = await owner.post(
        f"/cards/{world.card_id}/move",
        {"column_id": world.columns[1], "position": "", "back": "board", "version": "1"},
    )
    assert r.headers["location"] == f"/boards/{world.board_id}#card-{world.card_id}"


async def test_edit_card(owner: Browser, world: World, new_browser: NewBrowser) -> None:
    mate = await (await new_browser()).signup("Mia Mate")
    await share(owner, world.board_id, mate, "editor")
    r = await owner.post(
        f"/cards/{world.card_id}",
        {
            "title": "Write the docs",
            "description": "Use *Markdown*\n\n- one\n- two",
            "due_date": "2030-01-31",
            "label_ids": [str(world.label_id)],
            "assignee_ids": [str(owner.id), str(mate.id)],
            "version": "1",
        },
    )
    page = await follow(owner, r)
    assert "Card saved." in page.text
    assert "<em>Markdown</em>" in page.text and "<li>one</li>" in page.text
    card = (await owner.get(f"/api/v1/cards/{world.card_id}")).json()
    assert card["title"] == "Write the docs" and card["due_date"] == "2030-01-31"
    assert card["label_ids"] == [world.label_id]
    assert card["assignee_ids"] == sorted([owner.id, mate.id])
    # Clearing: no boxes ticked, no date.
    r = await owner.post(f"/cards/{world.card_id}", {"title": "Docs", "version": "2"})
    card = (await owner.get(f"/api/v1/cards/{world.card_id}")).json()
    assert card["label_ids"] == [] and card["assignee_ids"] == [] and card["due_date"] is None


async def test_stale_card_edit_is_shown_as_conflict(owner: Browser, world: World) -> None:
    await owner.post(f"/cards/{world.card_id}", {"title": "First", "version": "1"})
    r = await owner.post(f"/cards/{world.card_id}", {"title": "Mine", "version": "1"})
    assert r.status_code == 409
    assert "Someone else changed this card" in r.text and 'value="Mine"' in r.text


async def test_archive_restore_and_delete_card(owner: Browser, world: World) -> None:
    page = await follow(owner, await owner.post(f"/cards/{world.card_id}/archive"))
    assert "archived" in page.text
    assert "Write docs" in (await owner.get(f"/boards/{world.board_id}/archived")).text
    assert "Write docs" not in (await owner.get(f"/boards/{world.board_id}")).text
    await follow(owner, await owner.post(f"/cards/{world.card_id}/restore"))
    confirm = await owner.get(f"/cards/{world.card_id}/delete")
    assert "Delete permanently" in confirm.text
    r = await owner.post(f"/cards/{world.card_id}/delete", {"version": "3"})
    assert r.headers["location"] == f"/boards/{world.board_id}"
    assert (await owner.get(f"/cards/{world.card_id}")).status_code == 404


async def test_comments_add_edit_delete(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    url = f"/cards/{world.card_id}"
    r = await owner.post(f"{url}/comments", {"body": "Looks **good**"})
    assert r.headers["location"].startswith(f"{url}#comment-")
    comment_id = int(r.headers["location"].rsplit("-", 1)[1])
    page = await follow(owner, r)
    assert "Comment added." in page.text and "<strong>good</strong>" in page.text
    r = await owner.post(
        f"/comments/{comment_id}/edit", {"body": "Edited", "card_id": world.card_id}
    )
    page = await follow(owner, r)
    assert "Edited" in page.text and "edited" in page.text
    # Someone else's comment: no edit form for them, and the service refuses.
    mate = await (await new_browser()).signup("Mia Mate")
    await share(owner, world.board_id, mate, "editor")
    assert f"/comments/{comment_id}/edit" not in (await mate.get(url)).text
    r = await mate.post(
        f"/comments/{comment_id}/edit", {"body": "Hijack", "card_id": world.card_id}
    )
    assert r.status_code == 403
    r = await owner.post(f"/comments/{comment_id}/delete", {"card_id": world.card_id})
    assert r.status_code == 200 and "Delete this comment?" in r.text  # asks first
    assert "Edited" in (await owner.get(url)).text
    r = await owner.post(
        f"/comments/{comment_id}/delete", {"card_id": world.card_id, "confirm": "yes"}
    )
    assert "Comment deleted." in (await follow(owner, r)).text
    assert "Edited" not in (await owner.get(url)).text


async def test_members_join_change_remove(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    mate = await (await new_browser()).signup("Mia Mate")
    settings = f"/boards/{world.board_id}/settings"
    await share(owner, world.board_id, mate, "viewer")  # invited, and accepted
    assert "Mia Mate" in (await owner.get(settings)).text
    assert (await mate.get(f"/boards/{world.board_id}")).status_code == 200
    r = await owner.post(f"/boards/{world.board_id}/members/{mate.id}/role", {"role": "editor"})
    assert "Mia Mate is now editor." in (await follow(owner, r)).text
    r = await owner.post(f"/boards/{world.board_id}/members/{owner.id}/role", {"role": "viewer"})
    assert r.status_code == 422 and "at least one owner" in r.text
    r = await owner.post(f"/boards/{world.board_id}/members/{mate.id}/remove")
    assert r.status_code == 200 and "Remove Mia Mate?" in r.text  # asks first
    r = await owner.post(f"/boards/{world.board_id}/members/{mate.id}/remove", {"confirm": "yes"})
    assert "Member removed." in (await follow(owner, r)).text
    assert (await mate.get(f"/boards/{world.board_id}")).status_code == 404


async def test_labels_create_rename_recolour_delete(owner: Browser, world: World) -> None:
    b = world.board_id
    r = await owner.post(f"/boards/{b}/labels", {"name": "Urgent", "color": "#FFAA00"})
    assert r.headers["location"] == f"/boards/{b}/settings#labels"
    assert "Label “Urgent” created." in (await follow(owner, r)).text
    labels = {lab["name"]: lab for lab in (await owner.board_json(b))["labels"]}
    urgent = labels["Urgent"]
    assert urgent["color"] == "#ffaa00"
    r = await owner.post(
        f"/labels/{urgent['id']}/update", {"name": "Hot", "color": "#00ff00", "board_id": b}
    )
    assert "Label “Hot” saved." in (await follow(owner, r)).text
    labels = {lab["name"]: lab for lab in (await owner.board_json(b))["labels"]}
    assert labels["Hot"]["color"] == "#00ff00" and "Urgent" not in labels
    board_page = await owner.get(f"/boards/{b}")
    assert 'fill="#00ff00"' not in board_page.text  # no card carries it yet
    r = await owner.post(f"/labels/{urgent['id']}/delete", {"board_id": b})
    assert r.status_code == 200 and "Delete the label “Hot”?" in r.text  # asks first
    r = await owner.post(f"/labels/{urgent['id']}/delete", {"board_id": b, "confirm": "yes"})
    assert "Label deleted." in (await follow(owner, r)).text
    assert [lab["name"] for lab in (await owner.board_json(b))["labels"]] == ["Bug"]


async def test_account_profile_password_sessions(owner: Browser, new_browser: NewBrowser) -> None:
    r = await owner.post("/account/profile", {"display_name": "Olive", "email": owner.email})
    page = await follow(owner, r)
    assert "Profile saved." in page.text and 'value="Olive"' in page.text
    other = await new_browser()
    assert (await other.login(owner.email)).status_code == 303
    sessions = (await owner.get("/api/v1/me/sessions")).json()
    assert len(sessions) == 2
    theirs = next(s for s in sessions if not s["current"])
    r = await owner.post(f"/account/sessions/{theirs['id']}/revoke")
    assert "Session ended." in (await follow(owner, r)).text
    assert (await other.get("/boards")).status_code == 303  # logged out there
    new = "an even longer passphrase"
    r = await owner.post("/account/password", {"current_password": PASSWORD, "new_password": new})
    assert "Password changed." in (await follow(owner, r)).text
    assert (await (await new_browser()).login(owner.email, new)).status_code == 303


async def test_revoking_this_session_logs_out(owner: Browser) -> None:
    current = next(s for s in (await owner.get("/api/v1/me/sessions")).json() if s["current"])
    r = await owner.post(f"/account/sessions/{current['id']}/revoke")
    assert r.headers["location"] == "/login"
    assert (await owner.get("/boards")).status_code == 303


async def test_logout(owner: Browser) -> None:
    assert "Log out" in (await owner.get("/logout")).text
    r = await owner.post("/logout")
    assert r.headers["location"] == "/"
    assert "You are logged out." in (await owner.get("/")).text
    assert (await owner.get("/boards")).status_code == 303
