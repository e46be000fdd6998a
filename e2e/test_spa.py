"""The SPA in a real browser with JavaScript on, served by the backend (same origin, cookie
session + CSRF header): sign up, create a board, add cards, drag one to another column with
the mouse and one with the keyboard, reload — the order is the server's."""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from conftest import PASSWORD, require_build
from playwright.sync_api import Locator, Page, expect

from devkit.chromium import account_menu
from devkit.server import TeamboardServer
from devkit.verified import mark_verified_now

_n = count(1)


def spa_sign_up(page: Page, name: str, root: str = "/app/") -> str:
    email = f"spa{next(_n)}-{id(page)}@example.com"
    page.goto(root + "signup")
    page.get_by_label("Display name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
    return email


def expected_only(page: Page, text: str) -> None:
    """Drops the console errors a test provoked on purpose; any other one still fails it."""
    errors: list[str] = page.browser_errors.messages  # type: ignore[attr-defined]
    errors[:] = [message for message in errors if text not in message]


def column(page: Page, name: str) -> Locator:
    return page.locator("section.column").filter(has=page.get_by_role("heading", name=name))


def titles(page: Page, name: str) -> list[str]:
    return [t.strip() for t in column(page, name).locator(".card-title").all_inner_texts()]


def add_card(page: Page, column_name: str, title: str) -> None:
    field = column(page, column_name).get_by_label(f"New card in {column_name}")
    field.fill(title)
    field.press("Enter")
    expect(column(page, column_name).get_by_role("link", name=title)).to_be_visible()


def saved(page: Page) -> Any:
    """Moves show at once (a guess over the board); this waits for the server's answer to
    the write, whatever it is. The board then changes by the write's event alone (or is
    read again where no event comes, or after a 409); the checks that follow wait for it."""
    return page.expect_response(
        lambda r: (
            r.request.method in ("POST", "PATCH", "DELETE")
            and ("/api/v1/cards/" in r.url or "/api/v1/columns/" in r.url)
        )
    )


def mouse_drag(page: Page, source: Locator, target: Locator) -> None:
    """A person's drag: press, move in small steps (dnd-kit starts after a few pixels), drop."""
    start = source.bounding_box()
    end = target.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 12)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=15)
    page.mouse.up()


def next_frames(page: Page) -> None:
    """Until the page has drawn twice: a drag measures its targets a frame after it starts
    (as a person's next key always comes)."""
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def keyboard_drag(page: Page, title: str, *keys: str) -> None:
    """As a keyboard user does it, listening to the screen reader's announcements."""
    live = page.locator("[id^=DndLiveRegion]")
    handle = page.get_by_role("button", name=f"Move “{title}”")
    handle.focus()
    page.keyboard.press("Space")
    expect(live).to_contain_text(f"“{title}” is over")
    next_frames(page)
    for key in keys:
        before = live.inner_text()
        page.keyboard.press(key)
        expect(live).not_to_have_text(before)
    page.keyboard.press("Space")
    expect(live).to_contain_text("dropped in")


