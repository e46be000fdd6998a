"""Ordering keys for columns and cards: gapped integers.

A new item goes half-way between its neighbours, so a move writes one row. Only when two
neighbours have no integer left between them (after ~20 moves into the same gap) is the
column re-spread, in one bulk statement. Integers were chosen over fractional string keys
because they sort the same on every database and collation, stay 8 bytes, and keep the
code obvious; the rare rebalance is cheap at board sizes.
"""

from __future__ import annotations

STEP = 1 << 20


def rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between ``before`` and ``after``; ``None`` if they are adjacent."""
    if before is None and after is None:
        return STEP
    if before is None:
        assert after is not None
        return after - STEP
    if after is None:
        return before + STEP
    if after - before < 2:
        return None
    return before + (after - before) // 2


def spread(count: int) -> list[int]:
    """Evenly spaced ranks for ``count`` items."""
    return [(index + 1) * STEP for index in range(count)]
