"""Invitations end to end over a real SMTP server: an owner invites an address (202, the
same for every address), the mail arrives with its link, and the person who reads it
signs up there (no account yet: the link verifies the address) or accepts with the
verified address it was sent to; declining, revoking and expiry kill the link; anyone
else is refused. The per-account limit: test_invitation_limits.py; live: realtime/."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from devkit.api import assert_problem
from devkit.smtp import Received, SmtpServer
from teamboard.boards.models import Invitation
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.mail.sender import MailSender
from teamboard.mail.smtp import SmtpServer as Smtp
from tests.support.api import Api, Headers, auth, verify_email
from tests.support.app import BASE_URL, PASSWORD
from tests.support.pages import Browser, NewBrowser, follow, hidden

LINK = re.compile(re.escape(BASE_URL) + r"(/invitations/[A-Za-z0-9_-]+)")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().up()
    yield server
    server.stop()


@pytest.fixture
def settings_overrides(smtp: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp.url, "mail_from": "Teamboard <board@teamboard.test>"}


async def invite(api: Api, owner: Headers, board_id: int, email: str, role: str) -> httpx.Response:
    return await api.client.post(
        f"/api/v1/boards/{board_id}/members",
        json={"email": email, "role": role},
        headers=auth(owner),
    )


async def mailed(runtime: Runtime, smtp: SmtpServer, to: str, count: int = 1) -> Received:
    """Sends what is queued (the background sender's turn) and returns the newest of the
    ``count`` invitations ``to`` has received (a sign-up's own mail aside)."""
    await MailSender(runtime.settings, runtime.db, Smtp.of(runtime.settings)).turn()
    for _ in range(100):
        found = invitations_to(smtp, to)
        if len(found) >= count:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} invitation(s) to {to} never came")


def invitations_to(smtp: SmtpServer, to: str) -> list[Received]:
    """The invitations ``to`` received (a sign-up's own mail aside)."""
    return [m for m in smtp.messages(to=to) if "invited you" in m.header("Subject")]


def link_in(message: Received) -> str:
    """The mailed link's path, the same in both parts."""
    found = LINK.search(message.text)
    assert found, message.text
    assert f'href="{BASE_URL}{found.group(1)}"' in message.html
    return found.group(1)


async def members(api: Api, owner: Headers, board_id: int) -> dict[str, str]:
    r = await api.client.get(f"/api/v1/boards/{board_id}/members", headers=auth(owner))
    assert r.status_code == 200, r.text
    return {m["email"]: m["role"] for m in r.json()}


async def pending(api: Api, owner: Headers, board_id: int) -> list[dict[str, Any]]:
    r = await api.client.get(f"/api/v1/boards/{board_id}/invitations", headers=auth(owner))
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


async def test_someone_without_an_account_signs_up_from_the_mail_and_joins(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner = await api.user("Olivia")
    board = await api.board(owner, "Launch")
    r = await invite(api, owner, board["id"], "New.Comer@Example.com", "editor")
    assert r.status_code == 202 and r.json() == {"email": "new.comer@example.com", "role": "editor"}
    message = await mailed(runtime, smtp, "new.comer@example.com")
    assert message.header("Subject") == "Olivia invited you to “Launch” on Teamboard"
    assert "as an editor" in message.text and "expires on" in message.text
    path = link_in(message)

    browser = await new_browser()
    page = await browser.get(path)
    assert page.status_code == 200 and "Create your account" in page.text
    assert 'value="new.comer@example.com" readonly' in page.text
    assert "new.comer@example.com" not in await members(api, owner, board["id"])  # GET: nothing
    r = await browser.post(
        f"{path}/signup",
        {
            "csrf_token": hidden(page.text, "csrf_token"),
            "display_name": "Newcomer",
            "password": PASSWORD,
        },
    )
    assert r.headers["location"] == f"/boards/{board['id']}"
    assert (await follow(browser, r)).status_code == 200
    me = (await browser.get("/api/v1/me")).json()
    assert me["email"] == "new.comer@example.com" and me["email_verified"] is True
    assert (await members(api, owner, board["id"]))["new.comer@example.com"] == "editor"
    assert await pending(api, owner, board["id"]) == []
    # The link proved the address: no mail asks to prove it again.
    await mailed(runtime, smtp, "new.comer@example.com")
    assert len(smtp.messages(to="new.comer@example.com")) == 1
    assert (await (await new_browser()).get(path)).status_code == 404  # used up


async def test_the_answer_is_the_same_for_every_address(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    owner, mate, stranger = await api.user("owner"), await api.user("mate"), await api.user("s")
    board = await api.board(owner)
    await api.share(owner, board["id"], mate, "viewer")
    answers = {}
    for email in ("nobody@example.com", stranger["X-Email"], mate["X-Email"], owner["X-Email"]):
        r = await invite(api, owner, board["id"], email, "editor")
        answers[email] = (r.status_code, r.json()["role"], r.headers.get("content-type"))
    assert len(set(answers.values())) == 1 and answers["nobody@example.com"][0] == 202
    await mailed(runtime, smtp, "nobody@example.com")
    await mailed(runtime, smtp, stranger["X-Email"])
    # Nothing for those who are members already (the mate's one mail: how they joined).
    assert len(invitations_to(smtp, mate["X-Email"])) == 1
    assert invitations_to(smtp, owner["X-Email"]) == []
    assert sorted(i["email"] for i in await pending(api, owner, board["id"])) == sorted(
        ["nobody@example.com", stranger["X-Email"]]
    )


async def test_inviting_again_renews_it_and_the_old_link_dies(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    await invite(api, owner, board["id"], "ada@example.com", "viewer")
    first = link_in(await mailed(runtime, smtp, "ada@example.com"))
    await invite(api, owner, board["id"], "ada@example.com", "owner")
    second = link_in(await mailed(runtime, smtp, "ada@example.com", 2))
    browser = await new_browser()
    assert (await browser.get(first)).status_code == 404
    page = await browser.get(second)
    assert page.status_code == 200 and "as an owner" in page.text
    [only] = await pending(api, owner, board["id"])
    assert only["role"] == "owner"


async def test_an_account_holder_accepts_with_a_verified_address_only(
    api: Api, runtime: Runtime, smtp: SmtpServer
) -> None:
    owner, ada = await api.user("owner"), await api.user("ada")
    board = await api.board(owner)
    await invite(api, owner, board["id"], ada["X-Email"], "editor")
    [invitation] = await pending(api, owner, board["id"])
    # An address typed in at sign-up proves nothing: no list, no accepting.
    assert (await api.client.get("/api/v1/me/invitations", headers=auth(ada))).json() == []
    r = await api.client.post(f"/api/v1/invitations/{invitation['id']}/accept", headers=auth(ada))
    assert_problem(r, 404, "not_found")
    await verify_email(runtime, ada["X-Email"])
    [mine] = (await api.client.get("/api/v1/me/invitations", headers=auth(ada))).json()
    assert mine["board_name"] == board["name"] and mine["invited_by"]["display_name"] == "owner"
    r = await api.client.post(f"/api/v1/invitations/{mine['id']}/accept", headers=auth(ada))
    assert r.status_code == 200 and r.json()["role"] == "editor", r.text
    assert (await members(api, owner, board["id"]))[ada["X-Email"]] == "editor"
    again = await api.client.post(f"/api/v1/invitations/{mine['id']}/accept", headers=auth(ada))
    assert_problem(again, 404, "not_found")


async def test_the_link_accepts_for_the_logged_in_invitee_and_verifies_the_address(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    ada = await (await new_browser()).signup("Ada")
    await invite(api, owner, board["id"], ada.email, "viewer")
    path = link_in(await mailed(runtime, smtp, ada.email))
    page = await ada.get(path)
    assert "Accept and open the board" in page.text
    r = await ada.post(f"{path}/accept")
    assert r.headers["location"] == f"/boards/{board['id']}"
    assert (await ada.get("/api/v1/me")).json()["email_verified"] is True
    assert (await members(api, owner, board["id"]))[ada.email] == "viewer"


async def test_someone_else_is_refused_by_id_and_by_link(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner, eve = await api.user("owner"), await api.user("eve")
    await verify_email(runtime, eve["X-Email"])
    board = await api.board(owner)
    await invite(api, owner, board["id"], "ada@example.com", "editor")
    path = link_in(await mailed(runtime, smtp, "ada@example.com"))
    [invitation] = await pending(api, owner, board["id"])
    for action in ("accept", "decline"):
        url = f"/api/v1/invitations/{invitation['id']}/{action}"
        assert_problem(await api.client.post(url, headers=auth(eve)), 404, "not_found")
    r = await api.client.delete(f"/api/v1/invitations/{invitation['id']}", headers=auth(eve))
    assert_problem(r, 404, "not_found")
    r = await api.client.get(f"/api/v1/boards/{board['id']}/invitations", headers=auth(eve))
    assert r.status_code in (403, 404)
    # Holding the link while logged in as someone else: told so, and can do nothing.
    mallory: Browser = await (await new_browser()).signup("Mallory")
    page = await mallory.get(path)
    assert "you are logged in as" in page.text and "Accept and open" not in page.text
    assert (await mallory.post(f"{path}/accept")).status_code == 404
    assert (await mallory.post(f"{path}/decline")).status_code == 404
    assert len(await pending(api, owner, board["id"])) == 1
    assert set(await members(api, owner, board["id"])) == {owner["X-Email"]}


async def test_declining_by_link_without_an_account_ends_it(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    await invite(api, owner, board["id"], "ada@example.com", "editor")
    path = link_in(await mailed(runtime, smtp, "ada@example.com"))
    browser = await new_browser()
    page = await browser.get(path)
    r = await browser.post(f"{path}/decline", {"csrf_token": hidden(page.text, "csrf_token")})
    assert r.status_code == 303, r.text
    assert await pending(api, owner, board["id"]) == []
    assert (await browser.get(path)).status_code == 404
    r = await api.client.get(f"/api/v1/boards/{board['id']}/activity", headers=auth(owner))
    newest = r.json()["items"][0]
    # Said on the board's log, without who declined or their address.
    assert newest["type"] == "invitation.declined" and newest["actor"] is None
    assert "ada@example.com" not in r.text


async def test_declining_through_the_api(api: Api, runtime: Runtime, smtp: SmtpServer) -> None:
    owner, ada = await api.user("owner"), await api.user("ada")
    await verify_email(runtime, ada["X-Email"])
    board = await api.board(owner)
    await invite(api, owner, board["id"], ada["X-Email"], "editor")
    [mine] = (await api.client.get("/api/v1/me/invitations", headers=auth(ada))).json()
    r = await api.client.post(f"/api/v1/invitations/{mine['id']}/decline", headers=auth(ada))
    assert r.status_code == 204, r.text
    assert (await api.client.get("/api/v1/me/invitations", headers=auth(ada))).json() == []
    assert ada["X-Email"] not in await members(api, owner, board["id"])


async def test_a_revoked_invitation_cannot_be_used(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner, ada, editor = await api.user("owner"), await api.user("ada"), await api.user("ed")
    await verify_email(runtime, ada["X-Email"])
    board = await api.board(owner)
    await api.share(owner, board["id"], editor, "editor")
    await invite(api, owner, board["id"], ada["X-Email"], "editor")
    path = link_in(await mailed(runtime, smtp, ada["X-Email"]))
    [invitation] = await pending(api, owner, board["id"])
    url = f"/api/v1/invitations/{invitation['id']}"
    assert (await api.client.delete(url, headers=auth(editor))).status_code in (403, 404)
    assert (await api.client.delete(url, headers=auth(owner))).status_code == 204
    assert await pending(api, owner, board["id"]) == []
    assert_problem(await api.client.post(f"{url}/accept", headers=auth(ada)), 404, "not_found")
    page = await (await new_browser()).get(path)
    assert page.status_code == 404 and "not valid" in page.text
    assert_problem(await api.client.delete(url, headers=auth(owner)), 404, "not_found")


async def test_an_invitation_expires_after_fourteen_days(
    api: Api, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    owner, ada = await api.user("owner"), await api.user("ada")
    await verify_email(runtime, ada["X-Email"])
    board = await api.board(owner)
    await invite(api, owner, board["id"], ada["X-Email"], "editor")
    path = link_in(await mailed(runtime, smtp, ada["X-Email"]))
    [invitation] = await pending(api, owner, board["id"])
    lifetime = invitation_lifetime(invitation)
    assert timedelta(days=14) - timedelta(minutes=1) < lifetime <= timedelta(days=14)
    async with runtime.db.session() as db, db.transaction():
        await db.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert await pending(api, owner, board["id"]) == []
    assert (await api.client.get("/api/v1/me/invitations", headers=auth(ada))).json() == []
    r = await api.client.post(f"/api/v1/invitations/{invitation['id']}/accept", headers=auth(ada))
    assert_problem(r, 404, "not_found")
    assert (await (await new_browser()).get(path)).status_code == 404
    # Inviting again makes a fresh one (the expired one is cleared).
    assert (await invite(api, owner, board["id"], ada["X-Email"], "viewer")).status_code == 202
    assert [i["role"] for i in await pending(api, owner, board["id"])] == ["viewer"]


def invitation_lifetime(invitation: dict[str, Any]) -> timedelta:
    made = datetime.fromisoformat(invitation["created_at"])
    return datetime.fromisoformat(invitation["expires_at"]) - made


async def test_the_settings_page_lists_and_revokes_without_javascript(
    runtime: Runtime, smtp: SmtpServer, owner: Browser, new_browser: NewBrowser
) -> None:
    board_id = await owner.board("Pages")
    r = await owner.post(
        f"/boards/{board_id}/members", {"email": "ada@example.com", "role": "editor"}
    )
    assert r.headers["location"].endswith("#invitations")
    page = await follow(owner, r)
    assert "Invitation to join as editor sent to ada@example.com." in page.text
    assert "ada@example.com" in page.text and "Revoke" in page.text
    path = link_in(await mailed(runtime, smtp, "ada@example.com"))
    action = re.search(r'action="(/boards/\d+/invitations/\d+/revoke)"', page.text)
    assert action, page.text
    r = await owner.post(action.group(1))
    assert "No pending invitations." in (await follow(owner, r)).text
    assert (await (await new_browser()).get(path)).status_code == 404


async def test_the_access_log_keeps_no_invitation_token(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="teamboard.access")
    token = "a-secret-token-0123456789abcdefghij"
    assert (await client.get(f"/invitations/{token}")).status_code == 404
    assert (await client.post(f"/invitations/{token}/decline")).status_code in (400, 403)
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "teamboard.access"]
    assert len(lines) == 2 and all("/invitations/{token}" in line for line in lines), lines
    assert not any(token in line for line in lines)
