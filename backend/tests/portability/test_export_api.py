"""GET /api/v1/boards/{id}/export: the board as Teamboard's JSON document or as CSV that
spreadsheets open as they should (RFC 4180, UTF-8 with a BOM, formulas kept as text).
Owners only; a download named after the board."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import httpx

from devkit.api import assert_problem
from teamboard.portability.service import FORMAT, FORMAT_VERSION
from teamboard.portability.spreadsheet import HEADER, cell
from tests.support.api import Api, Headers, auth, label
from tests.support.app import QueryCounter
from tests.support.archives import entries, filed_board
from tests.support.boards import populated_board


async def _export(api: Api, who: Headers, board_id: int, form: str) -> httpx.Response:
    return await api.client.get(
        f"/api/v1/boards/{board_id}/export", params={"format": form}, headers=auth(who)
    )


async def _board(api: Api) -> tuple[Headers, Headers, int]:
    owner, editor = await api.user("owner"), await api.user("editor")
    board = await api.board(owner, "Launch, “v2”")
    await api.share(owner, board["id"], editor, "editor")
    todo, doing, _done = (column["id"] for column in board["columns"])
    bug, ui = (
        await label(api, owner, board["id"], "bug"),
        await label(api, owner, board["id"], "UI"),
    )
    await api.card(
        owner,
        todo,
        '=HYPERLINK("http://evil", "click")',
        description='Two lines,\nwith "quotes" and a comma',
        due_date="2031-02-03",
        label_ids=[ui, bug],
        assignee_ids=[int(editor["X-User-Id"])],
    )
    await api.card(owner, todo, "Café ☕ second")
    gone = await api.card(owner, doing, "-1 on this idea")
    await api.call(owner, "PATCH", f"/api/v1/cards/{gone['id']}", json={"archived": True})
    return owner, editor, board["id"]


async def test_csv_has_a_row_per_card_that_spreadsheets_read_as_text(api: Api) -> None:
    owner, editor, board_id = await _board(api)
    r = await _export(api, owner, board_id, "csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv; charset=utf-8")
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment; ") and ".csv" in disposition
    assert "filename*=UTF-8''Launch%2C%20%E2%80%9Cv2%E2%80%9D%20" in disposition
    raw = r.content.decode("utf-8")
    assert raw.startswith("\ufeff")  # the BOM: spreadsheets then read UTF-8
    assert "\r\n" in raw and "\n" not in raw.replace("\r\n", "").replace(
        "Two lines,\nwith", ""
    )  # CRLF ends every record; the one bare LF is inside a quoted cell
    rows = list(csv.reader(io.StringIO(raw[1:], newline="")))
    assert tuple(rows[0]) == HEADER
    first, second, archived = (dict(zip(HEADER, row, strict=True)) for row in rows[1:])
    assert first["board"] == "Launch, “v2”"
    assert first["column"] == "To do"
    assert first["title"] == '\'=HYPERLINK("http://evil", "click")'  # not a formula
    assert first["description"] == 'Two lines,\nwith "quotes" and a comma'
    assert first["labels"] == "bug, UI"
    assert first["assignees"] == editor["X-Email"]
    assert (first["due"], first["status"]) == ("2031-02-03", "open")
    assert first["created"].endswith("Z") and first["updated"].endswith("Z")
    assert second["title"] == "Café ☕ second"
    assert (archived["column"], archived["title"], archived["status"]) == (
        "In progress",
        "'-1 on this idea",
        "archived",
    )


def test_cells_that_would_be_formulas_become_text() -> None:
    for formula in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(formula) == "'" + formula
    for text in ("1-1", "a=b", "", "'quoted"):
        assert cell(text) == text


async def test_json_is_the_reimportable_document(api: Api) -> None:
    owner, _editor, board_id = await _board(api)
    r = await _export(api, owner, board_id, "json")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert ".json" in r.headers["content-disposition"]
    doc = json.loads(r.content)
    assert (doc["format"], doc["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert FORMAT.endswith(f"/{FORMAT_VERSION}")
    assert [len(c["cards"]) for c in doc["columns"]] == [2, 1, 0]
    assert "activity" not in doc  # only when asked for


async def test_the_activity_comes_when_asked_for_oldest_first_people_by_email(
    api: Api,
) -> None:
    owner, editor, board_id = await _board(api)
    r = await api.client.get(
        f"/api/v1/boards/{board_id}/export",
        params={"format": "json", "activity": "true"},
        headers=auth(owner),
    )
    assert r.status_code == 200, r.text
    doc = json.loads(r.content)
    log = doc["activity"]
    assert doc["activity_complete"] is True
    assert [e["seq"] for e in log] == sorted(e["seq"] for e in log) and log[0]["seq"] == 1
    assert log[0]["type"] == "board.created"
    created = [e for e in log if e["type"] == "card.created"]
    assert [e["data"]["card"]["title"] for e in created][-1] == "-1 on this idea"
    emails = {(await api.call(who, "GET", "/api/v1/me"))["email"] for who in (owner, editor)}
    assert {e["by"] for e in log} == emails  # the members, by e-mail
    # The document with its activity comes back in as the same board; the activity of
    # the new board is its own (its import), not the old board's.
    r = await api.client.post(
        "/api/v1/imports/teamboard", files={"file": ("b.json", r.content)}, headers=auth(owner)
    )
    assert r.status_code == 201, r.text
    again = json.loads((await _export(api, owner, r.json()["board_id"], "json")).content)
    doc.pop("activity"), doc.pop("activity_complete")
    assert again == doc


async def test_a_document_whose_two_versions_disagree_is_refused(api: Api) -> None:
    owner, _editor, board_id = await _board(api)
    doc = json.loads((await _export(api, owner, board_id, "json")).content)
    doc["format_version"] = 1
    r = await api.client.post(
        "/api/v1/imports/teamboard",
        files={"file": ("b.json", json.dumps(doc).encode())},
        headers=auth(owner),
    )
    assert r.status_code == 422, r.text


async def test_only_owners_take_a_board_out(api: Api) -> None:
    owner, editor, board_id = await _board(api)
    stranger = await api.user("stranger")
    for form in ("json", "csv"):
        assert_problem(await _export(api, editor, board_id, form), 403, "forbidden")
        assert_problem(await _export(api, stranger, board_id, form), 404, "not_found")
    r = await _export(api, owner, board_id, "xlsx")
    problem = assert_problem(r, 422, "invalid")
    assert "json" in problem["errors"][0]["msg"] and "csv" in problem["errors"][0]["msg"]


async def test_a_csv_costs_the_same_statements_at_any_size(api: Api, queries: QueryCounter) -> None:
    owner, _editor, board_id = await _board(api)
    counts = []
    for _round in range(2):
        queries.statements.clear()
        queries.active = True
        assert (await _export(api, owner, board_id, "csv")).status_code == 200
        queries.active = False
        counts.append(queries.count())
        columns = (await api.call(owner, "GET", f"/api/v1/boards/{board_id}"))["columns"]
        for n in range(10):
            await api.card(owner, columns[n % 3]["id"], f"More {n}", label_ids=[])
    assert counts[0] == counts[1], counts


async def test_the_zip_download_holds_the_document_and_the_files(api: Api) -> None:
    filed = await filed_board(api)
    r = await _export(api, filed.owner, filed.board_id, "zip")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert ".zip" in r.headers["content-disposition"]
    held = entries(r.content)
    doc = json.loads(held.pop("board.json"))
    assert doc["format"] == FORMAT
    assert sorted(held.values()) == sorted(filed.files.values())
    assert_problem(await _export(api, filed.editor, filed.board_id, "zip"), 403, "forbidden")


async def _import(api: Api, who: Headers, name: str, data: bytes) -> httpx.Response:
    return await api.client.post(
        "/api/v1/imports/teamboard", files={"file": (name, data)}, headers=auth(who)
    )


async def test_an_export_comes_back_in_as_a_new_board(api: Api) -> None:
    filed = await filed_board(api)
    archive = (await _export(api, filed.owner, filed.board_id, "zip")).content
    r = await _import(api, filed.owner, "board.zip", archive)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["files"], made["notes"]) == (3, ["3 files restored"])
    again = await _export(api, filed.owner, made["board_id"], "json")
    original = await _export(api, filed.owner, filed.board_id, "json")
    assert json.loads(again.content) == json.loads(original.content)

    r = await _import(api, filed.editor, "board.json", original.content)
    assert r.status_code == 201, r.text
    assert r.json()["files"] == 0
    assert "3 attachments left out" in r.json()["notes"][0]


async def test_a_json_export_posted_back_makes_an_identical_board(api: Api) -> None:
    """Over HTTP, as people move a board between servers: the document downloaded, then
    uploaded, then downloaded again from the new board — the same, checklists, comments,
    labels and members included."""
    (owner, editor, _viewer), board_id = await populated_board(api)
    original = await _export(api, owner, board_id, "json")
    assert original.status_code == 200, original.text
    r = await _import(api, owner, "launch.json", original.content)
    assert r.status_code == 201, r.text
    assert r.json()["board_id"] != board_id
    again = await _export(api, owner, r.json()["board_id"], "json")
    first, second = json.loads(original.content), json.loads(again.content)
    assert second == first
    card = first["columns"][0]["cards"][0]
    assert [len(card[k]) for k in ("labels", "assignees", "comments", "checklists")] == [2, 1, 2, 2]
    assert len(first["members"]) == 3 and first["labels"]
    # The editor is a member of the copy, as of the original.
    r = await api.client.get(f"/api/v1/boards/{r.json()['board_id']}", headers=auth(editor))
    assert r.json()["role"] == "editor"


async def test_a_file_that_is_no_export_is_refused_in_words(api: Api) -> None:
    who = await api.user("ana")
    r = await _import(api, who, "notes.json", b'{"format": "teamboard.board/2"}')
    problem = assert_problem(r, 422, "invalid")
    assert problem["detail"].startswith("This file is not a Teamboard export")
    assert all(e["loc"][:2] == ["body", "file"] for e in problem["errors"])
    assert all("Field required" not in e["msg"] for e in problem["errors"])
    assert_problem(await _import(api, who, "empty.json", b""), 422, "invalid")
    r = await _import(api, who, "board.zip", b"PK\x03\x04 not really a zip")
    assert r.status_code in (400, 422), r.text
    odd = io.BytesIO()
    with zipfile.ZipFile(odd, "w") as archive:
        archive.writestr("a.txt", "a")
    problem = assert_problem(await _import(api, who, "odd.zip", odd.getvalue()), 422, "invalid")
    assert problem["errors"] == [
        {
            "loc": ["body", "file"],
            "msg": problem["detail"],
            "type": "invalid",
            "code": "own",
        }
    ]
    assert "a.txt" in problem["detail"]
    boards = await api.call(who, "GET", "/api/v1/boards")
    assert boards["items"] == []
