"""The one place the benchmarks' figures live: docs/performance-figures.md, a section per
benchmark, rewritten by the benchmark's own full run (never by hand, never in prose
elsewhere: docs point at this file).

Each section sits between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``; a run
replaces its own section and leaves the others as they were.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
from collections.abc import Callable
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[2] / "docs" / "performance-figures.md"
HEADER = """# Performance figures

Written by the benchmarks themselves (`make bench`, `make bench-ws`, `make bench-nginx`,
`make bench-markdown`, `make bench-attachments`, `make bench-import`): each full run
replaces its own section below. What is measured and how to read it:
[Performance](performance.md) and `bench/README.md`. Absolute figures depend on the machine
and its load; compare a row with the baseline measured in the same run.
"""


def captured(show: Callable[[], None]) -> str:
    """What ``show`` prints, printed as well."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        show()
    text = buffer.getvalue()
    print(text, end="")
    return text


def record(name: str, title: str, environment: str, text: str, path: Path = FIGURES) -> None:
    """Replace the section ``name`` of the figures file with this run's output."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "\n".join(
        [
            f"<!-- bench:{name} -->",
            f"## {title}",
            "",
            f"{when} · {environment}",
            "",
            "```text",
            text.strip("\n"),
            "```",
            f"<!-- /bench:{name} -->",
        ]
    )
    current = path.read_text(encoding="utf-8") if path.exists() else HEADER
    key = re.escape(name)
    pattern = re.compile(rf"<!-- bench:{key} -->.*?<!-- /bench:{key} -->", re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: body, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(updated, encoding="utf-8")
    print(f"\nrecorded in {path.relative_to(path.parents[1])} (section {name})")
