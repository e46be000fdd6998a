"""The growth benchmark's measurements: each operation timed one request at a time (the
cost of one request, not a throughput), the sizes of one row interleaved round by round so
that the machine's load falls on all of them alike, and the ratio to the smallest size.

A board read or page is timed right after a move of one of its cards: the server answers a
repeated read from memory (cards/board_read.py), and what grows with the board is the first
read after a change."""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from devkit.api import SyncApi
from lib.common import API, BenchError, log
from lib.scale_data import OWNER, PASSWORD, QUIET_EVENTS, DataSet, Sizes

PAGE_MAX_MS = 300.0
# One timed request: (ms, response bytes, the server's CPU ms for it, NaN when unknown).
Op = Callable[[], tuple[float, int, float]]
CpuSeconds = Callable[[], float]  # the server's CPU so far (and its database's)


@dataclass(frozen=True)
class Cell:
    size: str
    p50_ms: float
    p90_ms: float
    bytes: int
    cpu_ms: float | None = None  # the server's mean CPU time per request
    p99_ms: float | None = None  # measured under load (wrk) only


@dataclass
class GrowthRow:
    measure: str
    db: str
    cells: list[Cell]
    max_ratio: float | None  # the bound on the largest size over the smallest
    unit: str = "ms"  # what p50/p90 count ("MB" for the memory row)
    notes: list[str] = field(default_factory=list)
    limit: tuple[str, float] | None = None  # an absolute bound: (size, most p50 ms)
    base: int = 0  # the cell the largest size's ratio is held to (max_ratio)
    held: str = "p50"  # what the ratio and the limit are of: "p50", or "p99" (wrk's rows)

    def value(self, cell: Cell) -> float:
        if self.held == "p99" and cell.p99_ms is not None:
            return cell.p99_ms
        return cell.p50_ms

    def within_limit(self, cell: Cell) -> bool | None:
        if self.limit is None or cell.size != self.limit[0]:
            return None
        if self.held == "p99":
            return self.value(cell) <= self.limit[1]
        return (cell.cpu_ms if cell.cpu_ms is not None else cell.p50_ms) <= self.limit[1]

    def ratio(self, cell: Cell) -> float:
        base = self.value(self.cells[0])
        return self.value(cell) / base if base else float("inf")

    @property
    def passed(self) -> bool | None:
        verdicts = [v for v in map(self.within_limit, self.cells) if v is not None]
        if self.max_ratio is not None and self.cells:
            verdicts.append(self.held_ratio() <= self.max_ratio)
        return all(verdicts) if verdicts else None

    def held_ratio(self) -> float:
        """The largest size's p50 (or p99) over the base cell's."""
        base = self.value(self.cells[self.base])
        return self.value(self.cells[-1]) / base if base else float("inf")


def sample(ops: dict[str, Op], rounds: int) -> list[Cell]:
    """``rounds`` timings of each op (after one untimed round), interleaved."""
    for op in ops.values():
        op()
    times: dict[str, list[float]] = {name: [] for name in ops}
    cpu: dict[str, list[float]] = {name: [] for name in ops}
    sizes: dict[str, int] = {}
    for _ in range(rounds):
        for name, op in ops.items():
            ms, size, cpu_ms = op()
            times[name].append(ms)
            cpu[name].append(cpu_ms)
            sizes[name] = size
    return [
        # CPU: the mean, as /proc counts in clock ticks (10 ms); NaN where not measured.
        Cell(name, statistics.median(t), _p90(t), sizes[name], _mean(cpu[name]))
        for name, t in times.items()
    ]


def _mean(values: list[float]) -> float | None:
    known = [v for v in values if not math.isnan(v)]
    return statistics.fmean(known) if known else None


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


class Client:
    """One keep-alive HTTP connection with the owner's bearer token and page session."""

    def __init__(self, base_url: str, cpu: CpuSeconds | None = None, email: str = OWNER) -> None:
        self.base_url = base_url
        self.cpu = cpu
        with SyncApi.connect(base_url, follow_redirects=False) as api:
            self.token = api.tokens(email, PASSWORD)["access_token"]
            self.session = api.page_log_in(email, PASSWORD)
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.bearer = {"Authorization": f"Bearer {self.token}"}
        self.cookie = {"Cookie": self.session.cookie_header}

    def timed(self, method: str, path: str, *, page: bool = False, **options: object) -> Op:
        headers = self.cookie if page else self.bearer

        def op() -> tuple[float, int, float]:
            cpu = self.cpu() if self.cpu else math.nan
            started = time.perf_counter()
            response = self.http.request(method, path, headers=headers, **options)  # type: ignore[arg-type]
            elapsed = (time.perf_counter() - started) * 1000
            cpu_ms = (self.cpu() - cpu) * 1000 if self.cpu else math.nan
            if response.status_code >= 400:
                raise BenchError(f"{method} {path}: {response.status_code} {response.text[:300]}")
            return elapsed, len(response.content), cpu_ms

        return op

    def close(self) -> None:
        self.http.close()


