"""The attachments bench's measurements (bench/attachments_bench.py): the worker's memory
around one large upload and download, and the board's readers with large transfers
running beside them; and the two tables they make."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from devkit.api import expect
from lib.common import API, READ_CONNECTIONS, BenchError, log
from lib.cpu import process_cpu
from lib.instance import Instance
from lib.memory import MB, Sampler, idle_rss
from lib.scenarios import Durations, measure
from lib.transfers import Traffic, client, delete, download, random_file, upload
from lib.wrk import WrkResult, wrk

# The issues' targets: a transfer keeps the worker "within a few MB of idle"; board reads
# beside 25 MB transfers, or beside an import (lib/imports.py), have a p99 at most 20 %
# over the reads alone.
MEMORY_MAX_MB = 5.0
P99_MAX_RATIO = 1.2
WARM_UP_SIZE = 2 * 1024 * 1024
# A client slower than the server (a phone): what it has not taken yet must wait on the disk.
SLOW_READER = 20 * MB  # over the 1 MB the multipart parser keeps in memory


@dataclass
class Figures:
    memory: list[list[str]] = field(default_factory=list)
    readers: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missed: bool = False

    def verdict(self, passed: bool, target: str) -> str:
        self.missed = self.missed or not passed
        return f"{target} {'PASS' if passed else 'MISS'}"

    def print(self) -> None:
        print()
        table(
            ["transfer (streamed by the client)", "s", "MB/s", "server CPU ms", "idle RSS MB",
             "peak RSS MB", "peak - idle MB", "after - idle MB", "target"],
            self.memory,
        )  # fmt: skip
        print()
        table(
            ["GET board (200 cards), 64 connections", "req/s", "p50 ms", "p99 ms",
             "p99 x alone", "up/down", "server CPU", "peak - idle MB", "target"],
            self.readers,
        )  # fmt: skip
        print()
        for note in self.notes:
            print(f"  {note}")


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def measure_memory(tb: Instance, files: Path, size: int, figures: Figures) -> None:
    pid, card_id = tb.server.pid, tb.fx.card_ids[0]
    small, large = files / "warm-up.bin", files / "large.bin"
    random_file(small, WARM_UP_SIZE)
    sha256 = random_file(large, size)
    with client(tb.server.url, tb.fx.token) as http:
        # Imports, the thread pool and the parser's spooling to disk, all once, before idle.
        log("memory: warm-up (a 2 MiB file up, down, deleted)")
        warm = upload(http, card_id, small)
        download(http, int(warm["id"]))
        delete(http, int(warm["id"]))
        tb.server.check_alive()
        idle = idle_rss(pid)
        log(f"memory: idle RSS {idle / MB:.1f} MB; uploading {size / MB:.1f} MB")
        with Sampler(pid) as seen:
            began, cpu = time.monotonic(), process_cpu(pid)
            stored = upload(http, card_id, large)
            took, cpu = time.monotonic() - began, process_cpu(pid) - cpu
        if stored["size"] != size:
            raise BenchError(f"stored {stored['size']} bytes of {size}")
        figures.memory.append(_memory_row(figures, "upload: POST …/attachments", size, took,
                                          cpu, idle, seen.peak, idle_rss(pid)))  # fmt: skip
        for name, rate in (
            ("download: GET …/content", None),
            (f"download, read at {SLOW_READER / MB:.0f} MB/s", SLOW_READER),
        ):
            idle = idle_rss(pid)
            log(f"memory: idle RSS {idle / MB:.1f} MB; {name}")
            with Sampler(pid) as seen:
                began, cpu = time.monotonic(), process_cpu(pid)
                same = download(http, int(stored["id"]), rate)
                took, cpu = time.monotonic() - began, process_cpu(pid) - cpu
            if same != sha256:
                raise BenchError("the downloaded bytes differ from the file uploaded")
            after = idle_rss(pid)
            figures.memory.append(
                _memory_row(figures, name, size, took, cpu, idle, seen.peak, after)
            )
        delete(http, int(stored["id"]))


def _memory_row(
    figures: Figures,
    name: str,
    size: int,
    took: float,
    cpu: float,
    idle: float,
    peak: float,
    after: float,
) -> list[str]:
    grew = (peak - idle) / MB
    return [
        name,
        f"{took:.2f}",
        f"{size / MB / took:.0f}",
        f"{cpu * 1000:.0f}",
        f"{idle / MB:.1f}",
        f"{peak / MB:.1f}",
        f"{grew:+.1f}",
        f"{(after - idle) / MB:+.1f}",
        figures.verdict(grew <= MEMORY_MAX_MB, f"<= {MEMORY_MAX_MB:.0f} MB over idle"),
    ]


def other_card(base_url: str, token: str) -> int:
    """A card on a board of its own: changes there leave the read board's cache alone."""
    with client(base_url, token) as http:
        board = expect(http.post(f"{API}/boards", json={"name": "Files"}), 201, "board")
        column = expect(
            http.post(f"{API}/boards/{board['id']}/columns", json={"name": "Files"}), 201, "column"
        )
        card = expect(
            http.post(f"{API}/columns/{column['id']}/cards", json={"title": "Files"}), 201, "card"
        )
    return int(card["id"])


