"""Lighthouse on Teamboard's four key pages: ``make lighthouse``.

A throw-away server (SQLite in a temp folder, the built frontend) with the benchmark's
200-card board; Lighthouse 12 (mobile preset: an emulated phone, simulated slow 4G and a
4x slower CPU) on ``/login`` anonymously, and on ``/boards``, ``/boards/{id}`` and
``/app/boards/{id}`` logged in. Logging in puts the real ``tb_session`` and ``tb_csrf``
cookies into the browser: with extra request headers instead the page could not read its
CSRF cookie, and the WebSocket ticket request would fail.

Each page is measured ``--runs`` times (3 by default; layout shift on a live board varies
with timing) and the table shows the median of each figure. A full run writes the table
to docs/performance-figures.md (``--no-record`` leaves it alone).

Lighthouse is installed from npm at a pinned version into ``.cache/lighthouse`` (not a
dependency of the frontend: nothing the app ships needs it). It drives Debian's Chromium
(``CHROME_PATH``, default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import log
from lib.figures import captured, record
from lib.fixtures import build_board

from devkit.api import SyncApi
from devkit.chromium import CHROMIUM_ARGS
from devkit.procs import DevkitError, tempdir
from devkit.server import FAST_HASHING, TeamboardServer, server_env, teamboard
from devkit.verified import mark_verified_now

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = ROOT / ".cache" / "lighthouse"
RUNNER = Path(__file__).resolve().parent / "lighthouse_run.mjs"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
# Lighthouse 12.2.3's trace engine reads a field that Chromium 13x no longer sends on some
# frame events and then drops the layout-shift, render-blocking and LCP-element audits.
# Skipping those events (they carry no presentation time) lets the audits run.
TRACE_PATCH = (
    "node_modules/@paulirish/trace_engine/models/trace/handlers/ScreenshotsHandler.js",
    "Object.fromEntries(pipelineReporterEvents.map(",
    "Object.fromEntries(pipelineReporterEvents"
    ".filter(evt => evt.args?.data?.beginEvent?.args?.chrome_frame_reporter).map(",
)
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}


def install_lighthouse() -> Path:
    """Lighthouse in the cache folder (installed once), patched, with the runner beside it."""
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    wanted = LIGHTHOUSE.partition("@")[2]
    if not package.exists() or json.loads(package.read_text())["version"] != wanted:
        log(f"installing {LIGHTHOUSE} into {CACHE.relative_to(ROOT)}")
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "package.json").write_text('{"private": true}\n')
        subprocess.run(  # noqa: S603 - npm with fixed arguments
            ["npm", "install", "--save-exact", "--no-audit", "--no-fund", LIGHTHOUSE],  # noqa: S607
            cwd=CACHE,
            check=True,
        )
    target = CACHE / TRACE_PATCH[0]
    text = target.read_text()
    if TRACE_PATCH[2] not in text:
        target.write_text(text.replace(TRACE_PATCH[1], TRACE_PATCH[2]))
    shutil.copyfile(RUNNER, CACHE / RUNNER.name)
    return CACHE / RUNNER.name


def cookies_for(url: str, values: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value, "url": url} for name, value in values.items()]


def run_lighthouse(
    runner: Path, pages: list[dict[str, Any]], runs: int, reports: Path | None
) -> list[dict[str, Any]]:
    job = {
        "chrome": CHROME,
        "flags": CHROME_FLAGS,
        "runs": runs,
        "reports": str(reports) if reports else None,
        "pages": pages,
    }
    done = subprocess.run(  # noqa: S603 - node with our own script
        ["node", str(runner), json.dumps(job)],  # noqa: S607
        cwd=runner.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DevkitError(f"lighthouse failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def table(results: list[dict[str, Any]], names: list[str]) -> str:
    head = f"{'page':<22} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'LCP s':>6} {'CLS':>6} {'TBT ms':>6} {'FCP s':>6}"  # noqa: E501
    lines = [head, "-" * len(head)]
    notes: list[str] = []
    for name in names:
        runs = [r for r in results if r["name"] == name]
        score = {c: median([r["scores"][c] for r in runs]) for c in CATEGORIES}
        metric = {m: median([r["metrics"][m] for r in runs]) for m in ("lcp", "cls", "tbt", "fcp")}

        def pct(value: float | None) -> str:
            return "-" if value is None else f"{round(value * 100)}"

        def num(value: float | None, scale: float, digits: int) -> str:
            return "-" if value is None else f"{value / scale:.{digits}f}"

        lines.append(
            f"{name:<22} {pct(score['performance']):>4} {pct(score['accessibility']):>4} "
            f"{pct(score['best-practices']):>4} {pct(score['seo']):>4} "
            f"{num(metric['lcp'], 1000, 2):>6} {num(metric['cls'], 1, 3):>6} "
            f"{num(metric['tbt'], 1, 0):>6} {num(metric['fcp'], 1000, 2):>6}"
        )
        failing = sorted({a for r in runs for a in r["failing"]})
        errors = sorted({e for r in runs for e in r["errors"]})
        if failing or errors:
            notes.append(f"{name}: below 0.9 in some run: {', '.join(failing + errors)}")
    return "\n".join([*lines, "", *notes]) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Lighthouse on Teamboard's key pages")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median shown)")
    parser.add_argument("--reports", type=Path, help="keep each run's JSON report here")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--no-record", action="store_true", help="leave the figures file alone")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        print("frontend/dist is missing: run `make frontend` first", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"no Chromium at {CHROME} (apt-get install chromium)", file=sys.stderr)
        return 2
    try:
        runner = install_lighthouse()
        with contextlib.ExitStack() as stack:
            work = tempdir(stack, "teamboard-lighthouse-")
            env = server_env(work / "data") | FAST_HASHING
            teamboard(["migrate"], env)
            server = TeamboardServer(env, log_path=work / "server.log")
            stack.callback(server.stop)
            server.up()
            log("building the 200-card board through the API")
            fx = build_board(server.url)
            # A member as most are: address confirmed (no banner above the board).
            mark_verified_now(server.database_url, fx.email)
            with SyncApi.connect(server.url) as api:
                session = api.page_log_in(fx.email, fx.password)
            cookies = cookies_for(server.url, {**session.cookies, "tb_csrf": session.csrf})
            pages: list[dict[str, Any]] = [
                {"name": "/login", "url": f"{server.url}/login", "cookies": []},
                {"name": "/boards", "url": f"{server.url}/boards", "cookies": cookies},
                {
                    "name": "/boards/{id} (200)",
                    "url": f"{server.url}/boards/{fx.board_id}",
                    "cookies": cookies,
                },
                {
                    "name": "/app/boards/{id}",
                    "url": f"{server.url}/app/boards/{fx.board_id}",
                    "cookies": cookies,
                },
            ]
            pages = [p for p in pages if args.only in p["name"]]
            if args.reports:
                args.reports.mkdir(parents=True, exist_ok=True)
            version = LIGHTHOUSE.partition("@")[2]
            log(f"Lighthouse {version}, mobile preset, {args.runs} run(s) a page")
            results = run_lighthouse(runner, pages, args.runs, args.reports)
    except (DevkitError, subprocess.CalledProcessError) as error:
        print(f"lighthouse: {error}", file=sys.stderr)
        return 1
    text = captured(lambda: print(table(results, [p["name"] for p in pages]), end=""))
    if not args.no_record and args.runs >= 3 and not args.only:
        # The load decides total blocking time more than anything: say what it was.
        # Lighthouse's own measure of this machine's CPU: the 4x slowdown it simulates is of
        # it, so a slower machine scores lower on the same pages.
        index = median([r.get("benchmarkIndex") for r in results])
        environment = (
            f"Lighthouse {LIGHTHOUSE.partition('@')[2]}, mobile preset, median of {args.runs} "
            f"runs, Chromium at {CHROME}, load average {load_before:.1f} before the run, "
            f"CPU benchmark index {index or 0:.0f}"
        )
        record("lighthouse", "Lighthouse (make lighthouse)", environment, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
