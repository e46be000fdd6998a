"""A 2,000-card board (4 columns of 500) in the browser, on the SPA (/app/boards/{id}) and
the islands (/boards/{id}): the columns draw only the tiles in view, the first render and a
drag's start are measured with the Performance API and printed (`pytest -s` shows them),
and what a person does on a long column still works where the tiles are not all drawn.

The targets are a first render within 1 s and a drag starting within 50 ms on the build
machine; the assertions allow three times that, since the machine is shared and noisy."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, BrowserErrors, require_build
from playwright.sync_api import Page, expect
from test_layout import log_in

from devkit.api import SyncApi, User
from devkit.server import FAST_HASHING, TeamboardServer, teamboard
from devkit.verified import mark_verified_now

DESKTOP = {"width": 1440, "height": 900}
COLUMNS = ("Backlog", "To do", "In progress", "Done")
PER_COLUMN = 500
FIRST_RENDER_BOUND_MS = 3 * 1000
DRAG_START_BOUND_MS = 3 * 50
SURFACES = {"SPA": "/app/boards/{id}", "islands": "/boards/{id}"}

# Before any of the page's scripts: when the live board's first tiles are painted (the
# frame after they enter the DOM), the long tasks, and a timer for a drag's start.
MEASURE = """(() => {
  const big = (window.__big = { rendered: null, longTasks: [], shift: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) big.shift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) big.longTasks.push(e.startTime + e.duration);
  }).observe({ type: "longtask", buffered: true });
  const painted = (then) => requestAnimationFrame(() => setTimeout(then, 0));
  const watch = new MutationObserver(() => {
    if (big.rendered !== null || !document.querySelector(".live-columns [data-card-id]")) return;
    big.rendered = -1;
    watch.disconnect();
    painted(() => {
      performance.mark("board-rendered");
      big.rendered = performance.now();
    });
  });
  watch.observe(document, { childList: true, subtree: true });
  // From the input that starts a drag (the mouse's move past the threshold, the keyboard's
  // Space) to the frame after the drag's overlay appears.
  big.armDrag = () => {
    let input = null;
    const note = (event) => { input = event.timeStamp; };
    document.addEventListener("mousemove", note, true);
    document.addEventListener("keydown", note, true);
    big.drag = new Promise((resolve) => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector(".drag-overlay")) return;
        seen.disconnect();
        painted(() => {
          document.removeEventListener("mousemove", note, true);
          document.removeEventListener("keydown", note, true);
          const end = performance.now();
          resolve(performance.measure("drag-start", { start: input, end }).duration);
        });
      });
      seen.observe(document.body, { childList: true, subtree: true });
    });
  };
})()"""


def big_board_doc(owner: User) -> dict[str, Any]:
    """The board as an export document: tiles of every height (one to three lines of
    title, labels, an assignee, a due date, a description)."""
    today = date.today()
    titles = ("Fix it", "Write the release notes for the next version", "A" + " longer" * 16)
    cards = [
        [
            {
                "title": f"{name} {i + 1}: {titles[i % 3]}",
                "description": "Details." if i % 2 else "",
                "labels": ["bug", "feature", "design"][: i % 4],
                "assignees": [owner.email] if i % 5 == 0 else [],
                "due_date": (today + timedelta(days=i % 20 - 5)).isoformat()
                if i % 3 == 0
                else None,
            }
            for i in range(PER_COLUMN)
        ]
        for name in COLUMNS
    ]
    return {
        "format": "teamboard.board/1",
        "name": "Two thousand cards",
        "labels": [
            {"name": n, "color": c}
            for n, c in (("bug", "#dc2626"), ("feature", "#2563eb"), ("design", "#7c3aed"))
        ],
        "columns": [{"name": n, "cards": c} for n, c in zip(COLUMNS, cards, strict=True)],
    }


@pytest.fixture(scope="module")
def big(
    server: TeamboardServer, base_url: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[User, int]:
    """A member and the board, made through the service layer (`teamboard import-board`)."""
    with SyncApi.connect(base_url, password=PASSWORD, headers={"Origin": base_url}) as api:
        owner = api.sign_up("Bo Bigboard")
    mark_verified_now(server.database_url, owner.email)
    doc = tmp_path_factory.mktemp("big-board") / "board.json"
    doc.write_text(json.dumps(big_board_doc(owner)), encoding="utf-8")
    env = dict(server.env or {}) | FAST_HASHING
    out = teamboard(
        ["import-board", str(doc), "--owner", owner.email], env, cwd=Path(env["TEAMBOARD_DATA_DIR"])
    )
    return owner, int(out.split()[-1])


@pytest.fixture
def new_page(browser: Any, base_url: str) -> Iterator[Any]:
    """``new_page(viewport)``: a JavaScript page measuring itself (MEASURE), signed in
    later; each must end without a console error."""
    require_build()
    made: list[tuple[Any, BrowserErrors]] = []

    def new(viewport: dict[str, int] = DESKTOP) -> Page:
        context = browser.new_context(
            base_url=base_url, java_script_enabled=True, viewport=viewport
        )
        context.add_init_script(MEASURE)
        page = context.new_page()
        made.append((context, BrowserErrors(page)))
        return page  # type: ignore[no-any-return]

    yield new
    for context, errors in made:
        context.close()
        assert errors.messages == [], errors.messages


def settle(page: Page, quiet_ms: int = 1500, cap_ms: int = 40_000) -> dict[str, float]:
    """Waits until the page is quiet (the same number of elements and no long task for
    ``quiet_ms``); returns when it was first rendered, when it settled, and its size."""
    page.wait_for_function("() => window.__big.rendered > 0", timeout=cap_ms)
    last_change = page.evaluate("performance.now()")
    count = -1
    while True:
        now, n = page.evaluate("[performance.now(), document.getElementsByTagName('*').length]")
        if n != count:
            count, last_change = n, now
        tasks = page.evaluate("window.__big.longTasks")
        busy = max([last_change, *tasks])
        if now - busy >= quiet_ms or now >= cap_ms:
            break
        page.wait_for_timeout(200)
    figures = page.evaluate(
        """() => ({
          rendered: window.__big.rendered,
          elements: document.getElementsByTagName('*').length,
          tiles: document.querySelectorAll('.live-columns [data-card-id]').length,
          heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
          shift: window.__big.shift,
        })"""
    )
    return figures | {"settled": busy}


def drag_start(page: Page, how: str) -> float:
    """One drag's start in ms (mouse from a tile, keyboard from its handle), then cancelled."""
    tile = page.locator(".live-columns [data-card-id]").nth(2)
    page.evaluate("window.__big.armDrag()")
    if how == "mouse":
        box = tile.bounding_box()
        assert box is not None
        # On the tile's padding, not its title: releasing the button after the drag is
        # cancelled clicks what is under it.
        x, y = box["x"] + 4, box["y"] + box["height"] - 4
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x, y + 12)
    else:
        tile.locator(".drag-handle").focus()
        page.keyboard.press("Space")
    # Bounded: a drag that never starts fails the test rather than hanging it.
    took = float(
        page.evaluate(
            "Promise.race([window.__big.drag, new Promise((r) => setTimeout(() => r(-1), 10000))])"
        )
    )
    assert took >= 0, f"the {how} drag did not start"
    page.keyboard.press("Escape")
    if how == "mouse":
        page.mouse.up()
    expect(page.locator(".drag-overlay")).to_have_count(0)
    return took