class Mover:
    """Moves random cards of one board to a random place near the top of a random column."""

    def __init__(self, client: Client, columns: list[int], cards: list[int]) -> None:
        self.client, self.columns, self.cards = client, columns, cards
        self.random = random.Random(len(cards))  # noqa: S311 - not for security

    def path_and_body(self) -> tuple[str, dict[str, int]]:
        card = self.random.choice(self.cards)
        body = {
            "column_id": self.random.choice(self.columns),
            "position": self.random.randint(0, 10),
        }
        return f"{API}/cards/{card}/move", body

    def move(self) -> tuple[float, int, float]:
        path, body = self.path_and_body()
        return self.client.timed("POST", path, json=body)()

    def then(self, op: Op) -> Op:
        """``op`` timed right after an untimed move: the board changed, nothing memoised."""

        def after_move() -> tuple[float, int, float]:
            self.move()
            return op()

        return after_move


def board_rows(client: Client, ds: DataSet, sizes: Sizes, db: str, rounds: int) -> list[GrowthRow]:
    movers = {n: Mover(client, ds.columns[b], ds.cards[b]) for n, b in ds.card_boards.items()}
    label = {n: f"{n:,} cards" for n in sizes.cards}
    small, large = sizes.cards[0], sizes.cards[-1]
    linear = 1.2 * large / small  # what returns more grows linearly (10,000 / 200 = 50, ≤ 60)
    reads = {
        label[n]: movers[n].then(client.timed("GET", f"{API}/boards/{b}"))
        for n, b in ds.card_boards.items()
    }
    pages = {
        label[n]: movers[n].then(client.timed("GET", f"/boards/{b}", page=True))
        for n, b in ds.card_boards.items()
    }
    moves = {label[n]: movers[n].move for n in sizes.cards}
    log(f"[{db}] board read, page and move at {', '.join(label.values())}")
    return [
        GrowthRow("board JSON read, after a change", db, sample(reads, rounds), linear),
        GrowthRow(
            "board page (no JS), after a change",
            db,
            sample(pages, rounds),
            None,
            # The bound on a 2,000-card board's page (server time; on loopback the
            # transfer of a few hundred KiB is a fraction of a millisecond).
            limit=(label[sizes.cards[1]], PAGE_MAX_MS),
        ),
        GrowthRow("card move", db, sample(moves, rounds), 1.5),
    ]


def activity_rows(
    client: Client, ds: DataSet, sizes: Sizes, db: str, rounds: int
) -> list[GrowthRow]:
    label = {n: f"{n:,} events" for n in sizes.events}
    first = {
        label[n]: client.timed("GET", f"{API}/boards/{b}/activity", params={"limit": 50})
        for n, b in ds.event_boards.items()
    }
    # A page 90 % of the way back into the log: the same depth (in pages) at both sizes
    # would be no test of a keyset; the same position relative to the newest is.
    deep = {
        label[n]: client.timed(
            "GET",
            f"{API}/boards/{b}/activity",
            params={"limit": 50, "offset": min(n * 9 // 10, n - 50)},
        )
        for n, b in ds.event_boards.items()
    }
    card = {
        label[n]: client.timed("GET", f"{API}/cards/{ds.quiet_cards[n]}/activity")
        for n in sizes.events
    }
    log(f"[{db}] activity at {', '.join(label.values())}")
    return [
        GrowthRow("board activity, first page", db, sample(first, rounds), 1.5),
        GrowthRow("board activity, page 90% back", db, sample(deep, rounds), 1.5),
        GrowthRow("card activity (10 of the events)", db, sample(card, rounds), 1.5),
    ]


def board_list_rows(
    base_url: str, cpu: CpuSeconds | None, ds: DataSet, db: str, rounds: int
) -> list[GrowthRow]:
    clients = {n: Client(base_url, cpu, email) for n, email in sorted(ds.members.items())}
    try:
        label = {n: f"member of {n:,}" for n in clients}
        pages = {label[n]: c.timed("GET", "/boards", page=True) for n, c in clients.items()}
        api = {label[n]: c.timed("GET", f"{API}/boards") for n, c in clients.items()}
        log(f"[{db}] board lists at {', '.join(label.values())}")
        # Both show 50 boards at most: the many boards' list is held to the list of one
        # page's worth, which shows as many (the few boards' list shows fewer).
        return [
            GrowthRow("/boards page", db, sample(pages, rounds), 1.5, base=1),
            GrowthRow("GET /api/v1/boards", db, sample(api, rounds), 1.5, base=1),
        ]
    finally:
        for client in clients.values():
            client.close()


def check_shown(client: Client, ds: DataSet) -> None:
    """The rows measure real answers: every board has its cards, the logs their events."""
    for count, board_id in ds.card_boards.items():
        board = _json(client, f"{API}/boards/{board_id}")
        shown = sum(len(c["cards"]) for c in board["columns"])
        if shown != count:
            raise BenchError(f"board {board_id} shows {shown} cards, expected {count}")
    for count, board_id in ds.event_boards.items():
        page = _json(client, f"{API}/boards/{board_id}/activity")
        if page["total"] != count or len(page["items"]) != 50:
            raise BenchError(f"board {board_id}: {page['total']} events, expected {count}")
        card = _json(client, f"{API}/cards/{ds.quiet_cards[count]}/activity")
        if card["total"] != QUIET_EVENTS:
            raise BenchError(f"the quiet card of board {board_id} has {card['total']} events")


def _json(client: Client, path: str) -> Any:
    response = client.http.get(path, headers=client.bearer)
    if response.status_code != 200:
        raise BenchError(f"GET {path}: {response.status_code} {response.text[:500]}")
    return response.json()
