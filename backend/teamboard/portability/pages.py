"""Pages for imports, with JavaScript off: the form on the board list posts an export.
Teamboard's own (a board's .zip or .json) becomes a board at once; Trello's becomes a
job, whose own page follows it (reloading itself every two seconds until it is done or
failed), then links to the new board and shows the report; ``/imports`` lists them all."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, Request
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.core.deps import DB, RT, ClientAddress, IdPath
from teamboard.core.errors import Invalid, TooLarge
from teamboard.core.schemas import Offset
from teamboard.portability.imports import import_file, is_own_export
from teamboard.portability.job_reads import list_imports, read_import
from teamboard.portability.upload_form import start_from_form, uploaded_file
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
IMPORTS_PER_PAGE = 20
STATUS = {"queued": "Waiting to start", "running": "Importing", "done": "Done", "failed": "Failed"}

# Counts in the report, as a person reads them (the report's keys are the API's).
KINDS = {
    "columns": ("column", "columns"),
    "cards": ("card", "cards"),
    "archived_cards": ("archived card", "archived cards"),
    "labels": ("label", "labels"),
    "checklists": ("checklist", "checklists"),
    "checklist_items": ("checklist item", "checklist items"),
    "comments": ("comment", "comments"),
    "attachments": ("attachment link", "attachment links"),
    "assignments": ("assignment", "assignments"),
    "invitations": ("invitation", "invitations"),
}


@router.post("/imports")
async def import_board(
    request: Request, actor: PageActor, form: PageForm, db: DB, rt: RT, client: ClientAddress
) -> Response:
    """One form for both: a Trello export becomes a job followed on its own page; a
    Teamboard export (.zip or .json) becomes a board at once."""
    try:
        upload = uploaded_file(form, rt.settings.max_import_bytes)
        head = await anyio.to_thread.run_sync(upload.file.read, 100)
        await anyio.to_thread.run_sync(upload.file.seek, 0)
        if is_own_export(head):
            made = await import_file(db, rt.files, rt.settings, actor, upload.file)
            notes = "; ".join(made.notes())
            message = f"Board imported{': ' + notes if notes else ''}."
            return redirect(request, f"/boards/{made.board_id}", message)
        started = await start_from_form(form, db, rt, actor, client)
    except (Invalid, TooLarge) as exc:  # not an export, too large, a bad member map
        words = [e["msg"] for e in exc.errors or []] or [exc.detail or "The import failed."]
        return redirect(request, "/boards#import", " ".join(words), "error")
    return redirect(request, f"/imports/{started.id}")


@router.get("/imports")
async def imports_page(request: Request, actor: PageActor, db: DB, offset: Offset = 0) -> Response:
    """The importer's imports, newest first: the way back to a result left unread."""
    items, total = await list_imports(db, actor, limit=IMPORTS_PER_PAGE, offset=offset)
    context = {"imports": items, "total": total, "offset": offset, "limit": IMPORTS_PER_PAGE}
    return render(request, "portability/imports.html", context | {"status": STATUS})


@router.get("/imports/{import_id}")
async def show_import(request: Request, import_id: IdPath, actor: PageActor, db: DB) -> Response:
    job = await read_import(db, actor, import_id)
    return render(request, "portability/import.html", {"job": job, "kinds": KINDS})
