"""Assembles a process: the runtime, with every domain's reactions to the others' events
(core/reactions.py). The web app, the CLI and the tests build their runtime here, so that
a write does the same wherever it comes from."""

from __future__ import annotations

from teamboard.boards import reactions as boards
from teamboard.cards import reactions as cards
from teamboard.core.config import Settings
from teamboard.core.reactions import Reactions
from teamboard.core.runtime import Runtime
from teamboard.notifications import reactions as notifications

# Recorded by hot-path units (cards/moves.py), where no reaction can run.
HOT_PATH_EVENTS = ("card.moved",)


def reactions() -> Reactions:
    found = Reactions()
    for domain in (boards, cards, notifications):
        domain.register(found)
    found.check_quiet(HOT_PATH_EVENTS)
    return found


def build_runtime(settings: Settings) -> Runtime:
    return Runtime.build(settings, reactions())
