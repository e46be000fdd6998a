"""Unsubscribing from a message's own link, without logging in: the one-click POST of
RFC 8058 turns that kind's e-mail off; a GET (a mail scanner's prefetch, or a person)
only shows a button."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from devkit.smtp import Received, SmtpServer
from teamboard.core.runtime import Runtime
from teamboard.notifications.digest import Digests
from tests.support.api import Api, auth
from tests.support.app import BASE_URL
from tests.support.notifications import Team, choose, next_digest_time, send_mail
from tests.support.pages import NewBrowser, post_forms

SETTINGS = "/api/v1/me/notification-settings"


async def _mention_mail(api: Api, team: Team, runtime: Runtime, smtp: SmtpServer) -> Received:
    card = await api.card(team.owner, team.column_id, "Task")
    await api.comment(team.owner, card["id"], "@mate look")
    await send_mail(runtime)
    [message] = smtp.wait_for(1, to=team.mate["X-Email"])
    return message


def _link(message: Received) -> str:
    return message.header("List-Unsubscribe").strip("<>")


async def _settings(api: Api, who: dict[str, str]) -> dict[str, str]:
    r = await api.client.get(SETTINGS, headers=auth(who))
    settings: dict[str, str] = r.json()
    return settings


async def test_one_click_from_the_header_turns_that_kind_off_without_a_session(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer, app: object
) -> None:
    message = await _mention_mail(api, team, runtime, smtp)
    # What a mail provider does (RFC 8058 §3.2): a POST with this body, no cookie.
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as stranger:
        r = await stranger.post(_link(message), data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200, r.text
    settings = await _settings(api, team.mate)
    assert settings["mentions"] == "off"
    assert settings["assignments"] == "immediately"  # only the kind the message was about

    card = await api.card(team.owner, team.column_id, "Again")
    await api.comment(team.owner, card["id"], "@mate once more")
    await send_mail(runtime)
    assert len(smtp.messages(to=team.mate["X-Email"])) == 1  # no new message


async def test_a_get_of_the_link_changes_nothing_and_offers_the_button(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    message = await _mention_mail(api, team, runtime, smtp)
    link = _link(message)
    assert link in message.text  # the visible link is the same address
    browser = await new_browser()
    page = await browser.get(link)
    assert page.status_code == 200
    assert "Stop e-mails about <strong>mentions</strong>" in page.text
    assert team.mate["X-Email"] in page.text
    assert post_forms(page.text) == [link.removeprefix(BASE_URL)]
    assert (await _settings(api, team.mate))["mentions"] == "immediately"

    done = await browser.post(link, {}, csrf=False)
    assert done.status_code == 200
    assert "will no longer get e-mails about mentions" in done.text
    assert (await _settings(api, team.mate))["mentions"] == "off"
    again = await browser.post(link, {}, csrf=False)  # twice is fine
    assert again.status_code == 200


async def test_a_signed_in_browser_unsubscribes_without_its_csrf_token(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer, new_browser: NewBrowser
) -> None:
    """The link is the authority, not the session: a browser that happens to be logged
    in (as anyone) is not asked for a CSRF token it cannot have."""
    message = await _mention_mail(api, team, runtime, smtp)
    someone = await (await new_browser()).signup("Someone Else")
    r = await someone.post(_link(message), {}, csrf=False)
    assert r.status_code == 200, r.text
    assert (await _settings(api, team.mate))["mentions"] == "off"


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: "99" + token,  # another user
        lambda token: token.replace(".mentions.", ".comments."),  # another kind
        lambda token: "nonsense",
    ],
)
async def test_a_forged_link_is_refused(
    api: Api,
    team: Team,
    runtime: Runtime,
    smtp: SmtpServer,
    client: httpx.AsyncClient,
    change: Callable[[str], str],
) -> None:
    message = await _mention_mail(api, team, runtime, smtp)
    token = _link(message).rsplit("/", 1)[1]
    forged = f"/unsubscribe/{change(token)}"
    assert (await client.post(forged)).status_code == 404
    page = await client.get(forged, headers={"accept": "text/html"})
    assert page.status_code == 404 and "This unsubscribe link is not valid" in page.text
    assert await _settings(api, team.mate) == {
        "mentions": "immediately",
        "assignments": "immediately",
        "comments": "daily",
        "due_dates": "immediately",
    }


async def test_the_digest_link_stops_the_digest(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer, client: httpx.AsyncClient
) -> None:
    await choose(api, team.mate, mentions="daily")
    card = await api.card(team.owner, team.column_id, "Task")
    await api.comment(team.owner, card["id"], "@mate for the digest")
    await Digests(runtime.settings, runtime.db).turn(next_digest_time())
    await send_mail(runtime)
    [digest] = smtp.wait_for(1, to=team.mate["X-Email"])
    assert "Stop the daily digest" in digest.html
    r = await client.post(_link(digest), data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    # Every kind that came daily is off; those that come at once stay.
    assert await _settings(api, team.mate) == {
        "mentions": "off",
        "assignments": "immediately",
        "comments": "off",
        "due_dates": "immediately",
    }
