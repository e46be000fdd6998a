"""The card page as the server renders it (a function, not a route): its routes show it
again with their form's errors, an edit's conflicts or a description's preview."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.responses import Response

from teamboard.activity.service import list_card_activity
from teamboard.attachments.naming import human_size
from teamboard.attachments.service import list_attachments
from teamboard.boards import columns, labels
from teamboard.boards import service as boards
from teamboard.boards.views import can_edit
from teamboard.cards import checklists, comments, copies, service
from teamboard.cards.card_activity import describe_card_event
from teamboard.cards.edit_conflicts import seen_of
from teamboard.cards.schemas import CopyPart
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.deps import runtime_of
from teamboard.notifications.follows import follows_card
from teamboard.web.forms import FormState
from teamboard.web.markdown import render_page_markdown
from teamboard.web.render import render

COMMENTS_PER_PAGE = 100
ACTIVITY_SHOWN = 20
FIELD_NAMES = {"title": "title", "description": "description", "due_date": "due date"}


@dataclass
class EditView:
    """How the edit form shows again: the fields changed meanwhile by someone else while
    the person changed them too (``conflicts``), and the description's ``preview``."""

    conflicts: list[str] = field(default_factory=list)
    preview: str | None = None


async def card_page(
    request: Request,
    db: UnitOfWork,
    actor: Actor,
    card_id: int,
    form: FormState | None = None,
    status: int = 200,
    offset: int = 0,
    edit: EditView | None = None,
) -> Response:
    card = await service.read_card(db, actor, card_id)
    board = await boards.get_board(db, actor, card.board_id)
    notes, total = await comments.list_comments(
        db, actor, card_id, limit=COMMENTS_PER_PAGE, offset=offset
    )
    board_columns = await columns.list_columns(db, actor, card.board_id)
    members = await boards.list_members(db, actor, card.board_id)
    column_names = {c.id: c.name for c in board_columns}
    events, events_total = await list_card_activity(db, actor, card_id, limit=ACTIVITY_SHOWN)
    shown = [event.model_dump() for event in events]
    edit = edit or EditView()
    # Who changed the card last: named in an edit's conflict notices.
    changer = next(
        (e["actor"] for e in shown if e["type"].startswith("card.") and e["actor"]), None
    )
    notices = [
        {
            "field": name,
            "label": FIELD_NAMES[name],
            "theirs": getattr(card, name),
            "by": changer["display_name"] if changer else "Someone",
        }
        for name in edit.conflicts
    ]
    context = {
        "card": card,
        "board": board,
        "can_edit": can_edit(board.role),
        "is_owner": board.role == "owner",
        "columns": board_columns,
        "copy_targets": await copies.copy_targets(db, actor, card.board_id),
        "copy_parts": list(CopyPart),
        "column_options": [(c.id, c.name) for c in board_columns],
        "labels": await labels.list_labels(db, actor, card.board_id),
        "members": members,
        "member_names": {m.user_id: m.display_name for m in members},
        "member_options": [("", "Nobody")] + [(m.user_id, m.display_name) for m in members],
        "comments": notes,
        "checklists": await checklists.checklists_of(db, card_id),
        "attachments": [
            {"file": a, "size": human_size(a.size)}
            for a in await list_attachments(db, actor, card_id)
        ],
        "max_upload": human_size(runtime_of(request).settings.max_upload_bytes),
        "following": await follows_card(db, actor.id, card_id),
        "total_comments": total,
        "offset": offset,
        "limit": COMMENTS_PER_PAGE,
        "form": form or FormState(),
        # Reached from a tile's Move link: the move goes back to the board, where it was.
        "move_back": "board" if _from_board(request, form) else "card",
        "seen": seen_of(card),
        "notices": {notice["field"]: notice for notice in notices},
        "pending": ",".join(edit.conflicts),
        "preview": edit.preview,
        "activity": [e | {"words": describe_card_event(e, column_names)} for e in shown],
        "activity_total": events_total,
        "markdown_html": await render_page_markdown(
            [card.description, edit.preview or "", *(note.body for note in notes)]
        ),
    }
    return render(request, "cards/card.html", context, status=status)


def _from_board(request: Request, form: FormState | None) -> bool:
    if form is not None and form.id == "move":
        return bool(form.get("back") == "board")
    return request.query_params.get("from") == "board"
