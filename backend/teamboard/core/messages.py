"""The one catalogue of words for invalid input.

Every field error a client can cause gets a stable ``code`` and a sentence written for
people that names the field in words ("Give it a title.", "Pick a real due date,
such as 2026-12-31."). The API sends both with each field error (problem+json), the pages
show the same sentence next to the field, and the SPA gets the catalogue as JSON
(``teamboard messages``, written to frontend/src/generated/ by ``make client``) so that
what it checks before sending reads the same. Validator text ("Value error, …", "Input
should be …") is never shown: :func:`describe` turns any pydantic error into ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, get_args

from pydantic_core.core_schema import ErrorType

# The field names clients send, in the words a person reads. Unknown names are read as
# words too ("due_after" → "due after").
FIELDS: dict[str, str] = {
    "title": "title",
    "name": "name",
    "display_name": "name",
    "email": "e-mail address",
    "password": "password",  # nosec B105 - a field's name in words, not a secret
    "new_password": "new password",
    "current_password": "current password",
    "description": "description",
    "body": "comment",
    "due_date": "due date",
    "due_before": "“due before” date",
    "due_after": "“due after” date",
    "position": "position",
    "version": "version",
    "If-Match": "version",
    "color": "colour",
    "role": "role",
    "wip_limit": "WIP limit",
    "column_id": "column",
    "column_ids": "columns",
    "label_ids": "labels",
    "include": "part to copy",
    "template": "template",
    "assignee_ids": "assignees",
    "label": "label",
    "assignee": "assignee",
    "due": "due date",
    "code": "code",
    "limit": "number of items",
    "offset": "starting point",
    "q": "search text",
    "archived": "archived choice",
    "user_id": "person",
    "board_id": "board",
    "card_id": "card",
    "cursor": "page link",
    "mentions": "e-mails about mentions",
    "assignments": "e-mails about assignments",
    "comments": "e-mails about comments",
    "due_dates": "e-mails about due dates",
    "time_zone": "time zone",
    "text": "text",
    "done": "done choice",
    "assignee_id": "assignee",
    "due_at": "due date",
    "checklist_id": "checklist",
    "file": "file",
    "attachment_id": "attachment",
    "member_map": "member map",
}

MESSAGES: dict[str, str] = {
    # Any field: what pydantic finds, in our words.
    "required": "Fill in the {field}.",
    "blank": "Fill in the {field}.",
    "too_long": "Shorten the {field} to {limit} characters or fewer (it has {length}).",
    "too_short": "Make the {field} at least {limit} characters long.",
    "too_many": "Choose at most {limit} {field}.",
    "too_few": "Choose at least {limit} {field}.",
    "not_a_number": "Enter the {field} as a whole number, using the digits 0 to 9.",
    "too_small": "The {field} must be at least {low}.",
    "too_big": "The {field} can be at most {high}.",
    "date": "Pick a real {field}, such as 2026-12-31.",
    "date_too_early": "Pick a {field} on or after {low}.",
    "date_too_late": "Pick a {field} on or before {high}.",
    "email": "Enter a real e-mail address, such as ana@example.com.",
    "control_characters": "Remove the invisible control characters from the {field}.",
    "not_text": "Enter the {field} as text.",
    "not_a_list": "Send the {field} as a list.",
    "not_an_object": "Send the {field} as an object with named fields.",
    "yes_no": "Answer yes or no for the {field}.",
    "choice": "Choose a {field} from the list: {choices}.",
    "pattern": "Check how the {field} is written.",
    "unknown_field": "Leave out “{name}”: there is no such field here.",
    "json": "Send the request as valid JSON.",
    "invalid": "Check the {field}.",
    "own": "{text}",
    # Rules the services check.
    "password_too_short": "Choose a password of at least {limit} characters.",  # nosec B105 - words, not a secret
    "password_common": "That password is too common; choose another.",  # nosec B105 - words, not a secret
    "current_password_needed": "Enter your current password to change your e-mail address.",  # nosec B105 - words, not a secret
    "current_password_wrong": "Your current password is not correct.",  # nosec B105 - words, not a secret
    "email_change_too_late": (
        "The e-mail address can be changed within {minutes} minutes of logging in: "
        "log out, log in again with your provider, then change it."
    ),
    "code_needed": "Enter the 6-digit code from your app, or a recovery code.",
    "code_wrong": (
        "That code is not correct: enter the 6-digit code your app shows now, or a recovery code."
    ),
    "code_reused": "That code was already used: wait for your app to show the next one.",
    "label_not_on_board": "Choose only labels of this board.",
    "assignee_not_member": "Choose only members of this board as assignees.",
    "column_other_board": "Choose a column of the same board.",
    "checklist_other_card": "Choose a checklist of the same card.",
    "column_order": "List every column of the board exactly once.",
    "copy_target": "Choose a column of a board you can edit.",
    "template_unknown": "Choose one of the templates offered.",
    "label_taken": "A label with this name already exists on this board; choose another.",
    "version_header": 'Send the version you last saw as a number, such as "3".',
    "action": "Choose deactivate or reactivate.",
    "delivery": "Choose immediately, daily or off for the {field}.",
    "direction": "Choose left or right.",
    "confirm_column_delete": "Tick the box to confirm that the column and its cards go.",
    "confirm_board_delete": "Tick the box to confirm that everything on the board goes.",
    "email_taken": "An account with this e-mail address already exists; log in instead.",
    "time_zone": "Pick a time zone from the list, such as Europe/Paris.",
    "cursor": (
        "This page of results is out of date or was mistyped: start the search again from"
        " its first page."
    ),
    "file_missing": "Choose a file to upload.",
    "file_empty": "The file is empty: choose one with something in it.",
    "cover_not_image": "Choose an image of this card (one with a preview) as its cover.",
    "page_position": (
        "Enter the position as a whole number from 1 (the top), or leave it blank for the end."
    ),
}

# Where one field deserves its own sentence: "field:code".
OVERRIDES: dict[str, str] = {
    "title:blank": "Give it a title.",
    "title:required": "Give it a title.",
    "name:blank": "Give it a name.",
    "name:required": "Give it a name.",
    "display_name:blank": "Enter your name.",
    "display_name:required": "Enter your name.",
    "email:blank": "Enter your e-mail address.",
    "email:required": "Enter your e-mail address.",
    "password:blank": "Enter your password.",
    "password:required": "Enter your password.",
    "new_password:blank": "Enter a new password.",
    "new_password:required": "Enter a new password.",
    "current_password:blank": "Enter your current password.",
    "current_password:required": "Enter your current password.",
    "body:blank": "Write the comment first.",
    "body:required": "Write the comment first.",
    "code:blank": "Enter the 6-digit code from your app, or a recovery code.",
    "code:required": "Enter the 6-digit code from your app, or a recovery code.",
    "color:pattern": "Pick a colour written as # and six hex digits, such as #3366cc.",
}

_SECTIONS = ("body", "query", "path", "header", "cookie")
# Every kind pydantic itself reports: any other is one of ours, written for people.
_PYDANTIC_KINDS = frozenset(get_args(ErrorType))
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATES = frozenset(
    {
        "date_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_future",
        "date_past",
        "datetime_parsing",
        "datetime_type",
        "datetime_from_date_parsing",
        "datetime_object_invalid",
    }
)
_SIMPLE = {
    "missing": "required",
    "blank": "blank",
    "control_characters": "control_characters",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_a_number",
    "int_parsing_size": "not_a_number",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "bool_parsing": "yes_no",
    "bool_type": "yes_no",
    "string_type": "not_text",
    "string_unicode": "not_text",
    "string_sub_type": "not_text",
    "list_type": "not_a_list",
    "tuple_type": "not_a_list",
    "set_type": "not_a_list",
    "dict_type": "not_an_object",
    "model_type": "not_an_object",
    "model_attributes_type": "not_an_object",
    "string_pattern_mismatch": "pattern",
    "json_invalid": "json",
    "json_type": "json",
    "recursion_loop": "json",
}


def words(field: str | None) -> str:
    if not field:
        return "value"
    return FIELDS.get(field, field.replace("_", " ").replace("-", " "))


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def message(code: str, field: str | None = None, **params: Any) -> str:
    """The sentence for ``code`` on ``field`` (its name as sent)."""
    template = OVERRIDES.get(f"{field}:{code}") or MESSAGES.get(code) or MESSAGES["invalid"]
    filled = {key: _number(value) for key, value in params.items()}
    try:
        return template.format(field=words(field), name=field or "", **filled)
    except (KeyError, IndexError):  # a parameter missing: the general words still help
        return MESSAGES["invalid"].format(field=words(field))


def field_of(loc: Iterable[Any]) -> str | None:
    """The field a location names: its last name (list indexes and the API's "body" left
    out; a page's form has a field called "body": the comment)."""
    names = [p for p in loc if isinstance(p, str)]
    if len(names) > 1 and names[0] in _SECTIONS:
        names = names[1:]
    return names[-1] if names else None


def field_error(loc: list[str | int], code: str, **params: Any) -> dict[str, Any]:
    """One field error, as the API sends it and the pages read it."""
    return {
        "loc": loc,
        "msg": message(code, field_of(loc), **params),
        "type": "invalid",
        "code": code,
    }


def _classify(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if kind in _SIMPLE:
        return _SIMPLE[kind], {}
    if kind in _DATES:
        return "date", {}
    if kind == "too_long" and "max_length" in ctx:  # a list's length
        return "too_many", {"limit": ctx["max_length"]}
    if kind == "too_short" and "min_length" in ctx:
        return "too_few", {"limit": ctx["min_length"]}
    if kind in ("too_long", "string_too_long"):
        limit = ctx.get("limit", ctx.get("max_length", 0))
        length = ctx.get("length", len(value) if isinstance(value, str) else 0)
        return "too_long", {"limit": limit, "length": length}
    if kind == "string_too_short":
        limit = ctx.get("min_length", 1)
        return ("blank", {}) if limit <= 1 else ("too_short", {"limit": limit})
    if kind == "whole_number":
        return str(ctx.get("reason", "not_a_number")), {
            "low": ctx.get("low"),
            "high": ctx.get("high"),
        }
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        low = kind.startswith("greater")
        if _DAY.fullmatch(str(bound)):
            return ("date_too_early", {"low": bound}) if low else ("date_too_late", {"high": bound})
        return ("too_small", {"low": bound}) if low else ("too_big", {"high": bound})
    if kind in ("literal_error", "enum"):
        return "choice", {"choices": str(ctx.get("expected", "")).replace("'", "")}
    if kind == "extra_forbidden":
        return "unknown_field", {}
    if kind == "value_error" and str(error.get("msg", "")).startswith("value is not a valid email"):
        return "email", {}
    if kind in MESSAGES:  # a kind of our own (PydanticCustomError), its context the words'
        return kind, dict(ctx)
    if kind not in _PYDANTIC_KINDS and error.get("msg"):  # ours, not yet in the catalogue
        text = str(error["msg"]).rstrip(".")
        return "own", {"text": f"{text[:1].upper()}{text[1:]}."}
    return "invalid", {}


def describe(error: Mapping[str, Any]) -> dict[str, Any]:
    """Any field error (pydantic's, or one already ours) as the API sends it: ``loc``,
    ``msg`` (the sentence), ``type`` (pydantic's kind, kept for old clients), ``code``."""
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    if "code" in error:  # ours already (field_error)
        return {
            "loc": loc,
            "msg": str(error["msg"]),
            "type": str(error["type"]),
            "code": error["code"],
        }
    if error.get("type") == "invalid" and error.get("msg"):  # ours, written for people
        text = str(error["msg"])
        return {
            "loc": loc,
            "msg": text[:1].upper() + text[1:],
            "type": "invalid",
            "code": "invalid",
        }
    code, params = _classify(error)
    return {
        "loc": loc,
        "msg": message(code, field_of(loc), **params),
        "type": str(error.get("type", code)),
        "code": code,
    }


def describe_all(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [describe(error) for error in errors]


# Sentences as this module fills them, for the SPA's tests to check that its filling
# (frontend/src/lib/messages.ts) says the same.
_EXAMPLES: list[tuple[str, str | None, dict[str, Any]]] = [
    ("blank", "title", {}),
    ("blank", "name", {}),
    ("blank", "wip_limit", {}),
    ("required", "email", {}),
    ("too_long", "title", {"limit": 200, "length": 100_000}),
    ("too_big", "position", {"high": 1_000_000}),
    ("date", "due_date", {}),
    ("password_too_short", "password", {"limit": 8}),
    ("choice", "role", {"choices": "viewer, editor or owner"}),
    ("unknown_field", "colour", {}),
    ("no_such_code", "title", {}),
    ("too_long", "title", {}),
]


def catalogue() -> dict[str, Any]:
    """What the SPA needs to say the same (``teamboard messages``)."""
    examples = [
        {"code": code, "field": field, "params": params, "message": message(code, field, **params)}
        for code, field, params in _EXAMPLES
    ]
    return {"fields": FIELDS, "messages": MESSAGES, "overrides": OVERRIDES, "examples": examples}
