"""The board's activity page: its event log, newest first, told in words."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.activity.service import list_board_activity
from teamboard.boards import columns
from teamboard.boards import service as boards
from teamboard.core.deps import DB, IdPath
from teamboard.core.schemas import Offset
from teamboard.web.render import render

router = APIRouter(include_in_schema=False)
EVENTS_PER_PAGE = 50

# type → (verb, which field names the thing, how to name it when that is missing)
_SIMPLE: dict[str, tuple[str, str, str]] = {
    "board.created": ("created the board", "name", "this board"),
    "board.updated": ("updated the board", "name", "this board"),
    "board.imported": ("imported the board", "name", "this board"),
    "board.copied": ("created the board", "name", "this board"),
    "column.created": ("added the column", "name", "a column"),
    "column.updated": ("updated the column", "name", "a column"),
    "column.moved": ("moved the column", "name", "a column"),
    "column.deleted": ("deleted", "", "a column"),
    "columns.reordered": ("reordered", "", "the columns"),
    "label.created": ("created the label", "name", "a label"),
    "label.updated": ("updated the label", "name", "a label"),
    "label.deleted": ("deleted", "", "a label"),
}
_CARD_VERBS = {
    "card.created": "added the card",
    "card.updated": "edited the card",
    "card.archived": "archived the card",
    "card.restored": "restored the card",
    "card.moved": "moved",
}
# Deleted since: the log kept no copy of its title (activity/content.py).
A_DELETED_CARD = "a card that was deleted"
_COMMENT_VERBS = {
    "comment.created": "commented on",
    "comment.updated": "edited a comment on",
    "comment.deleted": "deleted a comment on",
    "comment.restored": "restored a comment on",
    "attachment.created": "attached a file to",
    "attachment.deleted": "removed a file from",
    "card.cover_changed": "changed the cover of",
}
_CHECKLIST_VERBS = {
    "checklist.created": "added a checklist to",
    "checklist.updated": "updated a checklist on",
    "checklist.deleted": "deleted a checklist from",
    "checklist_item.created": "added an item to",
    "checklist_item.updated": "edited an item on",
    "checklist_item.deleted": "deleted an item from",
}


def checklist_verb(kind: str, data: dict[str, Any]) -> str:
    """The words for a checklist event: a tick and a conversion are told as such."""
    item = data.get("item") or {}
    if kind == "checklist_item.updated" and data.get("changed") == ["done"]:
        return "completed an item on" if item.get("done") else "reopened an item on"
    if kind == "checklist_item.deleted" and data.get("converted_to"):
        return "turned an item into a card on"
    return _CHECKLIST_VERBS[kind]


# Without the address: only owners see whom they invited (the settings page).
_INVITATION_VERBS = {
    "invitation.sent": "sent",
    "invitation.revoked": "withdrew",
    "invitation.declined": "declined",
}


def _quoted(value: Any) -> str:
    return f"“{value}”"


def _card_named(card_id: Any, card: dict[str, Any]) -> dict[str, Any]:
    """``what`` and ``href`` for a card an entry names: its title now, linked."""
    if card.get("gone"):
        return {"what": A_DELETED_CARD, "href": None}
    title = card.get("title")
    return {
        "what": _quoted(title) if title else "a card",
        "href": f"/cards/{card_id}" if isinstance(card_id, int) else None,
    }


def describe(
    event: dict[str, Any], column_names: dict[int, str], member_names: dict[int, str]
) -> dict[str, Any]:
    """``verb`` + ``what`` (a link when ``href``) + ``tail``: the template escapes each."""
    kind, data = str(event.get("type", "")), event.get("data") or {}
    line: dict[str, Any] = {"verb": "changed", "what": "the board", "href": None, "tail": ""}
    if kind in _SIMPLE:
        verb, key, fallback = _SIMPLE[kind]
        name = data.get(key) if key else None
        line.update(verb=verb, what=_quoted(name) if name else fallback)
        if kind == "board.copied":
            template = data.get("template")
            line["tail"] = f" from the template {template}" if template else " as a copy"
    elif kind in _CARD_VERBS:
        card = data.get("card") or {}
        line.update(verb=_CARD_VERBS[kind], **_card_named(card.get("id"), card))
        if kind in ("card.moved", "card.created") and card.get("column_id") in column_names:
            line["tail"] = (
                f" {'to' if kind == 'card.moved' else 'in'} {column_names[card['column_id']]}"
            )
    elif kind == "card.deleted":
        # Its title while the card can still be had back; once gone for good, none.
        title = data.get("title") if not data.get("gone") else None
        line.update(verb="deleted the card" if title else "deleted", what=_quoted(title))
        if not title:
            line["what"] = "a card"
    elif kind in _COMMENT_VERBS:
        card_id = (data.get("comment") or {}).get("card_id") or data.get("card_id")
        card = {"title": data.get("card_title"), "gone": data.get("card_gone")}
        line.update(verb=_COMMENT_VERBS[kind], **_card_named(card_id, card))
    elif kind in _CHECKLIST_VERBS:
        card = {"title": data.get("card_title"), "gone": data.get("card_gone")}
        line.update(verb=checklist_verb(kind, data), **_card_named(data.get("card_id"), card))
        text = (data.get("item") or {}).get("text") or (data.get("checklist") or {}).get("title")
        line["tail"] = f": {_quoted(text)}" if text else ""
    elif kind in ("label.restored", "member.restored"):  # an undo: the thing is inside
        inner = data.get("label") or data.get("member") or {}
        name = inner.get("name") or inner.get("display_name")
        verb = "restored the label" if kind == "label.restored" else "brought back"
        shown = (_quoted(name) if kind == "label.restored" else name) if name else "someone"
        line.update(verb=verb, what=shown)
    elif kind == "member.added" and (event.get("actor") or {}).get("id") == data.get("user_id"):
        # Accepted an invitation: they added themselves.
        line.update(verb="joined", what="the board")
        line["tail"] = f" as {data['role']}" if data.get("role") else ""
    elif kind in _INVITATION_VERBS:
        line.update(verb=_INVITATION_VERBS[kind], what="an invitation")
        if kind == "invitation.sent":
            line.update(verb="invited", what="someone", tail=f" as {data.get('role', '?')}")
    elif kind == "member.updated" and data.get("profile"):
        line.update(verb="updated their profile", what="")
    elif kind.startswith("member."):
        name = data.get("display_name") or member_names.get(data.get("user_id", 0), "a member")
        verbs = {"member.added": "added", "member.updated": "changed the role of"}
        line.update(verb=verbs.get(kind, "removed"), what=name)
        if kind != "member.removed" and data.get("role"):
            line["tail"] = f" {'as' if kind == 'member.added' else 'to'} {data['role']}"
    return line


@router.get("/boards/{board_id}/activity")
async def activity_page(
    request: Request, board_id: IdPath, actor: PageActor, db: DB, offset: Offset = 0
) -> Response:
    board = await boards.get_board(db, actor, board_id)
    events, total = await list_board_activity(
        db, actor, board_id, limit=EVENTS_PER_PAGE, offset=offset
    )
    column_names = {c.id: c.name for c in await columns.list_columns(db, actor, board_id)}
    member_names = {
        m.user_id: m.display_name for m in await boards.list_members(db, actor, board_id)
    }
    shown = [event.model_dump(mode="json") for event in events]
    lines = [event | {"line": describe(event, column_names, member_names)} for event in shown]
    context = {
        "board": board,
        "events": lines,
        "total": total,
        "offset": offset,
        "limit": EVENTS_PER_PAGE,
    }
    return render(request, "activity/activity.html", context)
