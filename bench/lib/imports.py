"""The import bench's measurements (bench/import_bench.py): a large Trello export
imported alone, timed and its CPU counted, and the board's readers while it is imported
again; and the two tables they make."""

from __future__ import annotations

import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from devkit.api import expect
from lib.attachments import P99_MAX_RATIO, reader_row, table
from lib.common import API, READ_CONNECTIONS, BenchError, log
from lib.instance import Instance
from lib.scenarios import Durations, measure
from lib.transfers import client
from lib.trello_data import encoded, large_export
from lib.wrk import WrkResult, wrk

# The targets: the import of 5,000 cards and 20,000 actions finishes in under
# 30 s; board reads while it runs have a p99 at most 20 % over the reads alone
# (P99_MAX_RATIO, as beside transfers).
IMPORT_MAX_SECONDS = 30.0
POLL_SECONDS = 0.2  # GET /imports/{id} while it runs: cheap, and the end is seen at once
IMPORT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Export:
    cards: int
    actions: int
    data: bytes

    @classmethod
    def generated(cls, cards: int, actions: int) -> Export:
        return cls(cards, actions, encoded(large_export(cards, actions)))

    @property
    def mib(self) -> float:
        return len(self.data) / 1_048_576


@dataclass(frozen=True)
class ImportRun:
    upload_s: float  # the POST, until its 202
    import_s: float  # from the 202 until GET /imports/{id} says done
    ended: float  # time.monotonic() when it was seen done
    job: dict[str, Any]

    @property
    def total_s(self) -> float:
        return self.upload_s + self.import_s


def run_import(base_url: str, token: str, export: Export) -> ImportRun:
    """Uploads the export, then reads the job until it is done; checks what it made."""
    with client(base_url, token) as http:
        began = time.monotonic()
        started = expect(
            http.post(
                f"{API}/imports/trello",
                files={"file": ("board.json", export.data, "application/json")},
            ),
            202,
            "import upload",
        )
        accepted = time.monotonic()
        while True:
            job: dict[str, Any] = expect(
                http.get(f"{API}/imports/{started['id']}"), 200, "import job"
            )
            if job["status"] in ("done", "failed"):
                break
            if time.monotonic() - accepted > IMPORT_TIMEOUT:
                raise BenchError(f"import {started['id']} not done after {IMPORT_TIMEOUT:.0f}s")
            time.sleep(POLL_SECONDS)
        ended = time.monotonic()
    if job["status"] == "failed":
        raise BenchError(f"import {job['id']} failed: {job['error']}")
    imported = job["report"]["imported"]
    comments = export.actions - export.actions // 10  # one action in ten is not a comment
    if imported.get("cards") != export.cards or imported.get("comments") != comments:
        raise BenchError(f"import {job['id']} made {imported}, not {export.cards} cards")
    return ImportRun(accepted - began, ended - accepted, ended, job)


@dataclass
class Background:
    """One import in a thread of its own; ``finished`` is set when it is over, however."""

    base_url: str
    token: str
    export: Export
    run: ImportRun | None = None
    errors: list[str] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _importing(self) -> None:
        try:
            self.run = run_import(self.base_url, self.token, self.export)
        except Exception as exc:  # reported, and the bench fails
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._importing, daemon=True)
        self._thread.start()
        time.sleep(0.2)  # the upload under way before the readers start

    def wait(self) -> ImportRun:
        if self._thread is not None:
            self._thread.join(timeout=IMPORT_TIMEOUT + 60)
        if self.errors or self.run is None:
            raise BenchError(f"the import beside the readers failed: {self.errors}")
        return self.run


@dataclass
class Figures:
    db: str
    imports: list[list[str]] = field(default_factory=list)
    readers: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missed: bool = False

    def verdict(self, passed: bool, target: str) -> str:
        self.missed = self.missed or not passed
        return f"{target} {'PASS' if passed else 'MISS'}"

    def print(self) -> None:
        print()
        table(
            ["import (POST …/imports/trello, then GET …/imports/{id})", "upload s", "import s",
             "total s", "cards/s", "server CPU s", "postgres CPU s", "server CPU", "target"],
            self.imports,
        )  # fmt: skip
        print()
        table(
            ["GET board (200 cards), 64 connections", "req/s", "p50 ms", "p99 ms",
             "p99 x alone", "server CPU", "target"],
            self.readers,
        )  # fmt: skip
        print()
        for note in self.notes:
            print(f"  {note}")


