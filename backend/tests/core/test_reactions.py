"""Reactions run in the transaction of the event that triggers them, and only there."""

from __future__ import annotations

from typing import Any

import pytest

from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions
from teamboard.wiring import HOT_PATH_EVENTS, reactions


async def _noop(_db: UnitOfWork, _event: dict[str, Any]) -> None:
    return None


def test_a_reaction_to_a_hot_path_event_is_refused_at_assembly() -> None:
    found = Reactions()
    found.on(["card.moved"], _noop)
    with pytest.raises(RuntimeError, match=r"card\.moved"):
        found.check_quiet(HOT_PATH_EVENTS)


def test_the_process_assembles_the_domains_reactions() -> None:
    assembled = reactions()
    for type_ in ("card.created", "comment.created", "member.removed", "user.profile_changed"):
        assert assembled.to(type_), type_
    assert assembled.to("card.moved") == []