@pytest.mark.parametrize("surface", SURFACES)
def test_a_2000_card_board_renders_in_a_second_and_drags_start_at_once(
    big: tuple[User, int], new_page: Any, surface: str
) -> None:
    owner, board_id = big
    page = new_page()
    log_in(page, owner)
    page.goto(SURFACES[surface].format(id=board_id))
    figures = settle(page)
    drags = {
        how: statistics.median(drag_start(page, how) for _ in range(3))
        for how in ("mouse", "keyboard")
    }
    print(
        f"\n{surface}: first render {figures['rendered']:.0f} ms, "
        f"settled {figures['settled']:.0f} ms, "
        f"{figures['elements']} elements, {figures['tiles']} tiles drawn, "
        f"JS heap {figures['heap'] / 2**20:.0f} MB, layout shift {figures['shift']:.3f}; "
        f"drag start: mouse {drags['mouse']:.1f} ms, "
        f"keyboard {drags['keyboard']:.1f} ms"
    )
    assert figures["rendered"] <= FIRST_RENDER_BOUND_MS
    assert figures["shift"] <= 0.1  # "good" by Web Vitals; measured 0.001-0.035
    assert max(drags.values()) <= DRAG_START_BOUND_MS


# -- what a person does on a long column, where its tiles are not all drawn ---------------


