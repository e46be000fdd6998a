"""A card's own activity told in words on its page: "Ada moved it to Done". The card is
the page's subject, so the lines name what happened to it, not the card again (the
board's activity page, activity/pages.py, names the card)."""

from __future__ import annotations

from typing import Any

_VERBS = {
    "card.created": "added the card",
    "card.updated": "edited the card",
    "card.archived": "archived the card",
    "card.restored": "restored the card",
    "card.moved": "moved it",
    "comment.created": "commented",
    "comment.updated": "edited a comment",
    "comment.deleted": "deleted a comment",
    "comment.restored": "restored a comment",
    "checklist.created": "added a checklist",
    "checklist.updated": "updated a checklist",
    "checklist.deleted": "deleted a checklist",
    "checklist_item.created": "added a checklist item",
    "checklist_item.updated": "edited a checklist item",
    "checklist_item.deleted": "deleted a checklist item",
    "attachment.created": "attached a file",
    "attachment.deleted": "removed a file",
    "card.cover_changed": "changed the cover",
}


def describe_card_event(event: dict[str, Any], column_names: dict[int, str]) -> str:
    """The words after the actor's name, for one event of a card's activity."""
    kind, data = str(event.get("type", "")), event.get("data") or {}
    verb = _VERBS.get(kind, "changed the card")
    item = data.get("item") or {}
    if kind == "checklist_item.updated" and data.get("changed") == ["done"]:
        verb = "completed a checklist item" if item.get("done") else "reopened a checklist item"
    if kind == "checklist_item.deleted" and data.get("converted_to"):
        verb = "turned a checklist item into a card"
    if item.get("text"):
        return f"{verb}: “{item['text']}”"
    card = data.get("card") or {}
    column = column_names.get(card.get("column_id", 0))
    if kind == "card.moved" and column:
        return f"{verb} to {column}"
    if kind == "card.created" and column:
        return f"{verb} in {column}"
    return verb
