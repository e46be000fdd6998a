"""The member map of an import: which Trello username is which person here, written
``trello_username=e-mail`` — one entry per line (the form), or per ``--member-map`` (the
CLI). Each mapped member is invited to the new board."""

from __future__ import annotations

import re

from pydantic import TypeAdapter, ValidationError

from teamboard.accounts.schemas import Email
from teamboard.core.errors import Invalid
from teamboard.core.messages import field_error

MAX_ENTRIES = 100  # more people than this are invited from the board's settings
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def parse_member_map(entries: list[str]) -> dict[str, str]:
    """Trello username → e-mail (lower-cased); Invalid naming every wrong entry at once."""
    found: dict[str, str] = {}
    problems: list[str] = []
    lines = [part.strip() for entry in entries for part in re.split(r"[\n,]", entry)]
    for entry in (part for part in lines if part):
        username, sep, email = (piece.strip() for piece in entry.partition("="))
        username = username.removeprefix("@")
        if not sep or not _USERNAME.match(username):
            problems.append(
                f"Write “{entry[:60]}” as a Trello username, “=” and an e-mail address, "
                "such as alice=alice@example.com."
            )
            continue
        try:
            found[username] = _EMAIL.validate_python(email)
        except ValidationError:
            problems.append(
                f"Enter a real e-mail address for {username}, such as {username}@example.com."
            )
    if len(found) > MAX_ENTRIES:
        problems.append(f"Map at most {MAX_ENTRIES} members; invite the others afterwards.")
    if problems:
        errors = [field_error(["body", "member_map"], "own", text=p) for p in problems]
        raise Invalid(problems[0], errors=errors)
    return found