def column(page: Page, name: str) -> Any:
    return page.locator(".live-columns .column").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def board_json(page: Page, board_id: int) -> dict[str, Any]:
    data: dict[str, Any] = page.request.get(f"/api/v1/boards/{board_id}").json()
    return data


def ids_of(board: dict[str, Any], name: str) -> list[int]:
    return next([c["id"] for c in col["cards"]] for col in board["columns"] if col["name"] == name)


TO_THE_END = "(ol) => scrollTo(0, ol.getBoundingClientRect().bottom + scrollY - innerHeight + 200)"
# The id of a tile of a column wholly inside the window.
IN_VIEW = """(name) => {
  const column = [...document.querySelectorAll('.live-columns .column')]
    .find((c) => c.querySelector('h2')?.textContent === name);
  const tile = [...column.querySelectorAll('.card-tile')].find((t) => {
    const r = t.getBoundingClientRect();
    return r.top > 100 && r.bottom < innerHeight - 100;
  });
  return tile.dataset.cardId;
}"""


def next_frames(page: Page) -> None:
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def depth_of(page: Page, board_id: int, card_id: int) -> int:
    """The card's index in its column, once it has moved from the top."""
    for _ in range(50):
        for col in board_json(page, board_id)["columns"]:
            at = [c["id"] for c in col["cards"]]
            if card_id in at and at.index(card_id) > 0:
                return at.index(card_id)
        page.wait_for_timeout(100)
    raise AssertionError(f"card {card_id} did not move")


@pytest.mark.parametrize("surface", SURFACES)
def test_long_columns_keep_their_list_semantics_arrow_keys_and_keyboard_drags(
    big: tuple[User, int], new_page: Any, surface: str
) -> None:
    owner, board_id = big
    page = new_page()
    log_in(page, owner)
    page.goto(SURFACES[surface].format(id=board_id))
    board = board_json(page, board_id)
    todo = column(page, "To do")
    first = todo.locator(".card-tile").first
    expect(first).to_have_attribute("aria-setsize", str(len(ids_of(board, "To do"))))
    expect(first).to_have_attribute("aria-posinset", "1")
    assert todo.locator(".card-tile").count() < 100

    # The arrow keys go down the column's cards, drawn or not, scrolling them into view.
    first.locator(".card-title").focus()
    for _ in range(30):
        page.keyboard.press("ArrowDown")
    target = ids_of(board, "To do")[30]
    expect(page.locator(f'[data-card-id="{target}"] .card-title')).to_be_focused()
    expect(page.locator(f'[data-card-id="{target}"]')).to_be_in_viewport()

    # A keyboard drag goes past the tiles drawn when it started, scrolling them in. (Down a
    # column of uneven tiles dnd-kit's nearest corners may step into the next column: the
    # drop is checked for its depth, in whichever column.)
    dragged = ids_of(board, "In progress")[0]
    page.evaluate("window.scrollTo(0, 0)")
    # The tiles on the first screen (the overscan below them drawn too).
    shown = (
        column(page, "In progress")
        .locator(".card-tile")
        .evaluate_all(
            "(tiles) => tiles.filter((t) => t.getBoundingClientRect().bottom <= innerHeight).length"
        )
    )
    page.locator(f'[data-card-id="{dragged}"] .drag-handle').focus()
    page.keyboard.press("Space")
    next_frames(page)
    # Steps enough to pass the first screen's 18 or so tiles even when a few go sideways
    # (25 fell short once, at 17, in a loaded run).
    for _ in range(40):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)  # a person's pace: the tiles scrolled in are drawn
    page.keyboard.press("Space")
    assert depth_of(page, board_id, dragged) > shown

    # A mouse drop near the end of a long column lands there. (To the column's end: the
    # columns differ in height, the page's end is the longest's; again once the tiles
    # drawn there are measured.)
    done = column(page, "Done")
    last = done.locator(f'.card-tile[aria-posinset="{PER_COLUMN}"]')
    for _ in range(3):
        done.locator("ol").evaluate(TO_THE_END)
        next_frames(page)
    expect(last).to_be_in_viewport()
    source = done.locator(f'.card-tile[aria-posinset="{PER_COLUMN - 2}"]')
    moving = int(source.get_attribute("data-card-id") or 0)
    source.scroll_into_view_if_needed()
    next_frames(page)
    start, end = source.bounding_box(), last.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + 4, start["y"] + start["height"] - 4)
    page.mouse.down()
    page.mouse.move(start["x"] + 14, start["y"] + start["height"], steps=5)
    page.mouse.move(end["x"] + 20, end["y"] + end["height"] - 4, steps=15)
    page.mouse.up()
    for _ in range(50):
        if ids_of(board_json(page, board_id), "Done")[-1] == moving:
            break
        page.wait_for_timeout(100)
    assert ids_of(board_json(page, board_id), "Done")[-1] == moving


