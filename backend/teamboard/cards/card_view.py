"""The card page as the server renders it (a function, not a route): its routes show it
again with their form's errors."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from teamboard.boards import columns, labels
from teamboard.boards import service as boards
from teamboard.boards.views import can_edit
from teamboard.cards import comments, service
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.notifications.follows import follows_card
from teamboard.web.forms import FormState
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import render

COMMENTS_PER_PAGE = 100


async def card_page(
    request: Request,
    db: UnitOfWork,
    actor: Actor,
    card_id: int,
    form: FormState | None = None,
    status: int = 200,
    offset: int = 0,
) -> Response:
    card = await service.read_card(db, actor, card_id)
    board = await boards.get_board(db, actor, card.board_id)
    notes, total = await comments.list_comments(
        db, actor, card_id, limit=COMMENTS_PER_PAGE, offset=offset
    )
    board_columns = await columns.list_columns(db, actor, card.board_id)
    context = {
        "card": card,
        "board": board,
        "can_edit": can_edit(board.role),
        "is_owner": board.role == "owner",
        "columns": board_columns,
        "column_options": [(c.id, c.name) for c in board_columns],
        "labels": await labels.list_labels(db, actor, card.board_id),
        "members": await boards.list_members(db, actor, card.board_id),
        "comments": notes,
        "following": await follows_card(db, actor.id, card_id),
        "total_comments": total,
        "offset": offset,
        "limit": COMMENTS_PER_PAGE,
        "form": form or FormState(),
        "markdown_html": await render_page_markdown(
            [card.description, *(note.body for note in notes)]
        ),
    }
    return render(request, "cards/card.html", context, status=status)
