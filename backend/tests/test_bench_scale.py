"""``make bench-scale``'s harness works: a ``--quick`` run (small sizes, one request per
size) builds its data set, measures every row on this suite's database engine and prints
the table. A smoke test of the harness, not of the figures: nothing here is timed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.app import BACKEND

ROOT = Path(__file__).resolve().parents[2]
ROWS = (
    "worker RSS, 10 sockets on a board",
    "board JSON read, after a change",
    "board page (no JS), after a change",
    "card move",
    "board activity, first page",
    "board activity, page 90% back",
    "card activity (10 of the events)",
    "WebSocket resume, 50 back",
    "/boards page",
    "GET /api/v1/boards",
    # The search rows (bench/lib/scale_search.py): a data set of their own for each size.
    "search 'customer' (common word), others' boards grow",
    "search 'kestrel' (rare word), every board grows",
    "search 'depl' (prefix typed), every board grows",
)


def test_the_growth_benchmark_prints_every_row_in_quick_mode(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--quick", "--rounds", "1",
         "--db", BACKEND, "--no-record", "--cache", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout
    for row in ROWS:
        assert re.search(rf"^{re.escape(row)}\s+{BACKEND}\s", table, re.M), (row, table)
    sizes = ("20 cards", "400 cards", "100 events", "10,000 events", "member of 100")
    for size in (*sizes, "100 cards, 5 seen", "500 cards, 25 seen"):
        assert size in table, (size, table)
    assert f"[{BACKEND}] search: the searcher is a member of 5 of 100 boards" in table
    if BACKEND == "sqlite":  # the data set is kept for the next run
        assert list(tmp_path.glob("growth-*.db"))
