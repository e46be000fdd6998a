"""Every page renders for its owner, inside the one layout; who may see what."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from teamboard.core.runtime import Runtime
from tests.support.app import BASE_URL
from tests.support.pages import Browser, NewBrowser, World, make_admin, post_forms, share, tags

LANDMARKS = ("<header", "<nav", "<main", "<footer", 'class="skip-link" href="#main"')


def in_layout(html: str) -> bool:
    return all(mark in html for mark in LANDMARKS) and '<link rel="stylesheet"' in html


def page_urls(world: World) -> list[str]:
    b, c = world.board_id, world.card_id
    return [
        "/",
        "/boards",
        "/boards?archived=true",
        f"/boards/{b}",
        f"/boards/{b}?q=docs&label={world.label_id}",
        f"/boards/{b}/settings",
        f"/boards/{b}/activity",
        f"/boards/{b}/archived",
        f"/cards/{c}",
        f"/cards/{c}/delete",
        "/account",
        "/logout",
    ]


async def test_every_page_renders_for_the_owner(
    owner: Browser, world: World, runtime: Runtime
) -> None:
    await make_admin(runtime, owner.id)
    for url in [*page_urls(world), "/admin"]:
        r = await owner.get(url)
        assert r.status_code == 200, (url, r.text)
        assert r.headers["content-type"].startswith("text/html")
        assert in_layout(r.text), url
        assert "no-store" in r.headers["cache-control"]


async def test_every_input_has_a_label(owner: Browser, world: World) -> None:
    for url in page_urls(world):
        found = tags((await owner.get(url)).text)
        labelled = {attrs.get("for") for tag, attrs in found if tag == "label"}
        for tag, attrs in found:
            if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
                assert attrs.get("id") in labelled, (url, tag, attrs)


async def test_entry_pages_render_for_visitors(new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    for url in ("/", "/login", "/signup"):
        r = await visitor.get(url)
        assert r.status_code == 200 and in_layout(r.text), url
    assert 'href="/signup"' in (await visitor.get("/")).text


async def test_landing_links_a_signed_in_user_to_the_boards(owner: Browser) -> None:
    r = await owner.get("/")
    assert 'href="/boards"' in r.text and "Go to your boards" in r.text


@pytest.mark.parametrize("url", ["/boards", "/boards/1", "/cards/1", "/account", "/admin"])
async def test_visitors_are_sent_to_log_in(new_browser: NewBrowser, url: str) -> None:
    r = await (await new_browser()).get(url)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?next={url}"


async def test_a_signed_in_visitor_of_login_goes_on(owner: Browser) -> None:
    r = await owner.get("/login?next=/account")
    assert r.status_code == 303 and r.headers["location"] == "/account"


async def test_not_found_page_is_inside_the_layout(owner: Browser) -> None:
    r = await owner.get("/no/such/page")
    assert r.status_code == 404
    assert in_layout(r.text) and "Error 404" in r.text
    assert owner.name in r.text  # the navigation still knows who is signed in


async def test_non_members_get_the_404_page(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    stranger = await (await new_browser()).signup("Stranger")
    b, c = world.board_id, world.card_id
    for url in (f"/boards/{b}", f"/boards/{b}/settings", f"/boards/{b}/activity", f"/cards/{c}"):
        r = await stranger.get(url)
        assert r.status_code == 404, url
        assert in_layout(r.text) and "Error 404" in r.text
        assert "Launch" not in r.text and "Write docs" not in r.text
    r = await stranger.post(f"/columns/{world.columns[0]}/cards", {"title": "Sneaky"})
    assert r.status_code == 404
    assert "Sneaky" not in str(await owner.board_json(b))


async def test_admin_page_is_403_for_others(owner: Browser) -> None:
    r = await owner.get("/admin")
    assert r.status_code == 403
    assert in_layout(r.text) and "Administrators only" in r.text
    r = await owner.post(f"/admin/users/{owner.id}", {"action": "deactivate"})
    assert r.status_code == 403


async def test_json_clients_still_get_problem_json(owner: Browser) -> None:
    r = await owner.get("/no/such/page", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


async def test_viewer_sees_no_edit_forms(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    viewer = await (await new_browser()).signup("Vera Viewer")
    await share(owner, world.board_id, viewer, "viewer")
    b, c = world.board_id, world.card_id
    for url in (f"/boards/{b}", f"/cards/{c}", f"/boards/{b}/settings"):
        r = await viewer.get(url)
        assert r.status_code == 200, url
        # Leaving the board, following a card and copying the board (into one of their
        # own) are what a viewer may do.
        allowed = {
            f"/boards/{b}/members/{viewer.id}/remove",
            f"/cards/{c}/follow",
            f"/boards/{b}/copy",
        }
        forms = [a for a in post_forms(r.text) if a not in allowed]
        assert forms == [], (url, forms)
    # ... while the owner has them
    assert post_forms((await owner.get(f"/boards/{b}")).text)


async def test_viewer_posts_are_refused(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    viewer = await (await new_browser()).signup("Vera Viewer")
    await share(owner, world.board_id, viewer, "viewer")
    before = await owner.board_json(world.board_id)
    attempts: dict[str, dict[str, Any]] = {
        f"/columns/{world.columns[0]}/cards": {"title": "Nope"},
        f"/boards/{world.board_id}/columns": {"name": "Nope"},
        f"/cards/{world.card_id}": {"title": "Nope", "version": "1"},
        f"/cards/{world.card_id}/move": {"column_id": world.columns[1], "position": "1"},
        f"/cards/{world.card_id}/comments": {"body": "Nope"},
        f"/cards/{world.card_id}/delete": {},
        f"/boards/{world.board_id}/labels": {"name": "Nope", "color": "#000000"},
        f"/boards/{world.board_id}/archive": {},
        f"/boards/{world.board_id}/members": {"email": viewer.email, "role": "owner"},
    }
    for url, data in attempts.items():
        r = await viewer.post(url, data)
        assert r.status_code == 403, (url, r.status_code)
        assert "Error 403" in r.text
    assert (await owner.board_json(world.board_id))["seq"] == before["seq"]


async def test_activity_is_told_in_words(owner: Browser, world: World) -> None:
    await owner.post(
        f"/cards/{world.card_id}/move", {"column_id": world.columns[1], "position": "1"}
    )
    await owner.post(f"/cards/{world.card_id}/comments", {"body": "Hi"})
    text = " ".join((await owner.get(f"/boards/{world.board_id}/activity")).text.split())
    for line in (
        "<strong>Olivia Owner</strong> created the board “Launch”.",
        f'added the card <a href="/cards/{world.card_id}">“Write docs”</a> in To do.',
        f'moved <a href="/cards/{world.card_id}">“Write docs”</a> to In progress.',
        "created the label “Bug”.",
        f'commented on <a href="/cards/{world.card_id}">“Write docs”</a>.',
    ):
        assert line in text, line


async def test_server_errors_get_the_500_page(app: FastAPI, runtime: Runtime) -> None:
    async def boom() -> None:
        raise RuntimeError("kaput")

    app.add_api_route("/boom", boom)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        r = await client.get("/boom", headers={"accept": "text/html"})
    assert r.status_code == 500
    assert in_layout(r.text) and "Error 500" in r.text and "kaput" not in r.text
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
