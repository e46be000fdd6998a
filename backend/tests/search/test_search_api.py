"""GET /api/v1/search: what it finds, in what order, with which snippet, on either engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.api import Api, auth
from tests.support.search import found, search


async def test_finds_titles_descriptions_comments_and_labels(api: Api) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    column = board["columns"][0]["id"]
    titled = await api.card(who, column, "Deploy the gateway")
    described = await api.card(who, column, "Other", description="the gateway must deploy")
    commented = await api.card(who, column, "Third")
    await api.comment(who, commented["id"], "what about the zebra?")
    r = await api.client.post(
        f"/api/v1/boards/{board['id']}/labels",
        json={"name": "Urgent", "color": "#ff0000"},
        headers=auth(who),
    )
    labelled = await api.card(who, column, "Fourth", label_ids=[r.json()["id"]])
    assert await found(api, who, "gateway") == [titled["id"], described["id"]]
    assert await found(api, who, "zebra") == [commented["id"]]
    assert await found(api, who, "urgent") == [labelled["id"]]
    assert await found(api, who, "nothing-like-it") == []


async def test_a_hit_names_its_card_board_and_column(api: Api) -> None:
    who = await api.user("ana")
    board = await api.board(who, "Ops")
    column = board["columns"][0]
    card = await api.card(who, column["id"], "Deploy <b>now</b>", description="x & y deploy")
    page = await search(api, who, "deploy")
    assert page["next_cursor"] is None
    [hit] = page["hits"]
    assert hit["card_id"] == card["id"]
    assert hit["card_title"] == "Deploy <b>now</b>"
    assert (hit["board_id"], hit["board_name"]) == (board["id"], "Ops")
    assert (hit["column_id"], hit["column_name"]) == (column["id"], column["name"])
    assert hit["archived"] is False
    assert "<mark>Deploy</mark>" in hit["snippet"]
    assert "<b>" not in hit["snippet"]
    assert "&lt;b&gt;" in hit["snippet"]


async def test_the_snippet_marks_what_matched_the_same_on_either_engine(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    card = await api.card(who, column, "Update the Résumé", description="résumé in the wiki")
    await api.comment(who, card["id"], "the zebra crossed the gateway")
    [hit] = (await search(api, who, "zebra gate"))["hits"]
    assert hit["snippet"] == "the <mark>zebra</mark> crossed the <mark>gateway</mark>"
    [hit] = (await search(api, who, "RESUME"))["hits"]
    assert hit["snippet"] == "Update the <mark>Résumé</mark>"


async def test_a_long_description_is_searched_for_a_passage_up_to_a_bound(api: Api) -> None:
    # The snippet's work stays bounded (search/snippets.py, READ_CHARS): a word the card
    # holds only past its columns' first 4,000 characters still finds it, with its title.
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    near = await api.card(who, column, "Near", description="filler " * 100 + "walrus here")
    far = await api.card(who, column, "Far", description="filler " * 700 + "walrus there")
    hits = {h["card_id"]: h["snippet"] for h in (await search(api, who, "walrus"))["hits"]}
    assert hits[near["id"]].endswith("<mark>walrus</mark> here")
    assert hits[far["id"]] == "Far"


async def test_query_syntax_on_either_engine(api: Api) -> None:
    """websearch_to_tsquery's syntax: "exact phrase", -word, or; the last word is a
    prefix while typing; letter case and accents never matter."""
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    staging = await api.card(who, column, "Deploy to staging")
    prod = await api.card(who, column, "Deploy to production")
    reverse = await api.card(who, column, "Staging deploy notes")
    resume = await api.card(who, column, "Update the Résumé")
    assert set(await found(api, who, '"deploy to staging"')) == {staging["id"]}
    assert set(await found(api, who, "deploy staging")) == {staging["id"], reverse["id"]}
    assert set(await found(api, who, "deploy -staging")) == {prod["id"]}
    assert set(await found(api, who, 'deploy -"to staging"')) == {prod["id"], reverse["id"]}
    assert set(await found(api, who, "notes or production")) == {prod["id"], reverse["id"]}
    assert set(await found(api, who, "deploy notes OR production")) == {
        prod["id"],
        reverse["id"],
    }
    assert set(await found(api, who, "depl")) == {staging["id"], prod["id"], reverse["id"]}
    assert set(await found(api, who, "prod")) == {prod["id"]}
    assert await found(api, who, "prod deploy") == []  # only the last word is a prefix
    assert await found(api, who, "resume") == [resume["id"]]
    assert await found(api, who, "RÉSUMÉ") == [resume["id"]]
    assert await found(api, who, "résu") == [resume["id"]]


async def test_nothing_required_finds_nothing(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    await api.card(who, column, "Deploy")
    for q in ["", "   ", "-deploy", "or", '""', "!!! ---", "or or -x"]:
        assert await search(api, who, q) == {"hits": [], "next_cursor": None}, q


async def test_title_ranks_above_comment_then_recent_first(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    in_comment = await api.card(who, column, "First")
    await api.comment(who, in_comment["id"], "the kraken wakes")
    older = await api.card(who, column, "Kraken")
    newer = await api.card(who, column, "Kraken")
    assert await found(api, who, "kraken") == [newer["id"], older["id"], in_comment["id"]]


async def test_pages_follow_each_other_by_cursor(api: Api) -> None:
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    made = [(await api.card(who, column, f"Walrus {n}"))["id"] for n in range(7)]
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = await search(api, who, "walrus", **params)
        seen += [hit["card_id"] for hit in page["hits"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(made))


async def test_filters_by_label_assignee_and_due(api: Api) -> None:
    who = await api.user("ana")
    helper = await api.user("bo")
    board = await api.board(who, "Ops")
    await api.share(who, board["id"], helper, "editor")
    column = board["columns"][0]["id"]
    r = await api.client.post(
        f"/api/v1/boards/{board['id']}/labels", json={"name": "Bug"}, headers=auth(who)
    )
    bug = r.json()["id"]
    today = datetime.now(UTC).date()
    overdue = await api.card(who, column, "Walrus late", due_date=str(today - timedelta(days=3)))
    soon = await api.card(
        who,
        column,
        "Walrus soon",
        due_date=str(today + timedelta(days=2)),
        label_ids=[bug],
        assignee_ids=[int(helper["X-User-Id"])],
    )
    later = await api.card(who, column, "Walrus later", due_date=str(today + timedelta(days=30)))
    undated = await api.card(who, column, "Walrus someday")
    assert set(await found(api, who, "walrus")) == {
        overdue["id"],
        soon["id"],
        later["id"],
        undated["id"],
    }
    assert await found(api, who, "walrus", due="overdue") == [overdue["id"]]
    assert await found(api, who, "walrus", due="week") == [soon["id"]]
    assert await found(api, who, "walrus", due="none") == [undated["id"]]
    assert await found(api, who, "walrus", label=bug) == [soon["id"]]
    assert await found(api, who, "walrus", assignee=helper["X-User-Id"]) == [soon["id"]]
    assert await found(api, helper, "walrus", assignee=helper["X-User-Id"]) == [soon["id"]]
    assert await found(api, who, "walrus", board_id=board["id"] + 1000) == []
