"""Templates: the built-in ones, the boards their owners mark as templates, and new
boards started from either."""

from __future__ import annotations

from typing import Any

from devkit.api import assert_problem
from tests.support.api import Api, Headers, auth, label


async def _templates(api: Api, who: Headers) -> list[dict[str, Any]]:
    r = await api.client.get("/api/v1/templates", headers=auth(who))
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


async def _from(api: Api, who: Headers, template: str, **body: Any) -> Any:
    return await api.client.post(
        "/api/v1/boards", json={"name": "New", "template": template, **body}, headers=auth(who)
    )


async def _mark(api: Api, who: Headers, board_id: int, on: bool) -> Any:
    return await api.client.patch(
        f"/api/v1/boards/{board_id}", json={"is_template": on}, headers=auth(who)
    )


async def test_the_builtin_templates_are_listed_and_start_boards(api: Api) -> None:
    who = await api.user("someone")

    listed = await _templates(api, who)

    assert [(t["id"], t["name"], t["builtin"]) for t in listed] == [
        ("builtin:kanban", "Kanban", True),
        ("builtin:scrum", "Scrum sprint", True),
        ("builtin:bugs", "Bug triage", True),
    ]
    kanban = listed[0]
    r = await _from(api, who, "builtin:kanban", name="Team flow")
    assert r.status_code == 201, r.text
    assert (r.json()["name"], r.json()["role"]) == ("Team flow", "owner")
    assert r.json()["description"] == kanban["description"]
    board = (await api.client.get(f"/api/v1/boards/{r.json()['id']}", headers=auth(who))).json()
    assert [{"name": c["name"], "wip_limit": c["wip_limit"]} for c in board["columns"]] == (
        kanban["columns"]
    )
    assert sorted(x["name"] for x in board["labels"]) == sorted(x["name"] for x in kanban["labels"])
    cards = [c for column in board["columns"] for c in column["cards"]]
    assert len(cards) == kanban["card_count"] > 0
    r = await api.client.get(f"/api/v1/boards/{board['id']}/activity", headers=auth(who))
    [event] = r.json()["items"]
    assert (event["type"], event["data"]["template"]) == ("board.copied", "Kanban")


async def test_every_builtin_template_makes_a_board(api: Api) -> None:
    who = await api.user("someone")
    for template in await _templates(api, who):
        r = await _from(api, who, template["id"], description="Ours")
        assert r.status_code == 201, (template["id"], r.text)
        assert r.json()["description"] == "Ours"  # one given wins


async def test_an_owner_marks_a_board_as_a_template_its_members_use(api: Api) -> None:
    owner, editor, stranger = await api.user("o"), await api.user("e"), await api.user("s")
    board = await api.board(owner, "Release checklist", description="Every release")
    await api.share(owner, board["id"], editor, "editor")
    ship = await label(api, owner, board["id"], "Ship")
    await api.card(owner, board["columns"][0]["id"], "Tag the release", label_ids=[ship])

    r = await _mark(api, editor, board["id"], True)
    assert_problem(r, 403, "forbidden")
    r = await _mark(api, owner, board["id"], True)
    assert r.status_code == 200, r.text
    assert r.json()["is_template"] is True

    listed = [t for t in await _templates(api, editor) if not t["builtin"]]
    assert [(t["id"], t["name"], t["board_id"], t["card_count"]) for t in listed] == [
        (f"board:{board['id']}", "Release checklist", board["id"], 1)
    ]
    assert listed[0]["labels"] == [{"name": "Ship", "color": "#123abc"}]
    r = await _from(api, editor, f"board:{board['id']}", name="Release 2.0")
    assert r.status_code == 201, r.text
    assert (r.json()["description"], r.json()["is_template"]) == ("Every release", False)
    made = (await api.client.get(f"/api/v1/boards/{r.json()['id']}", headers=auth(editor))).json()
    assert [c["title"] for c in made["columns"][0]["cards"]] == ["Tag the release"]

    # Not theirs to see: a 404, as the board is.
    assert [t for t in await _templates(api, stranger) if not t["builtin"]] == []
    r = await _from(api, stranger, f"board:{board['id']}")
    assert_problem(r, 404, "not_found")
    # Unmarked, it is no template any more.
    assert (await _mark(api, owner, board["id"], False)).status_code == 200
    r = await _from(api, editor, f"board:{board['id']}")
    assert_problem(r, 404, "not_found")


async def test_unknown_templates_are_refused_in_words(api: Api) -> None:
    who = await api.user("someone")

    r = await _from(api, who, "builtin:nothing")
    assert_problem(r, 422, "invalid")
    assert [e["msg"] for e in r.json()["errors"]] == ["Choose one of the templates offered."]
    r = await _from(api, who, "kanban", name="")
    assert_problem(r, 422, "invalid")
    assert [e["loc"][-1] for e in r.json()["errors"]] == ["name", "template"]
    r = await _from(api, who, "board:99999")
    assert_problem(r, 404, "not_found")
