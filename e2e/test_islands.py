"""The server-rendered board page with JavaScript on: the board island takes over the
columns (drag and drop, inline edit), the dashboard follows; with JavaScript off the
very same page still works with its forms."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from test_js_off import sign_up
from test_spa import column, keyboard_drag, mouse_drag, saved


def make_board(page: Page) -> str:
    """With JavaScript off, through the server's forms; returns the board page's path."""
    sign_up(page, "Isla Island")
    page.get_by_label("Name").fill("Islands")
    page.get_by_role("button", name="Create board").click()
    for title in ("One", "Two"):
        field = column(page, "To do").get_by_label("New card in To do")
        field.fill(title)
        field.press("Enter")
    return page.url.split("#")[0].removeprefix(page.url.split("/boards")[0])


def test_the_board_page_with_and_without_javascript(page: Page, js_page: Page) -> None:
    path = make_board(page)
    js_page.context.add_cookies(page.context.cookies())  # the same person, JavaScript on
    js_page.goto(path)
    # The island has taken over: drag handles and the dashboard exist only with it.
    expect(js_page.get_by_role("button", name="Move “One”")).to_be_visible()
    dashboard = js_page.get_by_role("complementary", name="Board dashboard")
    expect(dashboard.locator("[data-total]")).to_have_text("2")
    expect(dashboard.locator("[data-column-count='To do'] td")).to_have_text("2")
    # The panels above the columns fill in as their data comes (the activity's first page,
    # the socket's first presence push); a drag measured before that would land elsewhere.
    feed = js_page.get_by_role("region", name="Activity")
    expect(feed.get_by_role("listitem").first).to_be_visible()
    expect(js_page.get_by_role("list", name="Viewing this board")).to_contain_text("Isla Island")

    with saved(js_page):
        tile = column(js_page, "To do").locator(".card-tile").first
        mouse_drag(js_page, tile, column(js_page, "Done"))
    expect(column(js_page, "Done").locator(".card-title")).to_have_text(["One"])
    expect(dashboard.locator("[data-column-count='Done'] td")).to_have_text("1")

    with saved(js_page):
        keyboard_drag(js_page, "Two", "ArrowRight")
    expect(column(js_page, "In progress").locator(".card-title")).to_have_text(["Two"])

    # Inline edit of a title.
    with saved(js_page):
        js_page.get_by_role("button", name="Rename “Two”").click()
        js_page.get_by_label("Card title").fill("Two, renamed")
        js_page.get_by_label("Card title").press("Enter")
    expect(column(js_page, "In progress").get_by_role("link", name="Two, renamed")).to_be_visible()

    # The server saw it all: the same page without JavaScript shows the new state...
    page.goto(path)
    expect(column(page, "Done").locator(".card-title")).to_have_text(["One"])
    expect(column(page, "In progress").locator(".card-title")).to_have_text(["Two, renamed"])
    expect(page.get_by_role("button", name="Move “One”")).to_have_count(0)
    # ...and its forms still do the work: move "One" back to the top of To do, through
    # the tile's Move link and the card page's form, which comes back to the board.
    column(page, "Done").get_by_role("link", name="Move “One”").click()
    # (The card page also has a Copy form with its own column and position.)
    move = page.locator("form", has=page.get_by_role("button", name="Move card"))
    move.get_by_role("combobox", name="Column", exact=True).select_option(label="To do")
    move.get_by_label("Position (1 = top)").fill("1")
    move.get_by_role("button", name="Move card").click()
    expect(column(page, "To do").locator(".card-title")).to_have_text(["One"])

    js_page.reload()
    expect(column(js_page, "To do").locator(".card-title")).to_have_text(["One"])
    expect(js_page.get_by_role("button", name="Move “One”")).to_be_visible()

    # Column settings live in the island too.
    doing = column(js_page, "In progress")
    doing.get_by_text("Column settings").click()
    doing.get_by_label("Column name").fill("Doing")
    doing.get_by_role("button", name="Rename", exact=True).click()
    expect(column(js_page, "Doing").locator(".card-title")).to_have_text(["Two, renamed"])


def test_the_island_starts_from_the_page_without_asking_the_api(page: Page, js_page: Page) -> None:
    path = make_board(page)
    js_page.context.add_cookies(page.context.cookies())
    api_calls: list[str] = []
    # The activity panel asks for the newest events by design; the board itself must not.
    js_page.on(
        "request",
        lambda r: (
            api_calls.append(r.url)
            if "/api/v1/boards" in r.url and "/activity" not in r.url
            else None
        ),
    )
    js_page.goto(path)
    expect(js_page.get_by_role("button", name="Move “One”")).to_be_visible()
    js_page.wait_for_timeout(500)  # room for a request that must not come
    assert api_calls == []
