"""E-mail settings per kind, on the API and the settings page, and what they do: a
message at once, the day's digest, or nothing; never about one's own doing; no storm."""

from __future__ import annotations

from devkit.smtp import SmtpServer
from teamboard.core.runtime import Runtime
from teamboard.notifications.digest import Digests
from tests.support.api import Api, auth
from tests.support.notifications import (
    DIGEST_HOUR,
    Team,
    choose,
    mail_to,
    next_digest_time,
    notes,
    send_mail,
)
from tests.support.pages import NewBrowser, follow

DEFAULTS = {
    "mentions": "immediately",
    "assignments": "immediately",
    "comments": "daily",
    "due_dates": "immediately",
}
SETTINGS = "/api/v1/me/notification-settings"


async def test_the_defaults_and_a_change_of_them(api: Api) -> None:
    who = await api.user("ada")
    r = await api.client.get(SETTINGS, headers=auth(who))
    assert (r.status_code, r.json()) == (200, DEFAULTS)
    chosen = {
        "mentions": "daily",
        "assignments": "off",
        "comments": "immediately",
        "due_dates": "daily",
    }
    r = await api.client.put(SETTINGS, json=chosen, headers=auth(who))
    assert (r.status_code, r.json()) == (200, chosen)
    assert (await api.client.get(SETTINGS, headers=auth(who))).json() == chosen
    assert (await api.client.get(SETTINGS)).status_code == 401


async def test_wrong_settings_are_refused_all_at_once_in_words(api: Api) -> None:
    who = await api.user("ada")
    r = await api.client.put(
        SETTINGS,
        json={"mentions": "hourly", "assignments": 3, "comments": "daily"},
        headers=auth(who),
    )
    assert r.status_code == 422, r.text
    errors = {e["loc"][-1]: e["msg"] for e in r.json()["errors"]}
    assert errors == {
        "mentions": "Choose immediately, daily or off for the e-mails about mentions.",
        "assignments": "Choose immediately, daily or off for the e-mails about assignments.",
        "due_dates": "Fill in the e-mails about due dates.",
    }
    assert (await api.client.get(SETTINGS, headers=auth(who))).json() == DEFAULTS


