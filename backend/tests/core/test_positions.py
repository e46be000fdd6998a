"""Pure tests of the gapped-integer ranks in teamboard.core.positions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teamboard.core.positions import STEP, rank_between, spread

BIG = 2**62
ranks = st.integers(-BIG, BIG)


def test_ends_and_empty() -> None:
    assert rank_between(None, None) == STEP
    assert rank_between(None, 10 * STEP) == 9 * STEP
    assert rank_between(10 * STEP, None) == 11 * STEP
    assert rank_between(None, -5) == -5 - STEP
    assert rank_between(0, 2) == 1
    assert rank_between(0, 3) == 1


def test_no_room_between_neighbours() -> None:
    assert rank_between(5, 6) is None
    assert rank_between(5, 5) is None
    assert rank_between(-1, 0) is None


@given(ranks, ranks)
def test_between_is_strictly_inside(a: int, b: int) -> None:
    before, after = min(a, b), max(a, b)
    rank = rank_between(before, after)
    if after - before < 2:
        assert rank is None
    else:
        assert rank is not None and before < rank < after


@given(ranks)
def test_open_ends_leave_a_full_step(edge: int) -> None:
    assert rank_between(edge, None) == edge + STEP
    assert rank_between(None, edge) == edge - STEP


def test_same_gap_lasts_about_log2_step_inserts() -> None:
    """Inserting again and again right after the same card halves the gap each time:
    with a gap of STEP there is room for exactly log2(STEP) inserts, then None."""
    before, after = STEP, 2 * STEP
    inserts = 0
    while (rank := rank_between(before, after)) is not None:
        assert before < rank < after
        after = rank
        inserts += 1
    assert inserts == STEP.bit_length() - 1 == 20


@given(st.integers(0, 2_000))
def test_spread(count: int) -> None:
    result = spread(count)
    assert len(result) == count
    assert result == sorted(set(result))
    assert all(b - a == STEP for a, b in zip(result, result[1:], strict=False))
    if result:
        assert result[0] > 0
        # After a spread every gap again takes a midpoint, and the ends still grow.
        assert rank_between(None, result[0]) is not None
        assert rank_between(result[-1], None) is not None
    for a, b in zip(result, result[1:], strict=False):
        middle = rank_between(a, b)
        assert middle is not None and a < middle < b


def test_spread_of_the_largest_board_fits_a_bigint() -> None:
    assert spread(10_000)[-1] < BIG
