"""Comments on cards: add, list (paginated), edit own, delete; blank bodies refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.api import Api, auth


async def _card(api: Api) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    owner, mate = await api.user("owner"), await api.user("mate")
    board = await api.board(owner)
    await api.share(owner, board["id"], mate, "editor")
    return owner, mate, await api.card(owner, board["columns"][0]["id"], "Discuss")


async def _comment(api: Api, who: dict[str, str], card_id: int, body: str) -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/cards/{card_id}/comments", json={"body": body}, headers=auth(who)
    )
    assert r.status_code == 201, r.text
    comment: dict[str, Any] = r.json()
    return comment


async def test_add_and_list_with_pagination(api: Api) -> None:
    owner, mate, card = await _card(api)
    bodies = [f"Comment {i}" for i in range(7)]
    for index, body in enumerate(bodies):
        comment = await _comment(api, owner if index % 2 else mate, card["id"], body)
        assert comment["card_id"] == card["id"] and comment["body"] == body
        assert comment["edited_at"] is None
    url = f"/api/v1/cards/{card['id']}/comments"
    r = await api.client.get(url, headers=auth(owner))
    body = r.json()
    assert r.status_code == 200 and body["total"] == 7
    assert [c["body"] for c in body["items"]] == bodies  # oldest first
    assert body["items"][0]["author_id"] == int(mate["X-User-Id"])
    assert body["items"][0]["author_name"] == "mate"
    pages = []
    for offset in (0, 3, 6):
        r = await api.client.get(url, params={"limit": 3, "offset": offset}, headers=auth(mate))
        assert r.json()["total"] == 7 and r.json()["offset"] == offset
        pages.append([c["body"] for c in r.json()["items"]])
    assert pages == [bodies[0:3], bodies[3:6], bodies[6:]]


async def test_edit_own_comment(api: Api) -> None:
    owner, mate, card = await _card(api)
    comment = await _comment(api, mate, card["id"], "Frist draft")
    url = f"/api/v1/comments/{comment['id']}"
    r = await api.client.patch(url, json={"body": "First draft"}, headers=auth(mate))
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["body"] == "First draft"
    assert edited["edited_at"] is not None
    assert datetime.fromisoformat(edited["edited_at"]) >= datetime.fromisoformat(
        edited["created_at"]
    )
    r = await api.client.patch(url, json={"body": "Owner rewrites"}, headers=auth(owner))
    assert r.status_code == 403
    listed = await api.client.get(f"/api/v1/cards/{card['id']}/comments", headers=auth(owner))
    assert [(c["body"], c["edited_at"]) for c in listed.json()["items"]] == [
        ("First draft", edited["edited_at"])
    ]


async def test_blank_or_bad_bodies_are_refused(api: Api) -> None:
    owner, _mate, card = await _card(api)
    url = f"/api/v1/cards/{card['id']}/comments"
    for payload in ({"body": ""}, {"body": "   \n\t "}, {}, {"body": None}, {"body": "a\x00b"}):
        r = await api.client.post(url, json=payload, headers=auth(owner))
        assert r.status_code == 422, payload
        assert r.json()["code"] == "invalid"
    comment = await _comment(api, owner, card["id"], "Keep me")
    r = await api.client.patch(
        f"/api/v1/comments/{comment['id']}", json={"body": "  "}, headers=auth(owner)
    )
    assert r.status_code == 422
    listed = await api.client.get(url, headers=auth(owner))
    assert [c["body"] for c in listed.json()["items"]] == ["Keep me"]
    assert listed.json()["items"][0]["edited_at"] is None


async def test_viewers_read_but_do_not_comment(api: Api) -> None:
    owner, _mate, card = await _card(api)
    viewer, stranger = await api.user("viewer"), await api.user("stranger")
    await api.share(owner, card["board_id"], viewer, "viewer")
    await _comment(api, owner, card["id"], "Hello")
    url = f"/api/v1/cards/{card['id']}/comments"
    assert (await api.client.get(url, headers=auth(viewer))).json()["total"] == 1
    r = await api.client.post(url, json={"body": "Me too"}, headers=auth(viewer))
    assert r.status_code == 403
    assert (await api.client.get(url, headers=auth(stranger))).status_code == 404
    r = await api.client.post(url, json={"body": "Hi"}, headers=auth(stranger))
    assert r.status_code == 404
    assert (await api.client.get(url, headers=auth(owner))).json()["total"] == 1


async def test_delete_by_author_or_owner_only(api: Api) -> None:
    owner, mate, card = await _card(api)
    other = await api.user("other")
    await api.share(owner, card["board_id"], other, "editor")
    mine = await _comment(api, mate, card["id"], "Mine")
    theirs = await _comment(api, other, card["id"], "Theirs")
    r = await api.client.delete(f"/api/v1/comments/{theirs['id']}", headers=auth(mate))
    assert r.status_code == 403
    r = await api.client.delete(f"/api/v1/comments/{mine['id']}", headers=auth(mate))
    assert r.status_code == 204
    r = await api.client.delete(f"/api/v1/comments/{theirs['id']}", headers=auth(owner))
    assert r.status_code == 204
    listed = await api.client.get(f"/api/v1/cards/{card['id']}/comments", headers=auth(owner))
    assert listed.json()["total"] == 0


async def test_comments_go_with_their_card(api: Api) -> None:
    owner, _mate, card = await _card(api)
    comment = await _comment(api, owner, card["id"], "Bye")
    assert (await api.client.delete(f"/api/v1/cards/{card['id']}", headers=auth(owner))).is_success
    r = await api.client.patch(
        f"/api/v1/comments/{comment['id']}", json={"body": "Ghost"}, headers=auth(owner)
    )
    assert r.status_code == 404
