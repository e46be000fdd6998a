"""Pages for files on cards, with JavaScript off: a plain ``<input type=file>`` form, a
delete (asked first: there is no undo) and "make cover". The list is on the card page
(cards/card_view.py); downloads and thumbnails are the API's own URLs (the session's
cookie is enough for them)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.attachments import service
from teamboard.attachments.uploads import read_upload
from teamboard.boards.models import Role
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.errors import Invalid, TooLarge
from teamboard.web.confirm import confirm_page, confirmed
from teamboard.web.forms import optional_number
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect

router = APIRouter(include_in_schema=False)


@router.post("/cards/{card_id}/attachments")
async def upload_file(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    try:
        made = await service.add_attachment(
            db, rt.files, rt.settings, actor, card_id, lambda: read_upload(request)
        )
    except (Invalid, TooLarge) as exc:  # too large, over the quota, no file, an empty one
        return redirect(request, f"/cards/{card_id}#attachments", exc.detail, "error")
    return redirect(
        request, f"/cards/{card_id}#attachment-{made.id}", f"“{made.filename}” attached."
    )


@router.post("/attachments/{attachment_id}/delete")
async def delete_file(
    request: Request, attachment_id: IdPath, actor: PageActor, form: PageForm, db: DB, rt: RT
) -> Response:
    found, _role = await service.access_attachment(db, actor, attachment_id, Role.editor)
    card_id, filename = found.card_id, found.filename
    if not confirmed(form):
        return confirm_page(
            request,
            title=f"Delete “{filename}”?",
            explain="The file goes for everyone, for good: this cannot be undone.",
            action=f"/attachments/{attachment_id}/delete",
            button="Delete file",
            back=f"/cards/{card_id}#attachment-{attachment_id}",
        )
    await service.delete_attachment(db, rt.files, actor, attachment_id)
    return redirect(request, f"/cards/{card_id}#attachments", f"“{filename}” deleted.")


@router.post("/cards/{card_id}/cover")
async def set_cover(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    """``attachment_id``: the image to show on the tile; empty takes the cover off."""
    try:
        chosen = optional_number(form, "attachment_id")
        await service.set_cover(db, actor, card_id, chosen)
    except Invalid as exc:
        return redirect(request, f"/cards/{card_id}#attachments", exc.detail, "error")
    words = "Cover set: the board shows it." if chosen else "Cover taken off."
    return redirect(request, f"/cards/{card_id}#attachments", words)
