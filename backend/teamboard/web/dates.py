"""Dates and times as people read them, in the viewer's time zone.

One rule set with a twin in the SPA (frontend/src/lib/dates.ts); both test suites read
the same table of cases (frontend/src/lib/dates.cases.json), so the pages and the SPA say
the same words. English names are spelled out here rather than taken from the locale:
the server's locale is not the reader's, and the two sides must agree to the letter.

- A time: "Dec 12, 14:05" in the viewer's zone ("Dec 12, 2025, 14:05" in another year).
- A due date (a calendar day, no zone of its own) against today where the viewer is:
  "Today", "Tomorrow", "Yesterday", a weekday within the coming week, "Dec 12" (with the
  year when not this year), "2 days overdue"; with an urgency for its colour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal, NamedTuple

from teamboard.core.zones import zone

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Urgency = Literal["overdue", "soon", "later"]


class Due(NamedTuple):
    text: str  # what the tile shows: "Tomorrow", "2 days overdue"
    urgency: Urgency  # overdue: red; soon (today, tomorrow): amber; later: neutral
    full: str  # "Friday, December 12, 2026": the title and the screen reader's words
    spoken: str  # the whole phrase for a screen reader: "Due tomorrow, Friday, …"


def full_day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def short_day(day: date, today: date) -> str:
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"


def due(day: date, today: date) -> Due:
    """How a due ``day`` reads on ``today`` (the viewer's own date)."""
    days = (day - today).days
    full = full_day(day)
    urgency: Urgency = "later"
    if days < -1:
        text, urgency = f"{-days} days overdue", "overdue"
        return Due(text, urgency, full, f"Due {full}, {-days} days overdue")
    if days == -1:
        return Due("Yesterday", "overdue", full, f"Due yesterday, {full}, 1 day overdue")
    if days == 0:
        text, urgency = "Today", "soon"
    elif days == 1:
        text, urgency = "Tomorrow", "soon"
    elif days < 7:
        text = WEEKDAYS[day.weekday()]
    else:
        text = short_day(day, today)
    spoken = f"Due {text.lower()}, {full}" if days < 2 else f"Due {full}"
    return Due(text, urgency, full, spoken)


def local_time(value: datetime, zone_name: str | None, now: datetime | None = None) -> str:
    """``value`` where the viewer is, to the minute: "Dec 12, 14:05"."""
    here = zone(zone_name)
    moment = value.astimezone(here)
    this_year = (now or datetime.now(UTC)).astimezone(here).year
    day = f"{MONTHS[moment.month - 1]} {moment.day}"
    if moment.year != this_year:
        day += f", {moment.year}"
    return f"{day}, {moment.hour:02d}:{moment.minute:02d}"


def today_in(zone_name: str | None, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone(zone_name)).date()
