"""A person's avatar on a tile: their initials on a colour of their own.

The twin of frontend/src/lib/avatars.ts (both tested on avatars.cases.json there). The
colour is one of a fixed palette picked by the user id, so it never changes with a
rename; each colour holds white text at 4.5:1 or more, in the light and the dark theme
alike (the palette is in app.css, "tiles" section: .avatar-c0 … .avatar-c9)."""

from __future__ import annotations

PALETTE_SIZE = 10


def initials(name: str) -> str:
    """First letters of the first and last words: "Ada Lovelace" → "AL", "ada" → "A"."""
    words = name.split()
    if not words:
        return "?"
    first, last = words[0], words[-1]
    letters = first[0] + (last[0] if len(words) > 1 else "")
    return letters.upper()


def colour_class(user_id: int) -> str:
    return f"avatar-c{user_id % PALETTE_SIZE}"