def measure_readers(tb: Instance, files: Path, size: int, d: Durations, figures: Figures) -> None:
    pid, fx = tb.server.pid, tb.fx
    url = f"{tb.server.url}{API}/boards/{fx.board_id}"
    bearer = {"Authorization": f"Bearer {fx.token}"}
    large = files / "large.bin"
    sha256 = random_file(large, size)
    elsewhere = other_card(tb.server.url, fx.token)
    with client(tb.server.url, fx.token) as http:  # what the downloaders read
        there, here = (int(upload(http, c, large)["id"]) for c in (elsewhere, fx.card_ids[1]))
    idle = idle_rss(pid)

    def alone(name: str, baseline: WrkResult | None) -> WrkResult:
        with Sampler(pid) as seen:
            result, _cpu = measure(name, d, tb.meter, url, connections=READ_CONNECTIONS,
                                   headers=bearer)  # fmt: skip
        memory = f"{(seen.peak - idle) / MB:+.1f}"
        figures.readers.append(
            reader_row(figures, name, result, baseline or result, ("-", "-", memory))
        )
        return result

    baseline = alone("alone (the baseline)", None)
    for name, card, stored, judged in (
        ("transfers on another board", elsewhere, there, True),
        ("transfers on the same board", fx.card_ids[2], here, False),
    ):
        traffic = Traffic(tb.server.url, fx.token, card, large, stored, sha256)
        log(f"board read, {name}: measuring {d.measure}s at {READ_CONNECTIONS} connections")
        traffic.start()
        try:
            with tb.meter.measure() as used, Sampler(pid) as seen:
                mixed = wrk(url, seconds=d.measure, connections=READ_CONNECTIONS, headers=bearer)
        finally:
            traffic.stop()
        tb.meter.wait_idle()
        if traffic.errors:
            raise BenchError(f"transfers beside the readers failed: {traffic.errors}")
        cpu = used[0]
        between = (f"{traffic.uploads}/{traffic.downloads}", f"{100 * cpu.app / cpu.wall:.0f}%",
                   f"{(seen.peak - idle) / MB:+.1f}")  # fmt: skip
        figures.readers.append(reader_row(figures, name, mixed, baseline, between, judged))
        figures.notes.append(
            f"{name}: CPU use (of {100 * (os.cpu_count() or 1)}%): server "
            f"{100 * cpu.app / cpu.wall:.0f}%, wrk {100 * cpu.wrk / cpu.wall:.0f}%, other "
            f"(the transfers' client included) {100 * cpu.other / cpu.wall:.0f}%"
        )
    alone("alone again (the noise)", baseline)
    figures.notes.append(
        f"transfers: {size / MB:.1f} MB files; one thread uploads (and deletes each again), "
        "one downloads, back to back; on the same board each upload and delete changes the "
        "board, whose next read is built afresh"
    )


class Judges(Protocol):
    notes: list[str]

    def verdict(self, passed: bool, target: str) -> str: ...


def reader_row(
    figures: Judges,
    name: str,
    result: WrkResult,
    alone: WrkResult,
    between: Sequence[str] = (),
    judged: bool = False,
) -> list[str]:
    """A readers' table row: name, req/s, p50, p99, p99 against ``alone``, the bench's own
    columns (``between``), and the verdict on the p99 when ``judged``."""
    ratio = result.p99_ms / alone.p99_ms if alone.p99_ms else 0.0
    target = ""
    if judged:
        passed = ratio <= P99_MAX_RATIO and not result.errors
        target = figures.verdict(passed, f"p99 <= {P99_MAX_RATIO:.1f} x alone")
    if result.errors:
        figures.notes.append(f"{name}: {result.errors} errors ({result.socket_errors})")
    return [
        name,
        f"{result.rps:,.0f}",
        f"{result.p50_ms:.2f}",
        f"{result.p99_ms:.2f}",
        f"{ratio:.2f}",
        *between,
        target,
    ]
