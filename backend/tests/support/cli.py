"""The ``teamboard`` command as a real subprocess against its own SQLite file and data
directory, with a clean environment (no stray .env file or TEAMBOARD_* variable)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from devkit.procs import clean_environ
from devkit.server import FAST_HASHING

DEMO = "demo@example.com"
TEAMBOARD = Path(sys.executable).with_name("teamboard")


class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path
        self.env = clean_environ() | FAST_HASHING
        self.env |= {
            "TEAMBOARD_DATA_DIR": str(tmp_path / "data"),
            "TEAMBOARD_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        }

    def run(
        self, *args: str, ok: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(TEAMBOARD), *args],
            cwd=self.dir,  # no stray .env file is read
            env=self.env | (env or {}),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def export(self, board_id: int, who: str = DEMO) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(
            self.run("export-board", str(board_id), "--as", who).stdout
        )
        return document