def create_board(page: Page, name: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def board_story(page: Page) -> None:
    """What both deployments must do; the page is on the boards list, signed in."""
    create_board(page, "Launch")
    for title in ("Alpha", "Beta", "Gamma"):
        add_card(page, "To do", title)
    assert titles(page, "To do") == ["Alpha", "Beta", "Gamma"]

    # The mouse: Alpha onto the empty "In progress" column.
    with saved(page):
        tile = column(page, "To do").locator(".card-tile").first
        mouse_drag(page, tile, column(page, "In progress"))
    expect(column(page, "In progress").locator(".card-title")).to_have_text(["Alpha"])

    # The keyboard: Gamma picked up with Space, one column to the right, dropped.
    with saved(page):
        keyboard_drag(page, "Gamma", "ArrowRight")
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Beta"])
    in_progress = titles(page, "In progress")
    assert sorted(in_progress) == ["Alpha", "Gamma"]

    # Reordering within a column, by keyboard: the top card one place down.
    with saved(page):
        keyboard_drag(page, in_progress[0], "ArrowDown")
    expect(column(page, "In progress").locator(".card-title")).to_have_text(in_progress[::-1])

    page.reload()
    expect(column(page, "In progress").locator(".card-title")).to_have_text(in_progress[::-1])
    expect(column(page, "To do").locator(".card-title")).to_have_text(["Beta"])


def test_spa_same_origin_story(js_page: Page) -> None:
    spa_sign_up(js_page, "Sam Spa")
    board_story(js_page)
    # Cookie session: the SPA's own requests carried the CSRF header (or they would be 403).
    cookies = {c["name"] for c in js_page.context.cookies()}
    assert {"tb_session", "tb_csrf"} <= cookies
    # The header's account menu, under the person's name, opens the SPA's account page
    # (e-mail, password, sessions; it links to the server's for two-factor log-in, in the
    # same session).
    menu = account_menu(js_page)
    expect(menu.locator("summary")).to_have_accessible_name(re.compile("Sam Spa"))
    menu.get_by_role("link", name="Your account").click()
    expect(menu).not_to_have_attribute("open", "")
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(js_page).to_have_url(re.compile(r"/app/account$"))
    js_page.get_by_role("link", name="account page").click()
    expect(js_page).to_have_url(re.compile(r"://[^/]+/account$"))  # the server's page
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_spa_card_dialog_and_settings(js_page: Page) -> None:
    spa_sign_up(js_page, "Dee Dialog")
    create_board(js_page, "Dialogs")
    js_page.get_by_role("link", name="Settings & members").click()
    js_page.get_by_label("Label name").fill("Urgent")
    js_page.get_by_role("button", name="Create label").click()
    expect(js_page.locator(".label-list")).to_contain_text("Urgent")
    js_page.get_by_role("link", name="Board", exact=True).click()

    add_card(js_page, "To do", "Write docs")
    js_page.get_by_role("link", name="Write docs", exact=True).click()
    dialog = js_page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Write docs")).to_be_visible()
    dialog.get_by_role("button", name="Edit the description").click()
    dialog.get_by_role("textbox", name="Description").fill("Do it **now**")
    dialog.get_by_role("button", name="Preview").click()
    expect(dialog.locator(".prose strong")).to_have_text("now")
    dialog.get_by_role("button", name="Save description").click()
    expect(dialog.get_by_role("button", name="Edit the description")).to_be_visible()
    dialog.get_by_label("Due date").fill("2000-01-02")
    dialog.get_by_role("button", name="Set", exact=True).click()
    # Labels and assignees are toggles that save at once (the card view: test_card_view.py).
    for toggle in ("Urgent", "Dee Dialog"):
        dialog.get_by_role("button", name=toggle).click()
        expect(dialog.get_by_role("button", name=toggle)).to_have_attribute("aria-pressed", "true")
    dialog.get_by_label("Add a comment").fill("On it")
    dialog.get_by_role("button", name="Comment", exact=True).click()
    expect(dialog.locator(".comment")).to_contain_text("On it")
    js_page.keyboard.press("Escape")
    expect(js_page.get_by_role("dialog")).to_have_count(0)
    tile = column(js_page, "To do").locator(".card-tile")
    expect(tile.locator(".chip")).to_have_text("Urgent")
    expect(tile.locator(".due-overdue")).to_have_attribute("datetime", "2000-01-02")
    expect(tile.locator(".due-overdue")).to_contain_text("days overdue")
    expect(tile.locator(".avatar")).to_have_attribute("title", "Dee Dialog")

    # Shortcuts: "n" focuses the first column's new-card field, "?" lists them all.
    js_page.locator("body").press("n")
    expect(column(js_page, "To do").get_by_label("New card in To do")).to_be_focused()
    js_page.keyboard.press("Escape")
    js_page.locator("h1").click()
    js_page.keyboard.press("?")
    expect(js_page.get_by_label("Keyboard shortcuts")).to_be_visible()


def test_spa_routes_survive_a_reload_and_need_a_session(js_page: Page, browser: Any) -> None:
    js_page.goto("/app/boards/999999")
    expect(js_page).to_have_url(re.compile(r"/app/login$"))
    spa_sign_up(js_page, "Rae Reload")
    js_page.goto("/app/boards/999999")
    expect(js_page.get_by_role("alert")).to_contain_text("does not exist")
    expected_only(js_page, "status of 404")


def test_a_stale_move_is_rolled_back_with_a_message(js_page: Page) -> None:
    # Live updates would show the other move at once; this page must not hear of it, as
    # a page whose socket is down (or behind a slow network) would not.
    js_page.route_web_socket(re.compile(r"/ws"), lambda ws: None)
    spa_sign_up(js_page, "Cy Conflict")
    create_board(js_page, "Conflicts")
    add_card(js_page, "To do", "Contested")
    board_id = js_page.url.rstrip("/").rsplit("/", 1)[1]
    # Someone else moves the card to "Done" behind this page's back (same account, through
    # the API with the session cookie and CSRF header): the page still holds the old version.
    csrf = next(c["value"] for c in js_page.context.cookies() if c["name"] == "tb_csrf")
    board = js_page.request.get(f"/api/v1/boards/{board_id}").json()
    card = board["columns"][0]["cards"][0]
    done = board["columns"][2]["id"]
    moved = js_page.request.post(
        f"/api/v1/cards/{card['id']}/move",
        data={"column_id": done, "position": 0, "version": card["version"]},
        headers={"X-CSRF-Token": csrf},
    )
    assert moved.ok, moved.text()

    with saved(js_page):
        tile = column(js_page, "To do").locator(".card-tile").first
        mouse_drag(js_page, tile, column(js_page, "In progress"))
    expect(js_page.get_by_role("alert")).to_contain_text("Someone else changed this card")
    # Rolled back, then refetched: the board shows where the card really is.
    expect(column(js_page, "Done").locator(".card-title")).to_have_text(["Contested"])
    expect(column(js_page, "In progress").locator(".card-title")).to_have_count(0)
    expected_only(js_page, "status of 409")


def test_spa_invitations_members_and_board_settings(
    js_page: Page, browser: Any, base_url: str, server: TeamboardServer
) -> None:
    spa_sign_up(js_page, "Mia Members")
    create_board(js_page, "Team")
    js_page.locator("body").press("s")  # the settings shortcut
    expect(js_page.get_by_role("heading", name="Settings & members")).to_be_visible()
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    otto = context.new_page()
    other = spa_sign_up(otto, "Otto Other")

    js_page.get_by_label("E-mail address").fill(other)
    js_page.get_by_label("Role", exact=True).select_option("viewer")
    js_page.get_by_role("button", name="Send invitation").click()
    expect(js_page.get_by_role("status")).to_have_text(
        f"Invitation to join as viewer sent to {other}."
    )
    expect(js_page.get_by_role("list", name="Pending invitations")).to_contain_text(other)
    # Otto proves his address (as the verification mail's link would) and accepts.
    mark_verified_now(server.database_url, other)
    otto.reload()
    invitations = otto.get_by_role("region", name="Invitations")
    expect(invitations).to_contain_text("Mia Members invited you to “Team” as a viewer.")
    invitations.get_by_role("button", name="Accept the invitation to Team").click()
    expect(otto.get_by_role("heading", level=1)).to_have_text("Team")
    context.close()

    js_page.reload()
    expect(js_page.get_by_text("No pending invitations.")).to_be_visible()
    role = js_page.get_by_label("Role of Otto Other")
    expect(role).to_have_value("viewer")
    # Choosing is not saving (WCAG 3.2.2): the role changes with "Save role".
    role.select_option("editor")
    with js_page.expect_response(lambda r: r.request.method == "PATCH" and r.ok):
        js_page.get_by_role("button", name="Save role of Otto Other").click()
    js_page.reload()
    expect(js_page.get_by_label("Role of Otto Other")).to_have_value("editor")
    js_page.get_by_role("button", name="Remove Otto Other").click()
    expect(js_page.get_by_role("cell", name="Otto Other")).to_have_count(0)

    js_page.get_by_label("Name", exact=True).fill("Team, renamed")
    js_page.get_by_role("button", name="Save board").click()
    expect(js_page.get_by_role("status").filter(has_text="Board saved.")).to_be_visible()
    js_page.get_by_role("link", name="Board", exact=True).click()
    expect(js_page.get_by_role("heading", level=1)).to_have_text("Team, renamed")


def test_spa_touch_drag(browser: Any, base_url: str) -> None:
    """A finger: press and hold on a card, slide it to another column, lift (Chromium's
    touch events through the DevTools protocol; Playwright itself only taps)."""
    context = browser.new_context(
        base_url=base_url, has_touch=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    spa_sign_up(page, "Tia Touch")
    create_board(page, "Touch")
    add_card(page, "To do", "Finger")
    start = column(page, "To do").locator(".card-tile").first.bounding_box()
    end = column(page, "Done").bounding_box()
    assert start and end
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    x, y = start["x"] + start["width"] / 2, start["y"] + 12
    with saved(page):
        touch("touchStart", x, y)
        page.wait_for_timeout(400)  # the press that tells a drag from a swipe
        tx, ty = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
        for i in range(1, 16):
            touch("touchMove", x + (tx - x) * i / 15, y + (ty - y) * i / 15)
        touch("touchEnd", tx, ty)
    expect(column(page, "Done").locator(".card-title")).to_have_text(["Finger"])
    page.reload()
    expect(column(page, "Done").locator(".card-title")).to_have_text(["Finger"])
    context.close()


def test_the_spa_page_paints_before_its_code_runs_and_never_without_it(
    js_page: Page, page: Page
) -> None:
    """index.html carries a first paint (the header, a page's shapes) that the app's first
    render replaces; without scripts it stays hidden and the notice says why."""
    require_build()
    painted = js_page.context.new_page()
    # Held back, the entry cannot run: what shows is the page's own first paint.
    painted.route("**/app/assets/spa-*.js", lambda route: None)
    painted.goto("/app/", wait_until="commit")
    expect(painted.locator("#boot .brand")).to_be_visible()
    painted.close()
    js_page.goto("/app/login")
    expect(js_page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(js_page.locator("#boot")).to_have_count(0)
    page.goto("/app/")
    expect(page.locator("#boot")).to_be_hidden()
    expect(page.locator("p.notice")).to_contain_text("This app needs JavaScript.")
    expect(page.locator("p.notice")).to_be_visible()


def test_every_script_the_spa_loads_asks_to_be_compiled_as_it_streams(js_page: Page) -> None:
    """V8's compile hint is the first line of each script (frontend/scripts/compileHints.ts):
    without it Chromium compiles each function on the main thread when first called, a fifth
    to a third of the tasks that draw the first screen. Every script the page fetched."""
    require_build()
    scripts: list[str] = []
    js_page.on("response", lambda r: r.request.resource_type == "script" and scripts.append(r.url))
    js_page.goto("/app/login")
    expect(js_page.get_by_role("heading", name="Log in")).to_be_visible()
    assert scripts
    for url in scripts:
        first = js_page.request.get(url).text().split("\n", 1)[0]
        assert first == "//# allFunctionsCalledOnLoad", (url, first[:80])


def test_the_board_page_has_its_stylesheets_inside_and_fetches_each_other_once(
    js_page: Page,
) -> None:
    """The entry's stylesheets come inside the page (backend/teamboard/web/spa_page.py): no
    round trip before the first paint, and no fetch at all; the lazily loaded modules'
    come once each, preloaded or not. A violation of the CSP would fail the test."""
    spa_sign_up(js_page, "Stella")
    create_board(js_page, "Styles")
    add_card(js_page, "To do", "Styled")
    sheets: list[str] = []
    js_page.on("request", lambda r: r.resource_type == "stylesheet" and sheets.append(r.url))
    js_page.reload()
    column(js_page, "To do").get_by_role("link", name="Styled").click()
    expect(js_page.get_by_role("dialog")).to_be_visible()
    inline = js_page.evaluate("[...document.querySelectorAll('link[disabled]')].map(l => l.href)")
    assert inline and js_page.locator("head style").count() == len(inline)
    assert not set(inline) & set(sheets), sheets
    assert sheets and len(sheets) == len(set(sheets)), sheets
    # The inline rules apply: the board's columns stand side by side (the grid).
    display = js_page.locator(".columns").evaluate("e => getComputedStyle(e).display")
    assert display == "grid"
