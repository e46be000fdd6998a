"""Memo.once: after a change, concurrent readers share one rendering of the board."""

from __future__ import annotations

import asyncio

import pytest

from teamboard.core.cache import Memo


async def test_concurrent_callers_share_one_build() -> None:
    memo, release, calls = Memo(), asyncio.Event(), []

    async def build() -> str:
        calls.append(1)
        await release.wait()
        return "rendered"

    readers = [asyncio.create_task(memo.once("board", build)) for _ in range(8)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*readers) == ["rendered"] * 8
    assert len(calls) == 1
    assert await memo.once("board", build) == "rendered" and len(calls) == 1


async def test_when_the_builder_fails_the_waiters_build_for_themselves() -> None:
    memo, release, calls = Memo(), asyncio.Event(), []

    async def build() -> str:
        calls.append(1)
        if len(calls) == 1:
            await release.wait()
            raise RuntimeError("database went away")
        return "rendered"

    first = asyncio.create_task(memo.once("board", build))
    await asyncio.sleep(0)
    waiters = [asyncio.create_task(memo.once("board", build)) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    with pytest.raises(RuntimeError):
        await first
    assert await asyncio.gather(*waiters) == ["rendered"] * 3


async def test_a_cancelled_waiter_does_not_cancel_the_build() -> None:
    memo, release = Memo(), asyncio.Event()

    async def build() -> str:
        await release.wait()
        return "rendered"

    builder = asyncio.create_task(memo.once("board", build))
    await asyncio.sleep(0)
    waiter = asyncio.create_task(memo.once("board", build))
    await asyncio.sleep(0)
    waiter.cancel()
    release.set()
    assert await builder == "rendered"
    assert memo.get("board") == "rendered"


def test_the_memo_is_bounded_by_weight_as_well_as_by_count() -> None:
    """Renderings of a big board weigh megabytes each: a count alone let 256 versions of
    it pile up (bench/scale.py's worker RSS)."""
    memo = Memo(size=256, budget=1_000)
    for version in range(3):
        memo.put(("board", version), "x" * 400)
    assert memo.get(("board", 0)) is None  # evicted, the oldest: 1,200 > 1,000
    assert memo.get(("board", 1)) is not None and memo.get(("board", 2)) is not None
    assert memo.weight == 800
    memo.put(("board", 3), "y" * 5_000)  # heavier than the budget: kept alone, as newest
    assert memo.get(("board", 3)) is not None and memo.get(("board", 2)) is None
    assert memo.weight == 5_000
    memo.put(("board", 3), "z")  # replaced: its old weight goes
    assert memo.weight == 1
