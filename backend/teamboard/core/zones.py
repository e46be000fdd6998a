"""Time zones: the IANA names a person may pick, and the zone to show them times in.

Names are checked against the zone database zoneinfo finds (the system's, else the
``tzdata`` package's), so a stored name always loads."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, tzinfo
from functools import cache, lru_cache

# The words people read are the catalogue's ("time_zone", core/messages.py).
UNKNOWN_ZONE = "is not a time zone we know"


@cache
def zone_names() -> tuple[str, ...]:
    """Every zone a person may pick, sorted; the old aliases ("US/Eastern", "posixrules")
    are left out of the list but still accepted (:func:`is_zone`)."""
    return tuple(sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"))


@cache
def _all_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str) -> bool:
    return name in _all_names()


@lru_cache(maxsize=1024)  # bounded by the zone database (~600 names)
def zone(name: str | None) -> tzinfo:
    """The zone called ``name``; UTC for None or a name the database does not have."""
    if name is None or not is_zone(name):
        return UTC
    return zoneinfo.ZoneInfo(name)
