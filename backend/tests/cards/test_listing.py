"""Card lists: board-wide and per column, filters, pagination."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, auth, label


async def _titles(api: Api, who: dict[str, str], url: str, **params: Any) -> list[str]:
    r = await api.client.get(url, params=params, headers=auth(who))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["items"])  # every case here fits on one page
    return [card["title"] for card in body["items"]]


async def test_filters(api: Api) -> None:
    owner = await api.user("owner")
    mate = await api.user("mate")
    board = await api.board(owner)
    board_id = board["id"]
    await api.share(owner, board_id, mate, "editor")
    todo, doing, _done = (column["id"] for column in board["columns"])
    bug, ui = await label(api, owner, board_id, "bug"), await label(api, owner, board_id, "ui")
    mate_id = int(mate["X-User-Id"])
    await api.card(owner, todo, "Crash on LOGIN", label_ids=[bug], due_date="2030-01-10")
    await api.card(owner, todo, "Colour tweaks", label_ids=[ui], assignee_ids=[mate_id])
    await api.card(owner, doing, "Coverage 100%", description="aim for it", due_date="2030-01-20")
    await api.card(owner, doing, "snake_case names", label_ids=[bug, ui], assignee_ids=[mate_id])
    await api.card(owner, doing, "Plain", description="Mentions login IN TEXT")
    old = await api.card(owner, todo, "Archived login bug", label_ids=[bug])
    r = await api.client.patch(
        f"/api/v1/cards/{old['id']}", json={"archived": True}, headers=auth(owner)
    )
    assert r.status_code == 200

    url = f"/api/v1/boards/{board_id}/cards"
    everything = ["Crash on LOGIN", "Colour tweaks", "Coverage 100%", "snake_case names", "Plain"]
    assert await _titles(api, owner, url) == everything  # column order, then card order
    assert await _titles(api, owner, url, label=bug) == ["Crash on LOGIN", "snake_case names"]
    assert await _titles(api, owner, url, label=ui) == ["Colour tweaks", "snake_case names"]
    assert await _titles(api, owner, url, assignee=mate_id) == [
        "Colour tweaks",
        "snake_case names",
    ]
    assert await _titles(api, mate, url, q="login") == ["Crash on LOGIN", "Plain"]
    assert await _titles(api, owner, url, q="LoGiN", archived="true") == ["Archived login bug"]
    # LIKE wildcards are plain characters in a search.
    assert await _titles(api, owner, url, q="%") == ["Coverage 100%"]
    assert await _titles(api, owner, url, q="0%") == ["Coverage 100%"]
    assert await _titles(api, owner, url, q="_") == ["snake_case names"]
    assert await _titles(api, owner, url, q="e_c") == ["snake_case names"]
    assert await _titles(api, owner, url, q="\\") == []
    assert await _titles(api, owner, url, q="nothing like it") == []
    assert await _titles(api, owner, url, due_before="2030-01-15") == ["Crash on LOGIN"]
    assert await _titles(api, owner, url, due_after="2030-01-15") == ["Coverage 100%"]
    assert await _titles(api, owner, url, due_after="2030-01-10", due_before="2030-01-20") == [
        "Crash on LOGIN",
        "Coverage 100%",
    ]
    assert await _titles(api, owner, url, label=bug, q="snake", assignee=mate_id) == [
        "snake_case names"
    ]
    assert await _titles(api, owner, url, archived="true") == ["Archived login bug"]

    column_url = f"/api/v1/columns/{doing}/cards"
    assert await _titles(api, owner, column_url) == ["Coverage 100%", "snake_case names", "Plain"]
    assert await _titles(api, owner, column_url, label=bug) == ["snake_case names"]
    assert await _titles(api, owner, column_url, q="LOGIN") == ["Plain"]
    assert await _titles(api, owner, f"/api/v1/columns/{todo}/cards", archived="true") == [
        "Archived login bug"
    ]


async def test_positions_in_lists_are_column_positions(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo, doing, _done = (column["id"] for column in board["columns"])
    for title in ("a1", "a2", "a3"):
        await api.card(owner, todo, title)
    for title in ("b1", "b2"):
        await api.card(owner, doing, title)
    r = await api.client.get(f"/api/v1/boards/{board['id']}/cards", headers=auth(owner))
    assert [(c["title"], c["position"]) for c in r.json()["items"]] == [
        ("a1", 0),
        ("a2", 1),
        ("a3", 2),
        ("b1", 0),
        ("b2", 1),
    ]
    r = await api.client.get(
        f"/api/v1/boards/{board['id']}/cards", params={"q": "a3"}, headers=auth(owner)
    )
    assert [(c["title"], c["position"]) for c in r.json()["items"]] == [("a3", 2)]


async def test_pagination(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo = board["columns"][0]["id"]
    titles = [f"Card {i:02}" for i in range(12)]
    for title in titles:
        await api.card(owner, todo, title)
    for url in (f"/api/v1/boards/{board['id']}/cards", f"/api/v1/columns/{todo}/cards"):
        seen: list[str] = []
        for offset in range(0, 15, 5):
            r = await api.client.get(
                url, params={"limit": 5, "offset": offset}, headers=auth(owner)
            )
            assert r.status_code == 200
            body = r.json()
            assert (body["total"], body["limit"], body["offset"]) == (12, 5, offset)
            assert [c["position"] for c in body["items"]] == list(
                range(offset, min(offset + 5, 12))
            )
            seen += [c["title"] for c in body["items"]]
        assert seen == titles
        r = await api.client.get(url, params={"offset": 100}, headers=auth(owner))
        assert r.json()["items"] == [] and r.json()["total"] == 12
        r = await api.client.get(url, params={"limit": 3, "q": "Card 1"}, headers=auth(owner))
        assert r.json()["total"] == 2 and len(r.json()["items"]) == 2


async def test_bad_list_parameters(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    url = f"/api/v1/boards/{board['id']}/cards"
    for params in (
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"due_before": "not-a-date"},
        {"label": "x"},
        {"label": 0},
        {"q": "x" * 201},
        {"archived": "maybe"},
    ):
        r = await api.client.get(url, params=params, headers=auth(owner))
        assert r.status_code == 422, params
        assert r.json()["code"] == "invalid"
    stranger = await api.user("stranger")
    r = await api.client.get(url, headers=auth(stranger))
    assert r.status_code == 404
    r = await api.client.get(f"/api/v1/columns/{board['columns'][0]['id']}/cards")
    assert r.status_code == 401


async def test_search_folds_case_beyond_ascii(api: Api) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo = board["columns"][0]["id"]
    await api.card(owner, todo, "CAFÉ MENU")
    await api.card(owner, todo, "Ärger mit Öfen", description="ΣΟΦΊΑ")
    url = f"/api/v1/boards/{board['id']}/cards"
    assert await _titles(api, owner, url, q="café") == ["CAFÉ MENU"]
    assert await _titles(api, owner, url, q="ärger MIT öf") == ["Ärger mit Öfen"]
    assert await _titles(api, owner, url, q="σοφ") == ["Ärger mit Öfen"]
