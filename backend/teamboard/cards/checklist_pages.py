"""Checklists on the card page with JavaScript off: each form posts here and comes back to
the card's checklists (its errors shown there, with what was typed)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.cards import checklist_items, checklists
from teamboard.cards.card_view import card_page
from teamboard.cards.checklist_schemas import (
    ChecklistCreate,
    ChecklistUpdate,
    ItemCreate,
    ItemUpdate,
)
from teamboard.core.deps import DB, IdPath
from teamboard.core.errors import Invalid
from teamboard.web.confirm import confirm_page, confirmed
from teamboard.web.forms import FormState, errors_of, optional, text
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect

router = APIRouter(include_in_schema=False)


def _back(card_id: int, anchor: str = "checklists") -> str:
    return f"/cards/{card_id}#{anchor}"


@router.post("/cards/{card_id}/checklists")
async def add_checklist(
    request: Request, card_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    try:
        body = ChecklistCreate.model_validate({"title": text(form, "title")})
        made = await checklists.add_checklist(db, actor, card_id, body.title)
    except (ValidationError, Invalid) as exc:
        state = FormState.of("checklist", form, errors_of(exc))
        return await card_page(request, db, actor, card_id, state, 422)
    return redirect(request, _back(card_id, f"checklist-{made.id}"), "Checklist added.")


@router.post("/checklists/{checklist_id}/rename")
async def rename_checklist(
    request: Request, checklist_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    found = await checklists.access_checklist(db, actor, checklist_id)
    try:
        body = ChecklistUpdate.model_validate({"title": text(form, "title")})
        await checklists.update_checklist(db, actor, checklist_id, {"title": body.title})
    except (ValidationError, Invalid) as exc:
        state = FormState.of(f"checklist-{checklist_id}", form, errors_of(exc))
        return await card_page(request, db, actor, found.card_id, state, 422)
    return redirect(
        request, _back(found.card_id, f"checklist-{checklist_id}"), "Checklist renamed."
    )


@router.post("/checklists/{checklist_id}/delete")
async def delete_checklist(
    request: Request, checklist_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    found = await checklists.access_checklist(db, actor, checklist_id)
    if not confirmed(form):
        return confirm_page(
            request,
            title=f"Delete the checklist “{found.title}”?",
            explain="It goes with all its items, for everyone.",
            action=f"/checklists/{checklist_id}/delete",
            button="Delete checklist",
            back=_back(found.card_id, f"checklist-{checklist_id}"),
        )
    await checklists.delete_checklist(db, actor, checklist_id)
    return redirect(request, _back(found.card_id), f"Checklist “{found.title}” deleted.")


@router.post("/checklists/{checklist_id}/items")
async def add_item(
    request: Request, checklist_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    found = await checklists.access_checklist(db, actor, checklist_id)
    try:
        body = ItemCreate.model_validate({"text": text(form, "text")})
        await checklist_items.add_item(db, actor, checklist_id, body.model_dump())
    except (ValidationError, Invalid) as exc:
        state = FormState.of(f"checklist-{checklist_id}-item", form, errors_of(exc))
        return await card_page(request, db, actor, found.card_id, state, 422)
    # Back to the same field, for the next item.
    return redirect(request, _back(found.card_id, f"checklist-{checklist_id}-item-text"))


@router.post("/checklist-items/{item_id}")
async def change_item(
    request: Request, item_id: IdPath, actor: PageActor, form: PageForm, db: DB
) -> Response:
    """A tick (``done``), a step up or down (``move``), or the edit form's fields."""
    item = await checklist_items.access_item(db, actor, item_id)
    changes: dict[str, object] = {}
    if (done := optional(form, "done")) is not None:
        changes["done"] = done == "1"
    elif (move := optional(form, "move")) in ("up", "down"):
        position = await checklist_items.position_in_checklist(db, item)
        changes["position"] = max(0, position + (-1 if move == "up" else 1))
    else:
        fields = {
            "text": text(form, "text"),
            "assignee_id": optional(form, "assignee_id"),
            "due_at": optional(form, "due_at"),
        }
        try:
            changes = ItemUpdate.model_validate(fields).model_dump(exclude_unset=True)
        except ValidationError as exc:
            state = FormState.of(f"item-{item_id}", form, errors_of(exc))
            return await card_page(request, db, actor, item.card_id, state, 422)
    try:
        await checklist_items.update_item(db, actor, item_id, changes)
    except Invalid as exc:
        state = FormState.of(f"item-{item_id}", form, errors_of(exc))
        return await card_page(request, db, actor, item.card_id, state, 422)
    return redirect(request, _back(item.card_id, f"item-{item_id}"))


@router.post("/checklist-items/{item_id}/delete")
async def delete_item(request: Request, item_id: IdPath, actor: PageActor, db: DB) -> Response:
    item = await checklist_items.access_item(db, actor, item_id)
    await checklist_items.delete_item(db, actor, item_id)
    return redirect(request, _back(item.card_id), f"Item “{item.text}” deleted.")


@router.post("/checklist-items/{item_id}/convert")
async def convert_item(request: Request, item_id: IdPath, actor: PageActor, db: DB) -> Response:
    item = await checklist_items.access_item(db, actor, item_id)
    made = await checklist_items.convert_item(db, actor, item_id)
    return redirect(request, _back(item.card_id), f"“{made.title}” is now a card of its own.")
