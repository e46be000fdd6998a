"""Each person's time zone: set through PATCH /me or the account page (a known IANA name,
or nothing), and the pages read dates and times in it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from teamboard.web import dates
from tests.support.api import Api, auth
from tests.support.pages import Browser, NewBrowser, World, field_error, follow, hidden, share

UNKNOWN = "Pick a time zone from the list, such as Europe/Paris."
FAR_EAST = "Pacific/Kiritimati"  # UTC+14
FAR_WEST = "Pacific/Pago_Pago"  # UTC-11: a day apart from the far east, always


async def test_a_zone_is_set_through_patch_me_and_cleared_with_null(api: Api) -> None:
    who = await api.user("Zoe")
    c = api.client
    assert (await c.get("/api/v1/me", headers=auth(who))).json()["time_zone"] is None
    r = await c.patch("/api/v1/me", json={"time_zone": "Europe/Paris"}, headers=auth(who))
    assert r.status_code == 200, r.text
    assert r.json()["time_zone"] == "Europe/Paris"
    r = await c.patch("/api/v1/me", json={"display_name": "Zoé"}, headers=auth(who))
    assert r.json()["time_zone"] == "Europe/Paris"  # left alone when not named
    r = await c.patch("/api/v1/me", json={"time_zone": None}, headers=auth(who))
    assert r.status_code == 200 and r.json()["time_zone"] is None


async def test_an_unknown_zone_is_refused_in_words_for_people(api: Api) -> None:
    who = await api.user()
    r = await api.client.patch(
        "/api/v1/me",
        json={"time_zone": "Mars/Olympus_Mons", "display_name": ""},
        headers=auth(who),
    )
    assert r.status_code == 422, r.text
    errors = {tuple(e["loc"]): e["msg"] for e in r.json()["errors"]}
    assert errors[("body", "time_zone")] == UNKNOWN
    assert ("body", "display_name") in errors  # every field's error at once
    me = (await api.client.get("/api/v1/me", headers=auth(who))).json()
    assert me["time_zone"] is None


async def test_the_account_page_saves_the_zone_picked_from_its_list(owner: Browser) -> None:
    page = await owner.get("/account")
    assert '<select id="profile-time_zone" name="time_zone"' in page.text
    assert '<option value="Asia/Tokyo">Asia/Tokyo</option>' in page.text
    form = {"display_name": owner.name, "email": owner.email, "time_zone": "Asia/Tokyo"}
    page = await follow(owner, await owner.post("/account/profile", form))
    assert '<option value="Asia/Tokyo" selected>' in page.text
    assert (await owner.get("/api/v1/me")).json()["time_zone"] == "Asia/Tokyo"

    page = await follow(owner, await owner.post("/account/profile", form | {"time_zone": ""}))
    assert (await owner.get("/api/v1/me")).json()["time_zone"] is None


async def test_an_unknown_zone_on_the_account_page_is_a_field_error(owner: Browser) -> None:
    form = {"display_name": owner.name, "email": owner.email, "time_zone": "Nowhere/Land"}
    r = await owner.post("/account/profile", form)
    assert r.status_code == 422, r.text
    assert field_error(r.text, "profile-time_zone") == UNKNOWN


async def _set_zone(browser: Browser, zone: str) -> None:
    r = await browser.client.patch(
        "/api/v1/me", json={"time_zone": zone}, headers={"X-CSRF-Token": browser.csrf}
    )
    assert r.status_code == 200, r.text


async def _due(browser: Browser, card_id: int, day: date) -> None:
    page = await browser.get(f"/cards/{card_id}")
    form = {
        "title": "Write docs",
        "description": "",
        "due_date": day.isoformat(),
        "version": hidden(page.text, "version"),
    }
    r = await browser.post(f"/cards/{card_id}", form)
    assert r.status_code == 303, r.text


async def test_each_viewer_reads_the_due_date_against_their_own_today(
    owner: Browser, world: World, new_browser: NewBrowser
) -> None:
    """The board's columns are rendered once per version and shared between viewers of
    the same role: the viewer's date must be part of what the rendering depends on."""
    other = await (await new_browser()).signup("Other")
    await share(owner, world.board_id, other, "owner")  # same role: same rendering
    await _set_zone(owner, FAR_EAST)
    await _set_zone(other, FAR_WEST)
    due = dates.today_in(FAR_EAST)
    await _due(owner, world.card_id, due)
    for browser, zone in ((owner, FAR_EAST), (other, FAR_WEST), (owner, FAR_EAST)):
        expected = dates.due(due, dates.today_in(zone))
        for url in (f"/boards/{world.board_id}", f"/cards/{world.card_id}"):
            page = (await browser.get(url)).text
            assert f'class="due due-{expected.urgency}" datetime="{due.isoformat()}"' in page
            assert f'<span aria-hidden="true">{expected.text}</span>' in page, (zone, url)
            assert f'<span class="visually-hidden">{expected.spoken}</span>' in page
    assert dates.due(due, dates.today_in(FAR_EAST)).text == "Today"
    assert dates.due(due, dates.today_in(FAR_WEST)).text != "Today"


async def test_an_overdue_card_is_marked_on_the_board_page(owner: Browser, world: World) -> None:
    today = dates.today_in(None)
    await _due(owner, world.card_id, date.fromordinal(today.toordinal() - 2))
    page = (await owner.get(f"/boards/{world.board_id}")).text
    assert 'class="due due-overdue"' in page
    assert '<span aria-hidden="true">2 days overdue</span>' in page


async def test_times_on_the_pages_are_in_the_viewers_zone(owner: Browser, world: World) -> None:
    r = await owner.post(f"/cards/{world.card_id}/comments", {"body": "Hello"})
    assert r.status_code == 303, r.text
    comment = (await owner.get(f"/api/v1/cards/{world.card_id}/comments")).json()["items"][0]
    at = datetime.fromisoformat(comment["created_at"]).astimezone(UTC)
    for zone in ("Asia/Kolkata", "America/New_York"):
        await _set_zone(owner, zone)
        page = (await owner.get(f"/cards/{world.card_id}")).text
        assert f">{dates.local_time(at, zone)}</time>" in page, zone
    assert dates.local_time(at, "Asia/Kolkata") != dates.local_time(at, "America/New_York")
