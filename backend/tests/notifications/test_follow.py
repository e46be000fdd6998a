"""Following cards on every surface (the API, the card page with JavaScript off), who
follows by taking part, and who hears of a comment: the card's followers but its author,
once each."""

from __future__ import annotations

from tests.support.api import Api, auth
from tests.support.notifications import Team, notes
from tests.support.pages import NewBrowser, follow, post_forms, share


async def _following(api: Api, who: dict[str, str], card_id: int) -> bool:
    r = await api.client.get(f"/api/v1/cards/{card_id}/follow", headers=auth(who))
    assert r.status_code == 200, r.text
    return bool(r.json()["following"])


async def test_follow_and_unfollow_through_the_api(api: Api, team: Team) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    url = f"/api/v1/cards/{card['id']}/follow"
    assert await _following(api, team.mate, card["id"]) is False
    r = await api.client.put(url, headers=auth(team.mate))
    assert (r.status_code, r.json()) == (200, {"following": True})
    r = await api.client.put(url, headers=auth(team.mate))  # again: still one follow
    assert (r.status_code, r.json()) == (200, {"following": True})
    assert await _following(api, team.mate, card["id"]) is True
    r = await api.client.delete(url, headers=auth(team.mate))
    assert (r.status_code, r.json()) == (200, {"following": False})
    assert await _following(api, team.mate, card["id"]) is False


async def test_only_members_follow_and_a_viewer_may(api: Api, team: Team) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    url = f"/api/v1/cards/{card['id']}/follow"
    outsider, viewer = await api.user("out"), await api.user("viewer")
    await api.share(team.owner, team.board_id, viewer, "viewer")
    assert (await api.client.put(url, headers=auth(outsider))).status_code == 404
    assert (await api.client.get(url, headers=auth(outsider))).status_code == 404
    assert (await api.client.put(url)).status_code == 401
    assert (
        await api.client.put("/api/v1/cards/999999/follow", headers=auth(viewer))
    ).status_code == 404
    r = await api.client.put(url, headers=auth(viewer))
    assert (r.status_code, r.json()) == (200, {"following": True})


async def test_creating_being_assigned_and_commenting_follow_the_card(api: Api, team: Team) -> None:
    card = await api.card(team.owner, team.column_id, "Task", assignee_ids=[team.id(team.mate)])
    assert await _following(api, team.owner, card["id"])  # created it
    assert await _following(api, team.mate, card["id"])  # assigned
    assert not await _following(api, team.other, card["id"])
    await api.comment(team.other, card["id"], "I'll help")
    assert await _following(api, team.other, card["id"])  # commented


async def test_a_comment_notifies_the_followers_but_its_author(api: Api, team: Team) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    await api.call(team.mate, "PUT", f"/api/v1/cards/{card['id']}/follow")
    await api.comment(team.other, card["id"], "First!")
    # Olive created it and Mate pressed Follow: both hear; Otto wrote it: he does not.
    for who in (team.owner, team.mate):
        [note] = await notes(api, who)
        assert (note["kind"], note["card_id"], note["actor_name"]) == (
            "commented",
            card["id"],
            "otto",
        )
        assert note["excerpt"] == "First!"
    assert await notes(api, team.other) == []
    # Otto follows now; Olive's answer reaches him and Mate.
    await api.comment(team.owner, card["id"], "Welcome")
    assert [n["kind"] for n in await notes(api, team.other)] == ["commented"]
    assert [n["kind"] for n in await notes(api, team.mate)] == ["commented", "commented"]
    assert len(await notes(api, team.owner)) == 1


async def test_a_follower_mentioned_hears_once_and_an_edit_tells_no_follower(
    api: Api, team: Team
) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    comment = await api.comment(team.mate, card["id"], "@olive look")
    assert [n["kind"] for n in await notes(api, team.owner)] == ["mentioned"]
    r = await api.client.patch(
        f"/api/v1/comments/{comment['id']}",
        json={"body": "@olive look again"},
        headers=auth(team.mate),
    )
    assert r.status_code == 200, r.text
    assert [n["kind"] for n in await notes(api, team.owner)] == ["mentioned"]


async def test_unfollowing_silences_comments_until_one_takes_part_again(
    api: Api, team: Team
) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    await api.call(team.owner, "DELETE", f"/api/v1/cards/{card['id']}/follow")
    await api.comment(team.mate, card["id"], "Anyone?")
    assert await notes(api, team.owner) == []
    await api.comment(team.owner, card["id"], "Me")  # taking part again follows it
    await api.comment(team.mate, card["id"], "Thanks")
    assert [n["kind"] for n in await notes(api, team.owner)] == ["commented"]


async def test_leaving_the_board_ends_its_follows(api: Api, team: Team) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    await api.call(team.mate, "PUT", f"/api/v1/cards/{card['id']}/follow")
    r = await api.client.delete(
        f"/api/v1/boards/{team.board_id}/members/{team.id(team.mate)}", headers=auth(team.owner)
    )
    assert r.status_code == 204, r.text
    await api.comment(team.other, card["id"], "Still there?")
    assert await notes(api, team.mate) == []
    await api.share(team.owner, team.board_id, team.mate, "editor")
    assert not await _following(api, team.mate, card["id"])


async def test_follow_and_unfollow_on_the_card_page(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup("Olivia Owner")
    viewer = await (await new_browser()).signup("Vera Viewer")
    board_id = await owner.board("Launch")
    column = (await owner.board_json(board_id))["columns"][0]["id"]
    card_id = await owner.card(column, "Write docs")
    await share(owner, board_id, viewer, "viewer")

    page = await viewer.get(f"/cards/{card_id}")
    assert f"/cards/{card_id}/follow" in post_forms(page.text)
    page = await follow(viewer, await viewer.post(f"/cards/{card_id}/follow"))
    assert "You follow this card now." in page.text
    assert f"/cards/{card_id}/unfollow" in post_forms(page.text)
    assert (await viewer.get(f"/api/v1/cards/{card_id}/follow")).json() == {"following": True}

    page = await follow(viewer, await viewer.post(f"/cards/{card_id}/unfollow"))
    assert "You no longer follow this card." in page.text
    assert f"/cards/{card_id}/follow" in post_forms(page.text)
    assert (await viewer.get(f"/api/v1/cards/{card_id}/follow")).json() == {"following": False}
    # The owner created it: the page says so with its Unfollow button.
    assert f"/cards/{card_id}/unfollow" in post_forms((await owner.get(f"/cards/{card_id}")).text)


async def test_the_card_page_form_needs_the_csrf_token(new_browser: NewBrowser) -> None:
    owner = await (await new_browser()).signup("Olivia Owner")
    board_id = await owner.board("Launch")
    column = (await owner.board_json(board_id))["columns"][0]["id"]
    card_id = await owner.card(column, "Write docs")
    r = await owner.post(f"/cards/{card_id}/unfollow", csrf=False)
    assert r.status_code == 403
    assert (await owner.get(f"/api/v1/cards/{card_id}/follow")).json() == {"following": True}
