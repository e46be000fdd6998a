"""Forms need their CSRF token: the session's for signed-in forms, a double-submit
cookie for sign-up and log-in. A missing or wrong one is a 403 page and no change."""

from __future__ import annotations

import pytest

from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD
from tests.support.pages import Browser, NewBrowser, World, make_admin


def board_forms(world: World, owner_id: int) -> list[tuple[str, dict[str, object]]]:
    b, c, col = world.board_id, world.card_id, world.columns[0]
    return [
        ("/boards", {"name": "Evil"}),
        (f"/boards/{b}/columns", {"name": "Evil"}),
        (f"/columns/{col}/cards", {"title": "Evil"}),
        (f"/columns/{col}/rename", {"name": "Evil"}),
        (f"/columns/{col}/delete", {"confirm": "yes"}),
        (f"/cards/{c}", {"title": "Evil"}),
        (f"/cards/{c}/move", {"column_id": world.columns[1], "position": "1"}),
        (f"/cards/{c}/archive", {}),
        (f"/cards/{c}/delete", {}),
        (f"/cards/{c}/comments", {"body": "Evil"}),
        (f"/cards/{c}/copy", {"column_id": col}),
        (f"/boards/{b}/copy", {"name": "Evil", "include_cards": "yes"}),
        (f"/boards/{b}/template", {"is_template": "yes"}),
        (f"/boards/{b}/settings", {"name": "Evil"}),
        (f"/boards/{b}/labels", {"name": "Evil", "color": "#000000"}),
        (f"/labels/{world.label_id}/delete", {"board_id": b}),
        (f"/boards/{b}/archive", {}),
        (f"/boards/{b}/delete", {"confirm": "yes"}),
        (f"/boards/{b}/members/{owner_id}/remove", {}),
    ]


@pytest.mark.parametrize("token", [None, "", "wrong-token-value"])
async def test_board_forms_need_the_token(owner: Browser, world: World, token: str | None) -> None:
    before = await owner.board_json(world.board_id)
    for url, data in board_forms(world, owner.id):
        body = dict(data)
        if token is not None:
            body["csrf_token"] = token
        r = await owner.post(url, body, csrf=False)
        assert r.status_code == 403, (url, r.status_code)
        assert "CSRF check failed" in r.text and "<main" in r.text
    after = await owner.board_json(world.board_id)
    assert after == before
    assert (await owner.get("/api/v1/boards")).json()["total"] == 1


async def test_a_foreign_origin_is_refused_even_with_the_token(
    owner: Browser, world: World
) -> None:
    r = await owner.post("/boards", {"name": "Evil"}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert (await owner.get("/api/v1/boards")).json()["total"] == 1


async def test_the_token_works_for_the_right_session_only(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    other = await (await new_browser()).signup("Other")
    r = await other.post("/boards", {"name": "Evil", "csrf_token": owner.csrf}, csrf=False)
    assert r.status_code == 403


async def test_account_and_admin_forms_need_the_token(
    owner: Browser, new_browser: NewBrowser, runtime: Runtime
) -> None:
    await make_admin(runtime, owner.id)
    target = await (await new_browser()).signup("Target")
    for url, data in [
        ("/account/profile", {"display_name": "Evil", "email": owner.email}),
        ("/account/password", {"current_password": PASSWORD, "new_password": "evil evil evil"}),
        (f"/admin/users/{target.id}", {"action": "deactivate"}),
        ("/account/sessions/1/revoke", {}),
        ("/logout", {}),
    ]:
        r = await owner.post(url, data, csrf=False)
        assert r.status_code == 403, url
    me = (await owner.get("/api/v1/me")).json()
    assert me["display_name"] == "Olivia Owner"
    assert (await target.get("/boards")).status_code == 200
    assert (await (await new_browser()).login(owner.email)).status_code == 303


# -- before log-in: the double-submit token ---------------------------------------------


async def test_login_needs_the_form_token(owner: Browser, new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    data = {"email": owner.email, "password": PASSWORD}
    r = await visitor.post("/login", data, csrf=False)  # no cookie, no field
    assert r.status_code == 403 and "tb_session" not in visitor.client.cookies
    token = await visitor.entry_token("/login")  # now the cookie is set
    r = await visitor.post("/login", data, csrf=False)  # field missing
    assert r.status_code == 403
    r = await visitor.post("/login", data | {"csrf_token": token[:-2] + "xx"})
    assert r.status_code == 403
    assert "tb_session" not in visitor.client.cookies
    stranger = await new_browser()  # a field copied from someone else's page, no cookie
    r = await stranger.post("/login", data | {"csrf_token": token})
    assert r.status_code == 403
    r = await visitor.post("/login", data | {"csrf_token": token})
    assert r.status_code == 303 and "tb_session" in visitor.client.cookies


async def test_the_form_cookie_is_strict_and_http_only(new_browser: NewBrowser) -> None:
    r = await (await new_browser()).get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("tb_form=") and "samesite=strict" in cookie and "httponly" in cookie


async def test_signup_needs_the_form_token(new_browser: NewBrowser) -> None:
    visitor = await new_browser()
    data = {"email": "x@example.com", "password": PASSWORD, "display_name": "X"}
    assert (await visitor.post("/signup", data, csrf=False)).status_code == 403
    await visitor.entry_token("/signup")
    r = await visitor.post("/signup", data | {"csrf_token": "forged"})
    assert r.status_code == 403
    r = await visitor.post(
        "/signup",
        data | {"csrf_token": await visitor.entry_token("/signup")},
        headers={"origin": "https://evil.example"},
    )
    assert r.status_code == 403
    assert (await visitor.login("x@example.com")).status_code == 422  # no account was made
