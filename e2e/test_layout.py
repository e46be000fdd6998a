"""Board first, filters that keep the board alive, phones, long names: the board's layout
on the three surfaces — the islands (/boards/{id} with JavaScript), the page without
JavaScript and the SPA (/app/boards/{id})."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_spa import column, mouse_drag, saved

from devkit.api import SyncApi, User
from devkit.server import TeamboardServer
from devkit.verified import mark_verified_now

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
COLUMNS = ["Backlog", "To do", "In progress", "Review", "Done"]
LONG = "Supercalifragilisticexpialidocious" + "X" * 16  # 50 letters, no break
# Tiles wholly inside the window, not scrolled to.
VISIBLE_TILES = """() => [...document.querySelectorAll('.card-tile')].filter((tile) => {
  const r = tile.getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.left >= 0
    && r.bottom <= innerHeight && r.right <= innerWidth;
}).length"""


def _person(api: SyncApi, server: TeamboardServer, name: str) -> User:
    user = api.sign_up(name)
    mark_verified_now(server.database_url, user.email)  # no reminder banner above the board
    return user


def realistic_board(api: SyncApi, owner: User, name: str = "Launch plan") -> dict[str, Any]:
    """5 columns of 10 cards with labels, an assignee and due dates, as people fill them."""
    board = api.board(owner, name, columns=COLUMNS)
    labels = [
        api.call(owner, "POST", f"/api/v1/boards/{board['id']}/labels", json={"name": n})["id"]
        for n in ("bug", "feature", "design")
    ]
    today = date.today()
    for c, col in enumerate(board["columns"]):
        for i in range(10):
            api.card(
                owner,
                col["id"],
                f"{col['name']} task {i + 1}",
                label_ids=[labels[(c + i) % 3]],
                assignee_ids=[owner.id] if i % 2 else [],
                due_date=(today + timedelta(days=i - 3)).isoformat() if i % 3 else None,
            )
    board_json: dict[str, Any] = api.call(owner, "GET", f"/api/v1/boards/{board['id']}")
    return board_json


def log_in(page: Page, user: User) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Boards", exact=True)).to_be_visible()


@pytest.fixture
def contexts(browser: Any, base_url: str) -> Iterator[Any]:
    """``new(js=..., viewport=...)``: a page of its own; each closes at the end, and a page
    with JavaScript must end without a console error or a CSP report."""
    made: list[tuple[Any, BrowserErrors | None]] = []

    def new(*, js: bool = True, viewport: dict[str, int] = DESKTOP, **options: Any) -> Page:
        if js:
            require_build()
        context = browser.new_context(
            base_url=base_url, java_script_enabled=js, viewport=viewport, **options
        )
        page = context.new_page()
        made.append((context, BrowserErrors(page) if js else None))
        return page  # type: ignore[no-any-return]

    yield new
    for context, errors in made:
        context.close()
        assert errors is None or errors.messages == [], errors.messages


def test_the_board_comes_first_at_1440_by_900_on_every_surface(
    api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner = _person(api, server, "Bea Board")
    board = realistic_board(api, owner)
    surfaces = {
        "islands": (True, f"/boards/{board['id']}"),
        "without JavaScript": (False, f"/boards/{board['id']}"),
        "SPA": (True, f"/app/boards/{board['id']}"),
    }
    for surface, (js, url) in surfaces.items():
        page = contexts(js=js)
        log_in(page, owner)
        page.goto(url)
        expect(column(page, "Done").locator(".card-tile")).to_have_count(10)
        if js:  # the side panel is open, filled in (it takes width from the board)
            expect(page.get_by_role("region", name="Activity")).to_be_visible()
        tiles = page.evaluate(VISIBLE_TILES)
        assert tiles >= 12, (surface, tiles)


def test_the_side_panel_stays_as_it_was_left(
    api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner = _person(api, server, "Sid Panel")
    board = api.board(owner, "Panel")
    page = contexts()
    log_in(page, owner)
    page.goto(f"/boards/{board['id']}")
    panel = page.get_by_role("complementary", name="Board dashboard and activity")
    dashboard = panel.get_by_role("region", name="Dashboard")
    expect(dashboard).to_be_visible()
    panel.get_by_text("Dashboard & activity").click()
    expect(dashboard).to_be_hidden()
    page.reload()
    expect(panel.get_by_role("region", name="Dashboard")).to_be_hidden()
    # The SPA remembers the same choice, and opening it there holds on the islands too.
    page.goto(f"/app/boards/{board['id']}")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("region", name="Dashboard")).to_be_hidden()
    panel.get_by_text("Dashboard & activity").click()
    expect(panel.get_by_role("region", name="Dashboard")).to_be_visible()
    page.reload()
    expect(panel.get_by_role("region", name="Dashboard")).to_be_visible()
    page.goto(f"/boards/{board['id']}")
    expect(panel.get_by_role("region", name="Dashboard")).to_be_visible()


def _titles(page: Page, name: str) -> list[str]:
    return [t.strip() for t in column(page, name).locator(".card-title").all_inner_texts()]


@pytest.mark.parametrize("surface", ["SPA", "islands"])
def test_a_filtered_board_stays_live(
    surface: str, api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner = _person(api, server, "Fil Ter")
    board = api.board(owner, "Filtered", columns=["To do", "Done"])
    todo, done = board["columns"]
    bug = api.call(owner, "POST", f"/api/v1/boards/{board['id']}/labels", json={"name": "bug"})
    for title, labels in (
        ("Crash", [bug["id"]]),
        ("Polish", []),
        ("Leak", [bug["id"]]),
    ):
        api.card(owner, todo["id"], title, label_ids=labels)
    root = "/app" if surface == "SPA" else ""
    page = contexts()
    log_in(page, owner)
    page.goto(f"{root}/boards/{board['id']}?label={bug['id']}")
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Crash", "Leak"])
    expect(page.get_by_role("button", name="Move “Crash”")).to_be_visible()  # live, not plain

    # The text filter narrows it in place and is kept in the address, through a reload.
    page.get_by_label("Text").fill("lea")
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Leak"])
    expect(page).to_have_url(re.compile(rf"label={bug['id']}"))
    expect(page).to_have_url(re.compile(r"q=lea"))
    page.reload()
    expect(page.get_by_label("Text")).to_have_value("lea")
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Leak"])
    page.get_by_label("Text").fill("")
    expect(page).not_to_have_url(re.compile(r"q="))

    # Someone else adds a matching card and one that is not: only the first appears; a card
    # that stops matching goes.
    api.card(owner, todo["id"], "Leak again", label_ids=[bug["id"]])
    api.card(owner, todo["id"], "Unlabelled")
    expect(column(page, "To do").locator(".card-title")).to_have_text(
        ["Crash", "Leak", "Leak again"]
    )
    crash = next(c for c in api.call(owner, "GET", f"/api/v1/boards/{board['id']}/cards")["items"]
                 if c["title"] == "Crash")  # fmt: skip
    api.call(owner, "PATCH", f"/api/v1/cards/{crash['id']}", json={"label_ids": []})
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Leak", "Leak again"])

    # Drag and drop still works while filtered: "Leak again" onto "Leak" takes its place,
    # just before it, among the hidden cards too.
    with saved(page):
        tiles = column(page, "To do").locator(".card-tile")
        mouse_drag(page, tiles.nth(1), tiles.nth(0))
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Leak again", "Leak"])
    # ...and onto another column, once the last drop has settled (its animation ended).
    expect(page.locator(".drag-overlay")).to_have_count(0)
    with saved(page):
        mouse_drag(
            page,
            column(page, "To do").locator(".card-tile").first,
            column(page, "Done"),
        )
    expect(column(page, "Done").locator(".card-title")).to_have_text(["Leak again"])
    server_board = api.call(owner, "GET", f"/api/v1/boards/{board['id']}")
    by_column = {c["name"]: [card["title"] for card in c["cards"]] for c in server_board["columns"]}
    assert by_column == {
        "To do": ["Crash", "Polish", "Leak", "Unlabelled"],
        "Done": ["Leak again"],
    }
    del done


def _long_names_board(api: SyncApi, server: TeamboardServer) -> tuple[User, dict[str, Any]]:
    owner = _person(api, server, LONG)
    board = api.board(owner, LONG, columns=[LONG, "Done"], description=LONG)
    label = api.call(owner, "POST", f"/api/v1/boards/{board['id']}/labels", json={"name": LONG})
    card = api.card(
        owner,
        board["columns"][0]["id"],
        LONG,
        label_ids=[label["id"]],
        assignee_ids=[owner.id],
        due_date=date.today().isoformat(),
    )
    board["card"] = card
    return owner, board


NO_OVERFLOW = "document.documentElement.scrollWidth"
# What sticks out on the right, for the message of a failure.
WIDEST = """() => [...document.querySelectorAll('body *')].filter((e) =>
  e.getBoundingClientRect().right > innerWidth + 1
  && ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1)
).slice(0, 8).map((e) => `${e.tagName}.${e.className} in ${e.parentElement?.className}`)"""
# Every tappable thing on a phone at least 44 px high (the checkbox has its label).
SMALL_TARGETS = """() => [...document.querySelectorAll(
  'main button, main summary, main select, main input:not([type=checkbox]):not([type=hidden]),'
  + ' .site-nav a, .board-nav a, .drag-handle')].filter((el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.height < 44;
}).map((el) => el.outerHTML.slice(0, 80))"""


def test_no_page_is_wider_than_a_phone(
    api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner, board = _long_names_board(api, server)
    b, card = board["id"], board["card"]["id"]
    for js in (False, True):
        page = contexts(js=js, viewport=PHONE, has_touch=True)
        log_in(page, owner)
        pages = [
            f"/boards/{b}",
            f"/boards/{b}?q={LONG[:5]}",
            f"/cards/{card}",
            f"/boards/{b}/settings",
            f"/boards/{b}/activity",
            f"/boards/{b}/archived",
            "/boards",
            "/account",
        ]
        if js:
            pages += [f"/app/boards/{b}", f"/app/boards/{b}/cards/{card}"]
            pages += [
                f"/app/boards/{b}/settings",
                "/app/",
                "/app/settings/notifications",
            ]
        for url in pages:
            page.goto(url)
            expect(page.locator("main")).to_contain_text(re.compile(r"\w"))
            page.wait_for_load_state("networkidle")
            width = page.evaluate(NO_OVERFLOW)
            culprits = page.evaluate(WIDEST)
            assert width <= PHONE["width"], (js, url, width, culprits)
            if "/boards/" in url and url.rstrip("0123456789").endswith("/boards/"):
                assert page.evaluate(SMALL_TARGETS) == [], (js, url)
        # One column per screen, side by side, snapping.
        page.goto(f"/boards/{b}")
        if js:  # measured once the island has taken over
            expect(page.locator(".drag-handle").first).to_be_visible()
        # Both measured at once: the presence list can still arrive and push them down.
        first, second = page.evaluate(
            """() => [...document.querySelectorAll('.columns > .column')].slice(0, 2)
              .map((c) => { const r = c.getBoundingClientRect(); return [r.x, r.y, r.width]; })"""
        )
        assert abs(first[1] - second[1]) < 1 and second[0] >= first[0] + first[2]
        assert 0.8 * PHONE["width"] <= first[2] <= 0.9 * PHONE["width"]
        snap = page.locator(".columns").evaluate("el => getComputedStyle(el).scrollSnapType")
        assert snap.startswith("x")


def test_long_names_never_break_the_layout(
    api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner, board = _long_names_board(api, server)
    inside = """([outer, inner]) => {
      const o = document.querySelector(outer).getBoundingClientRect();
      return [...document.querySelectorAll(inner)].every((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= o.left - 0.5 && r.right <= o.right + 0.5;
      });
    }"""
    for viewport in (DESKTOP, PHONE):
        for url in (f"/boards/{board['id']}", f"/app/boards/{board['id']}"):
            page = contexts(viewport=viewport)
            log_in(page, owner)
            page.goto(url)
            tile = page.locator(".card-tile").first
            expect(tile.locator(".chip")).to_contain_text(LONG)
            # The live board's own tiles (the server's have no handle): the islands draw
            # theirs a task after taking the server's board away.
            expect(tile.locator(".drag-handle")).to_be_visible()
            assert page.evaluate(inside, [".card-tile", ".card-tile .chip, .card-tile .card-title"])
            first_column = ".columns > .column:first-child"
            assert page.evaluate(inside, [first_column, f"{first_column} .column-head h2"])
            panel = page.get_by_role("region", name="Dashboard")
            expect(panel.get_by_role("rowheader", name=LONG).first).to_be_visible()
            assert page.evaluate(
                inside, [".dashboard-panel", ".dashboard-panel th, .dashboard-panel td"]
            )
            # The whole name is at hand where it is cut short.
            expect(page.get_by_role("heading", level=1)).to_have_attribute("title", LONG)
            assert page.evaluate(NO_OVERFLOW) <= viewport["width"], (url, viewport)
            if url.startswith("/app"):
                page.locator(".card-tile .card-title").first.click()
                dialog = page.get_by_role("dialog")
                expect(dialog).to_be_visible()
                wide = dialog.evaluate("d => d.scrollWidth - d.clientWidth")
                assert wide <= 0, (viewport, wide)


def contrast(fg: str, bg: str) -> float:
    """WCAG's contrast ratio of two computed "rgb(r, g, b)" colours."""

    def luminance(colour: str) -> float:
        channels = [float(v) / 255 for v in re.findall(r"[0-9.]+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_small_things_bell_and_avatars(
    api: SyncApi, server: TeamboardServer, contexts: Any
) -> None:
    owner = _person(api, server, "Bel Dark")
    board = api.board(owner, "Small things")
    page = contexts(color_scheme="dark")
    log_in(page, owner)
    page.goto(f"/app/boards/{board['id']}")
    # Nothing unread: the bell has no badge (no "0").
    bell = page.get_by_role("button", name="Notifications, 0 unread")
    expect(bell).to_be_visible()
    expect(bell).to_have_text("")
    # Every presence avatar's tone reads at 4.5:1 or more in the dark theme.
    # The presence row is in the page from the first paint (its space kept), whether or not
    # the live list has arrived yet: the tones are measured inside it.
    expect(page.locator(".presence-slot")).to_be_attached()
    colours = page.evaluate(
        """() => [0, 1, 2, 3, 4, 5].map((tone) => {
          const span = document.createElement('span');
          span.className = 'presence-avatar';
          span.dataset.tone = String(tone);
          document.querySelector(".presence-slot").append(span);
          const style = getComputedStyle(span);
          const pair = [style.color, style.backgroundColor];
          span.remove();
          return pair;
        })"""
    )
    ratios = [round(contrast(fg, bg), 2) for fg, bg in colours]
    assert all(r >= 4.5 for r in ratios), ratios
