"""What one domain does, in the same transaction, when another records an event.

A card records ``card.updated``; notifications (a domain above cards) reacts by notifying
the newly assigned, in the card's own transaction, so both commit or neither does. The
card service never imports notifications: each domain registers its reactions once, and
teamboard/wiring.py assembles them for the process. Lower domains stay unaware of the
higher ones, and a reader finds every reaction to an event type in one list.

Reactions run on the ORM unit of work only. The hot-path units (core/writes.py) record
events no domain reacts to; :meth:`Reactions.check_quiet` says so at start-up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teamboard.core.db import UnitOfWork

Reaction = Callable[["UnitOfWork", dict[str, Any]], Awaitable[None]]


class Reactions:
    def __init__(self) -> None:
        self._by_type: defaultdict[str, list[Reaction]] = defaultdict(list)

    def on(self, types: Iterable[str], reaction: Reaction) -> None:
        for type_ in types:
            self._by_type[type_].append(reaction)

    def to(self, type_: str) -> list[Reaction]:
        return self._by_type.get(type_, [])

    def check_quiet(self, types: Iterable[str]) -> None:
        """Events of these types are recorded where no reaction can run (a hot-path unit):
        registering one for them is a mistake, caught when the process is assembled."""
        reacted = sorted(t for t in types if self._by_type.get(t))
        if reacted:
            raise RuntimeError(f"reactions registered for hot-path events: {reacted}")
