"""A viewer in a real browser with JavaScript off: an owner shares a board with him as a
viewer; he can read the board, its card and its comments, is offered no form that changes
them, and is refused (403) when he POSTs to the owner's endpoints anyway."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from test_js_off import column, sign_up

from devkit.server import TeamboardServer
from devkit.verified import mark_verified_now

EDITORS_ONLY = "Only board editors may do this"
OWNERS_ONLY = "Only board owners may do this"


@pytest.fixture
def second(browser: Any, base_url: str) -> Iterator[BrowserContext]:
    """A second person's browser: its own cookies, so its own session."""
    context = browser.new_context(
        base_url=base_url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    yield context
    context.close()


def post_actions(page: Page) -> list[str | None]:
    """Where the page's POST forms go (a form without a method is a GET form)."""
    return [form.get_attribute("action") for form in page.locator("form[method=post i]").all()]


def numeric_id(page: Page, selector: str, prefix: str) -> int:
    value = page.locator(selector).first.get_attribute("id") or ""
    assert value.startswith(prefix), (selector, value)
    return int(value.removeprefix(prefix))


def assert_read_only(page: Page) -> None:
    """Nothing to type into, nothing to open, no POST form but the site's log-out and, on
    a card, following it (a viewer may follow what he reads)."""
    actions = [a for a in post_actions(page) if not re.fullmatch(r"/cards/\d+/follow", a or "")]
    assert actions == ["/logout"]
    expect(page.get_by_role("textbox")).to_have_count(0)
    # No disclosure in the page but the side panel, which only reads.
    expect(page.locator("main details:not(.side-panel-toggle)")).to_have_count(0)
    expect(page.locator("a[href$='/delete']")).to_have_count(0)


def proven(page: Page) -> None:
    """The boards list once the server has noticed the address was proven behind its back
    (its access cache lives TEAMBOARD_CACHE_SECONDS): no banner asking to confirm it."""
    banner = page.get_by_role("region", name="Confirm your address")
    deadline = time.monotonic() + 10
    page.goto("/boards")
    while banner.count() and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        page.goto("/boards")
    expect(banner).to_have_count(0)


def test_a_viewer_reads_but_cannot_change_a_board(
    page: Page, second: BrowserContext, server: TeamboardServer
) -> None:
    # -- the owner: a board, a column of her own, a card in it and a comment on it ----------
    sign_up(page, "Olive Owner")
    page.get_by_label("Name").fill("Shared board")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared board")
    board_url = page.url
    board_id = int(board_url.rstrip("/").rsplit("/", 1)[1])

    page.locator("section.column-new").get_by_label("Column name").fill("Review")
    page.get_by_role("button", name="Add column").click()
    expect(page.get_by_role("status")).to_contain_text("Column “Review” added.")
    review = column(page, "Review")
    review.get_by_label("New card in Review").fill("Read me")
    review.get_by_role("button", name="Add card").click()
    expect(page.get_by_role("status")).to_contain_text("Card “Read me” added.")
    todo_id = numeric_id(page, "section.column:has(h2:text-is('To do'))", "column-")
    review_id = numeric_id(page, "section.column:has(h2:text-is('Review'))", "column-")

    page.get_by_role("link", name="Read me", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Read me")
    card_url = page.url
    card_id = int(card_url.split("#")[0].rstrip("/").rsplit("/", 1)[1])
    page.get_by_label("Add a comment").fill("Only **editors** change this")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".comment")).to_contain_text("Only editors change this")
    comment_id = numeric_id(page, "ol.comments > li", "comment-")

    # -- the viewer signs up in his own browser; the owner adds him as a viewer -------------
    viewer = second.new_page()
    viewer_email = sign_up(viewer, "Vic Viewer")
    page.goto(f"/boards/{board_id}/settings")
    page.get_by_label("E-mail address").fill(viewer_email)
    page.get_by_label("Role", exact=True).select_option("viewer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation to join as viewer sent")
    # He proved his address (as the verification mail's link would), and accepts from his
    # boards list.
    mark_verified_now(server.database_url, viewer_email)
    proven(viewer)
    invitations = viewer.get_by_role("region", name="Invitations")
    expect(invitations).to_contain_text("Olive Owner invited you to “Shared board” as a viewer")
    invitations.get_by_role("button", name="Accept").click()
    expect(viewer.get_by_role("status")).to_contain_text("You joined “Shared board”.")

    page.goto(board_url)
    viewer_option = page.get_by_label("Assignee").locator("option", has_text="Vic Viewer")
    viewer_user_id = int(viewer_option.get_attribute("value") or "0")
    board_before = page.locator(".columns").inner_text()
    page.goto(card_url)
    card_before = page.locator(".card-layout").inner_text()

    # -- the viewer reads the board and the card: no edit control anywhere -----------------
    viewer.goto("/boards")
    viewer.get_by_role("link", name="Shared board").click()
    expect(viewer.get_by_role("heading", level=1)).to_have_text("Shared board")
    expect(column(viewer, "Review").get_by_role("link", name="Read me", exact=True)).to_be_visible()
    assert_read_only(viewer)
    expect(viewer.get_by_role("heading", name="Add a column")).to_have_count(0)
    expect(viewer.get_by_role("button", name=re.compile(r"^(Add card|Move|Rename)"))).to_have_count(
        0
    )

    viewer.get_by_role("link", name="Read me", exact=True).click()
    expect(viewer.get_by_role("heading", level=1)).to_have_text("Read me")
    expect(viewer.get_by_role("heading", name="Comments (1)")).to_be_visible()
    comment = viewer.get_by_role("article", name="Comment by Olive Owner")
    expect(comment).to_contain_text("Only editors change this")
    expect(viewer.locator(".details")).to_contain_text("Review (position 1)")
    assert_read_only(viewer)
    assert sorted(viewer.get_by_role("button").all_text_contents()) == [
        "Follow this card",
        "Search",  # the header's search, which only reads
    ]  # (and "Log out", in the account menu, closed)

    # -- he POSTs anyway, with his own valid CSRF token: every one is refused ---------------
    token = next(c["value"] for c in second.cookies() if c["name"] == "tb_csrf")
    attempts: list[tuple[str, dict[str, str | int], str]] = [
        (f"/columns/{review_id}/cards", {"title": "Sneaked in"}, EDITORS_ONLY),
        (
            f"/cards/{card_id}/move",
            {"column_id": todo_id, "position": "1"},
            EDITORS_ONLY,
        ),
        (f"/cards/{card_id}/comments", {"body": "Sneaked comment"}, EDITORS_ONLY),
        (f"/cards/{card_id}", {"title": "Renamed by a viewer"}, EDITORS_ONLY),
        (f"/cards/{card_id}/archive", {}, EDITORS_ONLY),
        (f"/cards/{card_id}/delete", {}, EDITORS_ONLY),
        (
            f"/comments/{comment_id}/edit",
            {"body": "Rewritten", "card_id": card_id},
            EDITORS_ONLY,
        ),
        (f"/comments/{comment_id}/delete", {"card_id": card_id}, EDITORS_ONLY),
        (f"/columns/{review_id}/rename", {"name": "Hijacked"}, EDITORS_ONLY),
        (f"/columns/{review_id}/delete", {"confirm": "yes"}, EDITORS_ONLY),
        (f"/boards/{board_id}/columns", {"name": "Sneaked column"}, EDITORS_ONLY),
        (
            f"/boards/{board_id}/members/{viewer_user_id}/role",
            {"role": "owner"},
            OWNERS_ONLY,
        ),
    ]
    for url, fields, why in attempts:
        response = second.request.post(url, form={**fields, "csrf_token": token}, max_redirects=0)
        assert response.status == 403, (url, response.status)
        assert why in response.text(), (url, response.text()[:500])

    # -- the owner's board and card are as they were ----------------------------------------
    page.goto(board_url)
    assert page.locator(".columns").inner_text() == board_before
    expect(column(page, "Review").locator(".card-tile")).to_have_count(1)
    expect(page.get_by_role("link", name="Sneaked", exact=True)).to_have_count(0)
    page.goto(card_url)
    assert page.locator(".card-layout").inner_text() == card_before
    expect(page.get_by_role("heading", name="Comments (1)")).to_be_visible()
    page.goto(f"/boards/{board_id}/settings")
    expect(page.get_by_label("Role of Vic Viewer")).to_have_value("viewer")
