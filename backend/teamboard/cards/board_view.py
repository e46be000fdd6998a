"""The board page as the server renders it: the whole board in a fixed number of queries,
its columns rendered once per board version, the board's JSON for the islands. Shared by the
pages that show the board again with a form's message (cards/board_pages.py,
cards/column_pages.py), which may not import each other."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import Request
from markupsafe import Markup
from starlette.responses import Response

from teamboard.boards.views import can_edit
from teamboard.cards import board_read
from teamboard.cards.filtering import parse_filter, visible_cards
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.schemas import MAX_ID, parse_int
from teamboard.web.assets import vite_tags
from teamboard.web.forms import FormState
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import csrf_token, env, render, viewer_clock

# Cards a column shows on the page before "Show N more": two screens of a column, and the
# page of a 2,000-card board is then ~80 tiles, not 2,000 (megabytes of HTML). The islands
# page is laid out once with them before the live board replaces them: on a phone's CPU
# 50 a column made that first layout the page's longest task (Lighthouse's blocking time
# on a 200-card board: ~360-500 ms with 50, a median of 166 with 20).
SHOWN_PER_COLUMN = 20
# Boards up to this many cards have their JSON in the page, for the live board to start
# from without a request (a 200-card board: ~100 KB). A larger board's is fetched by the
# islands (``null`` in the page): its page must not carry megabytes that the columns shown
# without JavaScript never use.
EMBED_MAX_CARDS = 500


async def board_page(
    request: Request,
    db: UnitOfWork,
    actor: Actor,
    board_id: int,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    """The whole board in a fixed number of queries, however many cards it holds."""
    snapshot = await board_read.read_board(db, actor, board_id)
    assert not isinstance(snapshot, str)
    board = snapshot.board
    board_filter = parse_filter(request.query_params)
    # Due dates read "Tomorrow", "2 days overdue", and filter by "overdue": against the
    # viewer's today.
    clock = viewer_clock(actor)
    visible: set[int] | None = None
    if board_filter.active:
        every_card = [card for column in board.columns for card in column.cards]
        visible = visible_cards(every_card, board_filter, clock["today"])
    expanded = _expanded(request, board)
    context = {
        **clock,
        "expanded": expanded,
        "shown_per_column": SHOWN_PER_COLUMN,
        # The "Show N more" link keeps the page's filters and opened columns.
        "more_query": [(k, v) for k, v in board_filter.as_query().items() if v is not None]
        + [("show", column_id) for column_id in sorted(expanded)],
        "board": board,
        "can_edit": can_edit(board.role),
        "labels": {label.id: label for label in board.labels},
        "members": {member.user_id: member for member in board.members},
        "column_options": [(column.id, column.name) for column in board.columns],
        "filters": board_filter.as_query(),
        "visible": visible,
        "form": form or FormState(),
        "markdown_html": await render_page_markdown([board.description]),
    }
    columns_html = _columns_html(db, snapshot.etag, context, csrf_token(request))
    context["columns_html"] = _focus_add_field(columns_html, board, request)
    context["islands"] = vite_tags(request)
    # A filtered board is live too: the island gets the whole board and filters it itself
    # (the columns above are filtered already, for the first paint and without JavaScript).
    # A form's errors, though, are the server's page's own.
    plain = form is None or not form.id
    if not (context["islands"] and plain):
        context["board_json"] = ""
    elif sum(len(column.cards) for column in board.columns) > EMBED_MAX_CARDS:
        context["board_json"] = Markup("null")
    else:
        context["board_json"] = _board_json(db, snapshot)
    return render(request, "boards/board.html", context, status=status)


def _expanded(request: Request, board: Any) -> frozenset[int]:
    """The columns shown in full (``?show=<column id>``, repeated): the others show their
    first :data:`SHOWN_PER_COLUMN` cards and a "Show N more" link, so that a long board's
    page stays small and quick. Anything that is not one of the board's columns is
    ignored: it is a view option, like a scroll position."""
    ids = {parse_int(raw, 1, MAX_ID) for raw in request.query_params.getlist("show")}
    return frozenset(column.id for column in board.columns if column.id in ids)


# Stands for the viewer's CSRF token in a memoised rendering; random, so no card text
# can contain it.
_TOKEN_SLOT = f"csrf-{secrets.token_hex(16)}"


def _columns_html(db: UnitOfWork, etag: str, context: dict[str, Any], token: str) -> Markup:
    """The columns with their cards — most of the page's rendering time. Unfiltered and
    without form errors it depends only on the board version (the ETag, which includes the
    viewer's role), the viewer's date (due dates read "Tomorrow") and the CSRF token, so it
    is rendered once per version and date, and the token is filled in per request."""
    template = env.get_template("boards/_columns.html")
    plain = context["visible"] is None and not context["form"].id
    if not plain:
        escaped = template.render(context | {"csrf_token": token})
        return Markup(escaped)  # noqa: S704 - autoescaped template output  # nosec B704
    memo = db.memo
    key = ("board-columns-html", etag, context["today"].isoformat(), context["expanded"])
    html = memo.get(key)
    if html is None:
        html = template.render(context | {"csrf_token": _TOKEN_SLOT})
        memo.put(key, html)
    # Autoescaped template output; the token is URL-safe base64 of our own making.
    escaped = html.replace(_TOKEN_SLOT, token)
    return Markup(escaped)  # noqa: S704 - autoescaped, and our own token  # nosec B704


def _focus_add_field(html: Markup, board: Any, request: Request) -> Markup:
    """After a card is added without JavaScript the board comes back (``?added=<card>``)
    with that column's add field focused, ready for the next card, as Enter does with
    JavaScript; the address's fragment scrolls to it. Done on the rendered (memoised)
    columns: one bounded replace."""
    added = parse_int(request.query_params.get("added", ""), 1, MAX_ID)
    column = next((c for c in board.columns if any(card.id == added for card in c.cards)), None)
    if column is None:
        return html
    field = f'id="add-card-{column.id}-title"'
    # str: Markup.replace would escape the quotes of our own attribute.
    focused = str(html).replace(field, f"{field} autofocus", 1)
    return Markup(focused)  # noqa: S704 - autoescaped output, our own attribute  # nosec B704


def _board_json(db: UnitOfWork, snapshot: board_read.BoardSnapshot) -> Markup:
    """The API's JSON for the board, safe inside <script>: no "<" can close the element."""
    memo = db.memo
    key = ("board-json", snapshot.etag)
    text = memo.get(key)
    if text is None:
        text = snapshot.body.decode().replace("<", "\\u003c")
        memo.put(key, text)
    return Markup(text)  # noqa: S704 - JSON with every "<" escaped  # nosec B704
