"""Markdown rendering: what a page full of pathological Markdown costs, and whether the
server stays responsive meanwhile.

Run from the repository root: ``.venv/bin/python bench/markdown_bench.py`` (about a minute;
``make bench-markdown``). It starts a real Teamboard (SQLite, uvicorn as ``make bench`` runs
it) and, through the API, makes:

- cards with 40 comments of 20,000 characters each: nested ``![![![…`` (the security
  review's page: 19 s before, with /healthz waiting as long), the worst inputs found for
  the current renderer, and ordinary prose of the same size (the baseline);
- users whose board lists show 40 boards with 20,000-character descriptions of the same
  kinds.

Each page is read cold (every comment new, so none is memoised: a new card or user per
round) and warm, while /healthz is asked every 20 ms; /healthz alone is the latency
baseline. Then, in this process, the render cost per character of each pathological input,
next to markdown-it-py's when it is importable (what rendered Markdown before). Only
loopback addresses are used; everything started is stopped on the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import API, BenchError, log
from lib.figures import captured, record
from lib.instance import start_teamboard

from devkit.api import Session, SyncApi
from devkit.flows import SESSION_COOKIE
from devkit.procs import DevkitError

COMMENTS = 40
SIZE = 20_000
PAGE_TARGET_MS = 1_000.0
HEALTHZ_TARGET_MS = 100.0


def _prose(n: int) -> str:
    para = "Some *emphasis*, a [link](https://example.com), `code` and **bold** text.\n\n"
    return (para + "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n") * (n // 100 + 1)


KINDS: dict[str, Callable[[int], str]] = {
    "prose (baseline)": _prose,
    'nested "![" (the review)': lambda n: "![" * n,
    "worst found: <b>![": lambda n: "<b>![" * n,
    'worst found: "&"': lambda n: "&" * n,
    "worst found: table + <b>": lambda n: (
        "<b>\n\n" + "|a" * 100 + "\n" + "|-" * 100 + "\n" + "a\n" * n
    ),
}


def text(kind: str, tag: str) -> str:
    """SIZE characters of ``kind``, unique by ``tag`` (so never memoised)."""
    return (tag + KINDS[kind](SIZE))[:SIZE]


@dataclass
class Timing:
    page_ms: list[float]
    warm_ms: list[float]
    probe_ms: list[float]


async def probe(client: httpx.AsyncClient, until: asyncio.Event, into: list[float]) -> None:
    while not until.is_set():
        started = time.perf_counter()
        r = await client.get("/healthz")
        into.append((time.perf_counter() - started) * 1000)
        if r.status_code != 200:
            raise BenchError(f"/healthz: {r.status_code}")
        await asyncio.sleep(0.02)


async def timed_page(base: str, path: str, cookie: str, probes: list[float]) -> float:
    async with (
        httpx.AsyncClient(base_url=base, timeout=120, headers={"Cookie": cookie}) as pages,
        httpx.AsyncClient(base_url=base, timeout=120) as health,
    ):
        done = asyncio.Event()
        prober = asyncio.create_task(probe(health, done, probes))
        await asyncio.sleep(0.05)  # the probe is running before the page is asked for
        started = time.perf_counter()
        r = await pages.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        done.set()
        await prober
    if r.status_code != 200 or "text/html" not in r.headers.get("content-type", ""):
        raise BenchError(f"GET {path}: {r.status_code} {r.text[:300]}")
    return elapsed


def page_cookie(session: Session) -> str:
    """What a browser sends with a page request: the session cookie."""
    return f"{SESSION_COOKIE}={session.cookies[SESSION_COOKIE]}"


def login(base: str, email: str, password: str) -> Session:
    """A browser session from ``POST /auth/login`` (one log-in per user: the address's
    log-in throttle allows 30 in 5 minutes)."""
    with SyncApi.connect(base) as api:
        return api.browser_log_in(email, password)


def card_with_comments(base: str, session: Session, column_id: int, kind: str, round_: int) -> int:
    with SyncApi.connect(base, timeout=60) as api:
        card = api.card(session, column_id, f"{kind} {round_}")
        for i in range(COMMENTS):
            api.comment(session, card["id"], text(kind, f"{round_:02}{i:02}"))
    return int(card["id"])


def user_with_boards(base: str, kind: str, round_: int) -> Session:
    email = f"md{round_}-{list(KINDS).index(kind)}@example.com"
    password = "bench-" + secrets.token_urlsafe(12)
    with SyncApi.connect(base, timeout=60) as api:
        api.sign_up("Bench", email=email, password=password, log_in=False)
        session = api.browser_log_in(email, password)
        for i in range(COMMENTS):
            data = {"name": f"B{i}", "description": text(kind, f"{round_:02}{i:02}")}
            api.call(session, "POST", f"{API}/boards", status=201, json=data)
    return session


def measure_page(base: str, session: Session, path: str) -> tuple[float, float, list[float]]:
    probes: list[float] = []
    cold = asyncio.run(timed_page(base, path, page_cookie(session), probes))
    warm = asyncio.run(timed_page(base, path, page_cookie(session), []))
    return cold, warm, probes


def server_rows(rounds: int) -> list[list[str]]:
    rows: list[list[str]] = []
    with contextlib.ExitStack() as stack:
        tb = start_teamboard(stack, "sqlite", None)
        base, fx = tb.server.url, tb.fx
        session = login(base, fx.email, fx.password)
        idle: list[float] = []

        async def idle_probe() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                done = asyncio.Event()
                task = asyncio.create_task(probe(client, done, idle))
                await asyncio.sleep(2)
                done.set()
                await task

        asyncio.run(idle_probe())
        rows.append(["/healthz alone", "-", "-", "-", _ms(idle), ""])
        for page in ("card", "boards"):
            baseline = None
            for kind in KINDS:
                timings = Timing([], [], [])
                for r in range(rounds):
                    if page == "card":
                        log(f"card page: {COMMENTS} comments, {kind}, round {r + 1}")
                        card_id = card_with_comments(base, session, fx.column_ids[0], kind, r)
                        cold, warm, probes = measure_page(base, session, f"/cards/{card_id}")
                    else:
                        log(f"board list: {COMMENTS} descriptions, {kind}, round {r + 1}")
                        owner = user_with_boards(base, kind, r)
                        cold, warm, probes = measure_page(base, owner, "/boards")
                    timings.page_ms.append(cold)
                    timings.warm_ms.append(warm)
                    timings.probe_ms += probes
                    tb.check_alive()
                cold_ms = statistics.median(timings.page_ms)
                baseline = baseline or cold_ms
                verdict = _verdict(max(timings.page_ms), max(timings.probe_ms))
                name = "/cards/{id}" if page == "card" else "/boards"
                rows.append(
                    [
                        f"{name}: {kind}",
                        f"{cold_ms:,.0f} (max {max(timings.page_ms):,.0f})",
                        f"{statistics.median(timings.warm_ms):,.0f}",
                        f"{cold_ms / baseline:.2f}",
                        _ms(timings.probe_ms),
                        verdict if kind != "prose (baseline)" else "baseline",
                    ]
                )
    return rows


def _ms(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.1f} / {max(values):.1f} ({len(values)})"


def _verdict(page_ms: float, probe_ms: float) -> str:
    page = "PASS" if page_ms < PAGE_TARGET_MS else "MISS"
    health = "PASS" if probe_ms < HEALTHZ_TARGET_MS else "MISS"
    return f"page < {PAGE_TARGET_MS:.0f} ms {page}; /healthz < {HEALTHZ_TARGET_MS:.0f} ms {health}"


def _markdown_it_py() -> Callable[[str], str] | None:
    """What rendered the pages' Markdown before: markdown-it-py and the same nh3 call, if
    markdown-it-py is installed (other packages bring it)."""
    try:
        import nh3
        from markdown_it import MarkdownIt
    except ImportError:
        return None
    from teamboard.web.markdown import ATTRIBUTES, LINK_REL, TAGS, URL_SCHEMES

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

    def render(text: str) -> str:
        return str(
            nh3.clean(md.render(text), tags=TAGS, attributes=ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel=LINK_REL, strip_comments=True)
        )  # fmt: skip

    return render


def render_rows() -> list[list[str]]:
    """In this process: the render cost of one 20,000-character text of each kind."""
    from teamboard.web.markdown import _render

    old = _markdown_it_py()
    inputs = {
        **{kind: make(SIZE) for kind, make in KINDS.items()},
        '"[" nested': "[" * SIZE,
        '"*a_" emphasis': "*a_" * SIZE,
        "<a> tags": "<a>" * SIZE,
        "table bomb (2,000 columns)": "|a" * 2000 + "\n" + "|-" * 2000 + "\n" + "a\n" * SIZE,
        '">" x 20,000 (quotes)': ">" * SIZE,
    }
    rows = []
    for name, raw in inputs.items():
        source = raw[:SIZE]
        now = _best(partial(_render, source))
        before = _best(partial(old, source), tries=1) if old else None
        rows.append(
            [
                name,
                f"{now * 1000:.2f}",
                f"{now * 1e6 / len(source):.3f}",
                f"{before * 1000:.1f}" if before is not None else "-",
                f"{before / now:.0f}" if before is not None else "-",
            ]
        )
    return rows


def _best(call: Callable[[], object], tries: int = 5) -> float:
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Markdown rendering cost (loopback only)")
    parser.add_argument("--rounds", type=int, default=3, help="cold reads per scenario")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--no-record", action="store_true", help="do not write docs/performance-figures.md"
    )
    args = parser.parse_args(argv)
    try:
        rows = server_rows(args.rounds)
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        return 1

    def show() -> None:
        print(f"\n{COMMENTS} texts of {SIZE:,} characters per page; times in ms")
        print_table(
            ["page", "cold (median)", "warm", "x prose", "/healthz p50 / max (n)", "target"], rows
        )
        print("\nOne 20,000-character text, rendered in this process (best of 5; old: 1 try)")
        print_table(["input", "ms", "us/char", "markdown-it-py ms", "x faster"], render_rows())

    text = captured(show)
    if not args.no_record:
        record("markdown", "Markdown (`make bench-markdown`)", f"{os.cpu_count()} CPUs", text)
    missed = any("MISS" in row[-1] for row in rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