def measure_alone(tb: Instance, export: Export, figures: Figures) -> None:
    """A small import first (the child process's start, the imports' code paths warmed),
    then the large one with nothing else running: the time judged."""
    log("import: warm-up (50 cards, 200 actions)")
    run_import(tb.server.url, tb.fx.token, Export.generated(50, 200))
    tb.meter.wait_idle()
    log(f"import alone: {export.cards} cards, {export.actions} actions, {export.mib:.1f} MiB")
    with tb.meter.measure() as used:
        run = run_import(tb.server.url, tb.fx.token, export)
    tb.meter.wait_idle()
    cpu = used[0]
    log(f"import alone: upload {run.upload_s:.2f}s, import {run.import_s:.1f}s")
    figures.imports.append(
        [
            "alone",
            f"{run.upload_s:.2f}",
            f"{run.import_s:.1f}",
            f"{run.total_s:.1f}",
            f"{export.cards / run.import_s:.0f}",
            f"{cpu.app:.1f}",
            f"{cpu.db:.1f}" if tb.db == "postgres" else "-",
            f"{100 * (cpu.app + cpu.db) / cpu.wall:.0f}%",
            figures.verdict(run.total_s < IMPORT_MAX_SECONDS, f"< {IMPORT_MAX_SECONDS:.0f} s"),
        ]
    )


def measure_readers(
    tb: Instance, export: Export, d: Durations, figures: Figures, rounds: int = 1
) -> None:
    """``rounds`` times: wrk alone; while the export is imported again, from its upload
    until it is done; alone again. The p99 ratio judged is the rounds' median: on a shared
    2-core machine one round's "alone" and "alone again" differ by up to a third."""
    ratios = [
        _readers_round(tb, export, d, figures, f"{n}: " if rounds > 1 else "", rounds == 1)
        for n in range(1, rounds + 1)
    ]
    if rounds > 1:
        middle = statistics.median(ratios)
        passed = middle <= P99_MAX_RATIO
        figures.readers.append(
            [f"the median of {rounds} rounds", "", "", "", f"{middle:.2f}", "",
             figures.verdict(passed, f"p99 <= {P99_MAX_RATIO:.1f} x alone")]
        )  # fmt: skip
    figures.notes.append(
        f"export: {export.cards:,} cards in 10 lists, {export.actions:,} actions "
        f"({export.actions - export.actions // 10:,} comments), a checklist on every fifth "
        f"card, {export.mib:.1f} MiB; each import makes a new board, the read board is left "
        "as it was; beside the readers wrk starts just after the upload and is stopped "
        "when the job is seen done (it is read every 0.2 s): it measures the whole import; "
        "server CPU beside the readers: the import's and the reads' together; server: the "
        "worker and its import child process"
        + (", postgres: the cluster" if tb.db == "postgres" else "")
    )


def _readers_round(
    tb: Instance, export: Export, d: Durations, figures: Figures, prefix: str, judged: bool
) -> float:
    url = f"{tb.server.url}{API}/boards/{tb.fx.board_id}"
    bearer = {"Authorization": f"Bearer {tb.fx.token}"}

    def alone_row(name: str, baseline: WrkResult | None) -> WrkResult:
        result, cpu = measure(prefix + name, d, tb.meter, url, connections=READ_CONNECTIONS,
                              headers=bearer)  # fmt: skip
        share = f"{100 * (cpu.app + cpu.db) / cpu.wall:.0f}%"
        figures.readers.append(
            reader_row(figures, prefix + name, result, baseline or result, (share,))
        )
        return result

    baseline = alone_row("alone (the baseline)", None)
    name = f"{prefix}while the import runs"
    log(f"board read, {name}: measuring until it is done, at {READ_CONNECTIONS} connections")
    importing = Background(tb.server.url, tb.fx.token, export)
    importing.start()
    with tb.meter.measure() as used:
        mixed = wrk(url, seconds=int(IMPORT_TIMEOUT), connections=READ_CONNECTIONS,
                    headers=bearer, until=importing.finished)  # fmt: skip
    run = importing.wait()
    tb.meter.wait_idle()
    cpu = used[0]
    share = f"{100 * (cpu.app + cpu.db) / cpu.wall:.0f}%"
    name = f"{name} ({mixed.seconds:.1f} s)"
    figures.readers.append(reader_row(figures, name, mixed, baseline, (share,), judged))
    figures.imports.append(
        [
            f"{prefix}beside the board reads ({READ_CONNECTIONS} connections)",
            f"{run.upload_s:.2f}",
            f"{run.import_s:.1f}",
            f"{run.total_s:.1f}",
            f"{export.cards / run.import_s:.0f}",
            f"{cpu.app:.1f}",
            f"{cpu.db:.1f}" if tb.db == "postgres" else "-",
            share,
            "",
        ]
    )
    figures.notes.append(
        f"{name}: CPU use (of {100 * (os.cpu_count() or 1)}%): server "
        f"{100 * cpu.app / cpu.wall:.0f}%"
        + (f", postgres {100 * cpu.db / cpu.wall:.0f}%" if tb.db == "postgres" else "")
        + f", wrk {100 * cpu.wrk / cpu.wall:.0f}%, other (the import's client included) "
        f"{100 * cpu.other / cpu.wall:.0f}%"
    )
    alone_row("alone again (the noise)", baseline)
    return mixed.p99_ms / baseline.p99_ms if baseline.p99_ms else 0.0
