"""The JSON API rows: the board read, the conditional (304) read and the card move."""

from __future__ import annotations

from lib.common import (
    API,
    BENCH_DIR,
    CARD_COUNT,
    CONDITIONAL_MIN_RATIO,
    MOVE_CONNECTIONS,
    MOVE_MAX_P99_MS,
    MOVE_MIN_RPS,
    READ_CONNECTIONS,
    READ_MIN_RATIO,
)
from lib.fixtures import check_board_after_moves, check_not_modified
from lib.instance import Instance
from lib.scenarios import Check, Durations, Row, measure, notes


def api_rows(tb: Instance, bare: Row, d: Durations, rows: list[Row]) -> None:
    """Measures the three API scenarios; each row is appended as soon as it is done."""
    assert bare.result is not None
    bare_rps, bare_cpu_ms = bare.result.rps, bare.cpu_ms_per_request
    db, fx, meter, base_url = tb.db, tb.fx, tb.meter, tb.server.url
    board_url = f"{base_url}{API}/boards/{fx.board_id}"
    bearer = {"Authorization": f"Bearer {fx.token}"}

    read, cpu = measure(
        f"[{db}] board read", d, meter, board_url, connections=READ_CONNECTIONS, headers=bearer
    )
    ratio = read.rps / bare_rps
    rows.append(
        Row(
            "GET board (200 cards)",
            db,
            read,
            cpu,
            ratio,
            checks=[
                Check(
                    f">= {READ_MIN_RATIO:.2f} x bare", ratio >= READ_MIN_RATIO and not read.errors
                )
            ],
            notes=[
                f"{read.bytes_per_request / 1024:.1f} KiB/response",
                *notes(read, cpu, bare_cpu_ms),
            ],
        )
    )

    check_not_modified(base_url, fx)
    conditional, cpu = measure(
        f"[{db}] conditional read",
        d,
        meter,
        board_url,
        connections=READ_CONNECTIONS,
        headers=bearer | {"If-None-Match": fx.etag},
    )
    check_not_modified(base_url, fx)  # still 304 afterwards: nothing changed the board
    ratio = conditional.rps / bare_rps
    rows.append(
        Row(
            "GET board If-None-Match (304)",
            db,
            conditional,
            cpu,
            ratio,
            checks=[
                Check(
                    f">= {CONDITIONAL_MIN_RATIO:.2f} x bare",
                    ratio >= CONDITIONAL_MIN_RATIO and not conditional.errors,
                )
            ],
            notes=notes(conditional, cpu, bare_cpu_ms),
        )
    )

    move_env = {
        "BENCH_TOKEN": fx.token,
        "BENCH_CARD_IDS": ",".join(map(str, fx.card_ids)),
        "BENCH_COLUMN_IDS": ",".join(map(str, fx.column_ids)),
        "BENCH_MAX_POS": str(CARD_COUNT // len(fx.column_ids) + 10),
    }
    moved, cpu = measure(
        f"[{db}] move card",
        d,
        meter,
        base_url + "/",
        connections=MOVE_CONNECTIONS,
        script=BENCH_DIR / "move.lua",
        env=move_env,
    )
    seq_delta, problems = check_board_after_moves(base_url, fx)
    move_ok = moved.rps >= MOVE_MIN_RPS and moved.p99_ms <= MOVE_MAX_P99_MS and not moved.errors
    rows.append(
        Row(
            f"POST card move (c{MOVE_CONNECTIONS})",
            db,
            moved,
            cpu,
            moved.rps / bare_rps,
            checks=[Check(f">= {MOVE_MIN_RPS:.0f}/s, p99 <= {MOVE_MAX_P99_MS:.0f} ms", move_ok)],
            notes=[
                *notes(moved, cpu, bare_cpu_ms),
                f"board seq +{seq_delta} over warm-up and run; board consistent"
                if not problems
                else f"board seq +{seq_delta}",
                *(f"BOARD CHECK FAILED: {p}" for p in problems),
            ],
        )
    )
    tb.check_alive()
