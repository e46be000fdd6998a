"""The board page — its columns with their cards, and the filters — and the forms on it:
add, rename and delete a column, add and move a card. A form that fails shows the page
again, with the form's errors and input. It sits with cards because it shows them."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from markupsafe import Markup
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import columns
from teamboard.boards import service as boards
from teamboard.boards.schemas import ColumnCreate, ColumnUpdate
from teamboard.boards.views import can_edit
from teamboard.cards import board_read, moves, service
from teamboard.cards import listing as cards
from teamboard.cards.card_view import card_page
from teamboard.cards.filtering import parse_filter, utc_today, visible_cards
from teamboard.cards.schemas import CardCreate, CardFilters, CardMove
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Invalid
from teamboard.core.messages import message
from teamboard.core.schemas import MAX_ID, MAX_POSITION, Offset, parse_int
from teamboard.web.assets import vite_tags
from teamboard.web.forms import FormState, errors_of, number_text, optional_number, text
from teamboard.web.guard import PageForm
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import csrf_token, env, redirect, render, viewer_clock

router = APIRouter(include_in_schema=False)
ARCHIVED_PER_PAGE = 50
LAST = MAX_POSITION  # "after every card"


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
    visible: set[int] | None = None
    if board_filter.active:
        every_card = [card for column in board.columns for card in column.cards]
        visible = visible_cards(every_card, board_filter, utc_today())
    context = {
        # Due dates read "Tomorrow", "2 days overdue": against the viewer's today.
        **viewer_clock(actor),
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
    context["board_json"] = _board_json(db, snapshot) if context["islands"] and plain else ""
    return render(request, "boards/board.html", context, status=status)


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
    key = ("board-columns-html", etag, context["today"].isoformat())
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


@router.get("/boards/{board_id}")
async def board_view(request: Request, board_id: IdPath, actor: PageActor, db: DB) -> Response:
    return await board_page(request, db, actor, board_id)


@router.get("/boards/{board_id}/archived")
async def archived_cards(
    request: Request, board_id: IdPath, actor: PageActor, db: DB, offset: Offset = 0
) -> Response:
    board = await boards.get_board(db, actor, board_id)
    items, total = await cards.list_cards(
        db, actor, board_id, CardFilters(archived=True), limit=ARCHIVED_PER_PAGE, offset=offset
    )
    context = {"board": board, "cards": items, "total": total, "offset": offset}
    return render(request, "boards/archived.html", context | {"limit": ARCHIVED_PER_PAGE})


@router.post("/boards/{board_id}/columns")
async def add_column(
    request: Request, board_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = ColumnCreate.model_validate({"name": text(form, "name")})
        column = await columns.create_column(
            db, actor, board_id, name=body.name, wip_limit=None, position=None
        )
    except (ValidationError, Invalid) as exc:
        state = FormState.of("add-column", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    return redirect(
        request, f"/boards/{board_id}#column-{column.id}", f"Column “{column.name}” added."
    )


@router.post("/columns/{column_id}/rename")
async def rename_column(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = ColumnUpdate.model_validate(
            {"name": text(form, "name"), "version": number_text(form, "version")}
        )
        column = await columns.update_column(
            db, actor, column_id, {"name": body.name}, body.version
        )
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id)).board_id
        state = FormState.of(f"column-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    return redirect(
        request,
        f"/boards/{column.board_id}#column-{column_id}",
        f"Column renamed to “{column.name}”.",
    )


@router.post("/columns/{column_id}/delete")
async def delete_column(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    column = await columns.read_column(db, actor, column_id)
    if text(form, "confirm") != "yes":
        errors = {"confirm": message("confirm_column_delete", "confirm")}
        state = FormState.of(f"delete-column-{column_id}", form, errors)
        return await board_page(request, db, actor, column.board_id, state, 422)
    await columns.delete_column(db, actor, column_id, optional_number(form, "version"))
    return redirect(request, f"/boards/{column.board_id}", f"Column “{column.name}” deleted.")


@router.post("/columns/{column_id}/cards")
async def add_card(
    request: Request, column_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = CardCreate.model_validate({"title": text(form, "title")})
        card = await service.create_card(db, actor, column_id, body.model_dump())
    except (ValidationError, Invalid) as exc:
        board_id = (await columns.read_column(db, actor, column_id)).board_id
        state = FormState.of(f"add-card-{column_id}", form, errors_of(exc))
        return await board_page(request, db, actor, board_id, state, 422)
    # Back at the column's add field, focused, for the next card (_focus_add_field).
    target = f"/boards/{card.board_id}?added={card.id}#add-card-{column_id}-title"
    return redirect(request, target, f"Card “{card.title}” added.")


def _position(form: FormData) -> int:
    """The form counts from 1 and a blank means last; the service counts from 0. Anything
    else becomes -1, which the schema refuses along with the other fields' errors."""
    raw = text(form, "position")
    if not raw:
        return LAST
    number = parse_int(raw, 1, MAX_POSITION + 1)
    return number - 1 if number is not None else -1


@router.post("/cards/{card_id}/move")
async def move_card(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    back_to_card = text(form, "back") == "card"
    try:
        body = CardMove.model_validate(
            {
                "column_id": text(form, "column_id"),
                "position": _position(form),
                "version": number_text(form, "version"),
            }
        )
        card = await moves.move_card(
            db,
            actor,
            card_id,
            column_id=body.column_id,
            position=body.position,
            version=body.version,
        )
    except (ValidationError, Invalid) as exc:
        errors = errors_of(exc)
        if "position" in errors:
            errors["position"] = message("page_position", "position")  # counted from 1
        if back_to_card:
            return await card_page(
                request, db, actor, card_id, FormState.of("move", form, errors), 422
            )
        board_id = (await service.read_card(db, actor, card_id)).board_id
        state = FormState.of(f"move-{card_id}", form, errors)
        return await board_page(request, db, actor, board_id, state, 422)
    where = f"/cards/{card_id}" if back_to_card else f"/boards/{card.board_id}#card-{card_id}"
    return redirect(request, where, f"Card “{card.title}” moved.")