def test_a_long_column_filters_updates_live_and_gives_focus_back_after_a_card(
    big: tuple[User, int], new_page: Any, base_url: str
) -> None:
    owner, board_id = big
    page = new_page()
    log_in(page, owner)
    page.goto(SURFACES["SPA"].format(id=board_id))
    backlog = column(page, "Backlog")
    expect(backlog.locator(".card-tile").first).to_be_visible()

    # The filter works on the cards, not on the tiles drawn: one far down is found.
    page.locator("[data-filter-input]").fill("Backlog 480:")
    expect(backlog.locator(".card-title")).to_have_text([re.compile(r"^Backlog 480:")])
    page.locator("[data-filter-input]").fill("")
    expect(backlog.locator('.card-tile[aria-posinset="1"]')).to_be_visible()

    # Someone else moves a card from far down another column to the top of this one.
    board = board_json(page, board_id)
    far = board["columns"][3]["cards"][-2]
    with SyncApi.connect(base_url, password=PASSWORD, headers={"Origin": base_url}) as api:
        api.call(
            owner,
            "POST",
            f"/api/v1/cards/{far['id']}/move",
            json={"column_id": board["columns"][0]["id"], "position": 0, "version": far["version"]},
        )
    expect(backlog.locator('.card-tile[aria-posinset="1"] .card-title')).to_have_text(far["title"])

    # A card opened from far down the page gives the keyboard back to its title.
    page.evaluate("window.scrollTo(0, 6000)")
    next_frames(page)
    shown = page.evaluate(IN_VIEW, "Backlog")
    title = page.locator(f'[data-card-id="{shown}"] .card-title')
    title.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(title).to_be_focused()

    # "Move to…" the end of a long column takes the keyboard along: the column scrolls to
    # the card, not drawn until then, and it gets the focus.
    page.evaluate("window.scrollTo(0, 0)")
    first = backlog.locator('.card-tile[aria-posinset="1"]')
    moved = int(first.get_attribute("data-card-id") or 0)
    first.locator(".card-title").focus()
    page.keyboard.press("m")
    page.get_by_label("Column", exact=True).select_option(label="Done")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(f'[data-card-id="{moved}"] .card-title')).to_be_focused()
    expect(page.locator(f'[data-card-id="{moved}"]')).to_be_in_viewport()
    assert ids_of(board_json(page, board_id), "Done")[-1] == moved