async def test_immediately_sends_one_message_with_the_text_of_the_moment(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    card = await api.card(team.owner, team.column_id, "Fix log-in")
    await api.comment(team.owner, card["id"], "@mate can you look <b>now</b>?")
    await send_mail(runtime)
    [message] = smtp.wait_for(1, to=team.mate["X-Email"])
    assert message.header("Subject") == "olive mentioned you on “Fix log-in”"
    assert "@mate can you look <b>now</b>?" in message.text
    assert "@mate can you look &lt;b&gt;now&lt;/b&gt;?" in message.html  # escaped
    assert f"http://testserver/cards/{card['id']}#comment-" in message.text
    assert message.header("Auto-Submitted") == "auto-generated"
    # RFC 8058 one-click unsubscribe, and the same link visible in both parts.
    link = message.header("List-Unsubscribe")
    assert link.startswith("<http://testserver/unsubscribe/") and link.endswith(">")
    assert message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert link[1:-1] in message.text and link[1:-1] in message.html
    assert "<img" not in message.html  # nothing that tracks the reader
    # The author mentioned nobody else and is told nothing of their own comment.
    assert mail_to(smtp, team.owner) == []


async def test_an_assignment_mails_at_once_but_not_ones_own(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    ids = [team.id(team.owner), team.id(team.mate)]
    await api.card(team.owner, team.column_id, "Ship it", assignee_ids=ids)
    await send_mail(runtime)
    [message] = smtp.wait_for(1, to=team.mate["X-Email"])
    assert message.header("Subject") == "olive assigned you to “Ship it”"
    assert mail_to(smtp, team.owner) == []


async def test_a_comment_on_a_followed_card_mails_its_followers_at_once_not_its_author(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    for who in (team.owner, team.mate, team.other):
        await choose(api, who, comments="immediately")
    card = await api.card(team.owner, team.column_id, "Roadmap")  # Olive follows: she made it
    await api.call(team.mate, "PUT", f"/api/v1/cards/{card['id']}/follow")
    await api.comment(team.other, card["id"], "Looks good to me")
    await send_mail(runtime)
    for who in (team.owner, team.mate):
        [message] = smtp.wait_for(1, to=who["X-Email"])
        assert message.header("Subject") == "otto commented on “Roadmap”"
        assert "Looks good to me" in message.text
        assert message.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert mail_to(smtp, team.other) == []  # the author is told nothing of their own words


async def test_daily_waits_for_the_digest_then_one_message_has_everything(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    await choose(api, team.mate, mentions="daily", assignments="daily")
    first = await api.card(team.owner, team.column_id, "First", assignee_ids=[team.id(team.mate)])
    second = await api.card(team.owner, team.column_id, "Second")
    await api.comment(team.owner, second["id"], "@mate a question")
    await api.comment(team.other, first["id"], "Done here")  # Mate follows it: assigned
    await send_mail(runtime)
    assert mail_to(smtp, team.mate) == []
    assert len(await notes(api, team.mate)) == 3  # in the app at once, as always

    digests = Digests(runtime.settings, runtime.db)
    assert await digests.turn() == 0  # the digest's hour has not come
    # Mate's, and Olive's: she follows "First" (she made it) and comments come daily.
    assert await digests.turn(next_digest_time()) == 2
    await send_mail(runtime)
    [digest] = smtp.wait_for(1, to=team.mate["X-Email"])
    [hers] = smtp.wait_for(1, to=team.owner["X-Email"])
    assert hers.header("Subject") == "Your Teamboard digest: 1 notification"
    assert digest.header("Subject") == "Your Teamboard digest: 3 notifications"
    for line in (
        "olive assigned you to “First”",
        "olive mentioned you on “Second”",
        "@mate a question",
        "otto commented on “First”",
        "Done here",
    ):
        assert line in digest.text, line
    assert digest.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


async def test_off_sends_nothing_ever(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    await choose(api, team.mate, mentions="off", assignments="off", comments="off")
    card = await api.card(team.owner, team.column_id, "Task", assignee_ids=[team.id(team.mate)])
    await api.comment(team.owner, card["id"], "@mate hello")
    await api.comment(team.other, card["id"], "hi all")
    assert len(await notes(api, team.mate)) == 3
    await Digests(runtime.settings, runtime.db).turn(next_digest_time())
    await send_mail(runtime)
    assert mail_to(smtp, team.mate) == []


async def test_turning_a_kind_off_drops_what_waited_for_the_digest(
    api: Api, team: Team, runtime: Runtime, smtp: SmtpServer
) -> None:
    card = await api.card(team.owner, team.column_id, "Task")
    await api.call(team.mate, "PUT", f"/api/v1/cards/{card['id']}/follow")
    await api.comment(team.owner, card["id"], "a comment, for the digest")
    await choose(api, team.mate, comments="off")
    assert await Digests(runtime.settings, runtime.db).turn(next_digest_time()) == 0
    await send_mail(runtime)
    assert mail_to(smtp, team.mate) == []


async def test_the_settings_page_works_without_javascript(new_browser: NewBrowser) -> None:
    me = await (await new_browser()).signup("Ada")
    page = await me.get("/account")
    assert 'href="/account/notifications"' in page.text
    page = await me.get("/account/notifications")
    assert page.status_code == 200
    assert 'name="comments" value="daily" checked' in page.text
    assert 'name="mentions" value="immediately" checked' in page.text
    assert f"{DIGEST_HOUR:02d}:00 UTC" in page.text
    chosen = {
        "mentions": "off",
        "assignments": "daily",
        "comments": "immediately",
        "due_dates": "off",
    }
    page = await follow(me, await me.post("/account/notifications", chosen))
    assert "E-mail settings saved." in page.text
    assert 'name="mentions" value="off" checked' in page.text
    assert (await me.get(SETTINGS)).json() == chosen

    r = await me.post("/account/notifications", chosen | {"mentions": "sometimes"})
    assert r.status_code == 422
    assert "Choose immediately, daily or off for the e-mails about mentions." in r.text
    assert 'name="mentions" value="sometimes"' not in r.text  # nothing made up is checked
    assert (await me.get(SETTINGS)).json() == chosen
