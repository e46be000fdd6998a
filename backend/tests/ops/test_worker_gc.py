"""A worker's cycle collector: its start-up objects frozen out of the full collections,
and a young generation large enough that in-flight requests are not promoted into the old
ones at every turn (teamboard/asgi.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from devkit.server import server_env

PROBE = (
    "import gc, json, teamboard.asgi as a; "
    "print(json.dumps([gc.get_threshold(), gc.get_freeze_count(), a.YOUNG]))"
)


def test_a_worker_collects_young_objects_rarely_and_never_rescans_its_start_up(
    tmp_path: Path,
) -> None:
    env = server_env(tmp_path, database_url=f"sqlite+aiosqlite:///{tmp_path / 'tb.db'}")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr[-2000:]
    threshold, frozen, young = json.loads(out.stdout.strip().splitlines()[-1])
    assert threshold[0] == young >= 10_000  # Python's default is 700
    assert frozen > 10_000  # modules, routes, mappers, templates
