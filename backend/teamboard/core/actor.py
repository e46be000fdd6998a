"""Who is acting: the one type every service takes to know whose request it serves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated user of one request: a plain snapshot, safe after a rollback."""

    id: int
    email: str
    display_name: str
    is_admin: bool
    session_id: int | None = None  # set when authenticated by the browser session cookie
    csrf_token: str | None = None
    # Whether the owner of ``email`` proved it (pages and the SPA ask them to until then);
    # a snapshot that shows no one (an activity entry's author) claims nothing to ask.
    email_verified: bool = True
    two_factor: bool = False  # whether the account has two-factor log-in turned on
    time_zone: str | None = None  # the IANA zone pages show times in (None: UTC)
