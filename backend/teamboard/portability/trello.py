"""A Trello board export (Board menu → Print, export and share → Export as JSON), read:
the parts Teamboard imports, as pydantic models that ignore the rest (the real export
carries dozens of other fields, and Trello adds more over time).

:func:`read_export` turns the file's bytes into a :class:`TrelloBoard`, or raises
:class:`NotTrello` with sentences that say what the file lacks. It is CPU work (a 50 MB
export takes a while): the callers run it off the event loop (portability/jobs.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# The board-level members an export always has: without them it is not a board export.
REQUIRED = ("name", "lists", "cards")
MAX_PROBLEMS = 10  # sentences listed at most; the count says how many more there were


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class TrelloList(_Part):
    id: str
    name: str = ""
    closed: bool = False
    pos: float = 0


class TrelloAttachment(_Part):
    name: str = ""
    url: str = ""


class TrelloCard(_Part):
    id: str
    name: str = ""
    desc: str = ""
    due: datetime | None = None
    dueComplete: bool = False  # Trello's own names (camelCase)
    closed: bool = False
    pos: float = 0
    idList: str
    idLabels: list[str] = []
    idMembers: list[str] = []
    idChecklists: list[str] = []
    attachments: list[TrelloAttachment] = []


class TrelloLabel(_Part):
    id: str
    name: str | None = ""
    color: str | None = None


class TrelloCheckItem(_Part):
    name: str = ""
    state: str = "incomplete"  # "complete" or "incomplete"
    pos: float = 0


class TrelloChecklist(_Part):
    id: str
    name: str = ""
    idCard: str
    pos: float = 0
    checkItems: list[TrelloCheckItem] = []


class TrelloRef(_Part):
    id: str = ""


class TrelloPerson(_Part):
    id: str = ""
    username: str = ""
    fullName: str = ""


class TrelloActionData(_Part):
    text: str | None = None
    card: TrelloRef | None = None


class TrelloAction(_Part):
    type: str
    date: datetime | None = None
    data: TrelloActionData = Field(default_factory=TrelloActionData)
    memberCreator: TrelloPerson | None = None


class TrelloBoard(_Part):
    name: str
    desc: str = ""
    lists: list[TrelloList]
    cards: list[TrelloCard]
    labels: list[TrelloLabel] = []
    checklists: list[TrelloChecklist] = []
    actions: list[TrelloAction] = []
    members: list[TrelloPerson] = []


class NotTrello(ValueError):
    """The file is not a Trello board export; ``problems`` say why, in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


HOW_TO_EXPORT = (
    "In Trello, open the board's menu, choose “Print, export and share”, then "
    "“Export as JSON”, and upload the file it saves."
)


def read_export(data: bytes) -> TrelloBoard:
    """The export in ``data``; NotTrello when it is not one (not JSON, not an object, or
    without the members every board export has, or with one of the wrong kind)."""
    try:
        return TrelloBoard.model_validate_json(data)
    except ValidationError as exc:
        raise NotTrello(_problems(exc.errors(include_url=False, include_input=False))) from None


def _problems(errors: list[Any]) -> list[str]:
    if any(error["type"] == "json_invalid" for error in errors):
        return [f"This file is not JSON, so it is not a Trello board export. {HOW_TO_EXPORT}"]
    if any(error["type"] == "model_type" and not error["loc"] for error in errors):
        return [
            "This file holds JSON, but not an object with a board's lists and cards, so it "
            f"is not a Trello board export. {HOW_TO_EXPORT}"
        ]
    missing = [
        str(error["loc"][0])
        for error in errors
        if error["type"] == "missing" and len(error["loc"]) == 1
    ]
    found = []
    if missing:
        names = " and ".join(f"“{name}”" for name in missing)
        found.append(
            f"This file is not a Trello board export: it has no {names}, which every "
            f"board export has. {HOW_TO_EXPORT}"
        )
    others = [
        error for error in errors if not (error["type"] == "missing" and len(error["loc"]) == 1)
    ]
    found.extend(_where(error) for error in others[:MAX_PROBLEMS])
    if len(others) > MAX_PROBLEMS:
        found.append(f"…and {len(others) - MAX_PROBLEMS} more problems like these.")
    return found


_KIND = {
    "string_type": "text",
    "bool_type": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list",
    "model_type": "an object",
    "datetime_type": "a date and time",
    "datetime_parsing": "a date and time",
    "datetime_from_date_parsing": "a date and time",
}


def _where(error: Any) -> str:
    """One problem in words: “the 3rd card's “idList” is missing”."""
    loc = list(error["loc"])
    parts = []
    while loc:
        key = loc.pop(0)
        if loc and isinstance(loc[0], int):
            parts.append(f"the {_ordinal(loc.pop(0) + 1)} of the “{key}”")
        else:
            parts.append(f"“{key}”")
    where = " in ".join(reversed(parts)) or "the file"
    if error["type"] == "missing":
        return f"{where[0].upper()}{where[1:]} is missing."
    kind = _KIND.get(error["type"])
    if kind:
        return f"{where[0].upper()}{where[1:]} should be {kind}."
    return f"{where[0].upper()}{where[1:]} is not what a Trello export holds there."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
