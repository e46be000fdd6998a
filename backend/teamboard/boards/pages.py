"""The board list: boards to open, create, archive and restore (the board page itself,
with its cards: cards/board_pages.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import invitations, service
from teamboard.boards.invitation_mail import AS
from teamboard.boards.schemas import BoardCreate
from teamboard.cards import templates
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Invalid, NotFound
from teamboard.core.messages import message
from teamboard.core.schemas import Offset
from teamboard.web.forms import (
    FormState,
    errors_of,
    multiline,
    optional,
    text,
)
from teamboard.web.guard import PageForm
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
BOARDS_PER_PAGE = 50


# -- the board list -------------------------------------------------------------------------


async def _boards(
    request: Request,
    db: DB,
    actor: Actor,
    *,
    archived: bool = False,
    offset: int = 0,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    items, total = await service.list_boards(
        db, actor, archived=archived, limit=BOARDS_PER_PAGE, offset=offset
    )
    context = {
        # Invitations to the user's verified address, to accept or decline here.
        "invitations": [] if archived else await invitations.list_my_invitations(db, actor),
        "templates": [] if archived else await templates.list_templates(db, actor),
        "role_as": AS,
        "boards": items,
        "total": total,
        "archived": archived,
        "offset": offset,
        "limit": BOARDS_PER_PAGE,
        "form": form or FormState(),
        "markdown_html": await render_page_markdown(board.description for board in items),
    }
    return render(request, "boards/list.html", context, status=status)


@router.get("/boards")
async def boards_page(
    request: Request, actor: PageActor, db: DB, archived: bool = False, offset: Offset = 0
) -> Response:
    return await _boards(request, db, actor, archived=archived, offset=offset)


@router.post("/boards")
async def create_board(request: Request, actor: PageActor, form: PageForm, db: DB) -> Response:
    try:
        body = BoardCreate.model_validate(
            {
                "name": text(form, "name"),
                "description": multiline(form, "description"),
                "template": optional(form, "template"),
            }
        )
        if body.template is not None:
            board = await templates.create_from_template(
                db, actor, name=body.name, description=body.description, template=body.template
            )
        else:
            board = await service.create_board(
                db, actor, name=body.name, description=body.description, columns=body.columns
            )
    except NotFound:  # a template board gone (or unmarked) since the list was shown
        errors = {"template": message("template_unknown", "template")}
        state = FormState.of("new-board", form, errors)
        return await _boards(request, db, actor, form=state, status=422)
    except (ValidationError, Invalid) as exc:
        state = FormState.of("new-board", form, errors_of(exc))
        return await _boards(request, db, actor, form=state, status=422)
    return redirect(request, f"/boards/{board.id}", f"Board “{board.name}” created.")


@router.post("/boards/{board_id}/archive")
async def archive_board(request: Request, board_id: IdPath, actor: PageActor, db: DB) -> Response:
    board = await service.update_board(db, actor, board_id, {"archived": True})
    return redirect(request, "/boards", f"Board “{board.name}” archived.")


@router.post("/boards/{board_id}/restore")
async def restore_board(request: Request, board_id: IdPath, actor: PageActor, db: DB) -> Response:
    board = await service.update_board(db, actor, board_id, {"archived": False})
    return redirect(request, f"/boards/{board_id}", f"Board “{board.name}” restored.")
