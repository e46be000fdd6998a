"""One fan-out scenario: idle memory per socket, then timed publishes to every socket."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from lib.common import log
from lib.cpu import process_cpu
from lib.ws_clients import ClientFleet, Target, split
from lib.ws_report import Fanout
from lib.ws_servers import Proc, rss_kib, server_errors


def server_cpu(servers: list[Proc]) -> float:
    """CPU seconds the servers used so far (the publishing requests included)."""
    return sum(process_cpu(pid) for server in servers for pid in server.pids())


WARM_SOCKETS = 20
SETTLE_S = 2.0  # after the sockets open: let the servers finish their subscribe work


@dataclass(frozen=True)
class Plan:
    publishes: int
    interval_s: float  # from one publish request to the next: well below saturation
    procs: int  # client processes


def targets_for(
    make: Callable[[Proc], Target], servers: list[Proc], total: int, procs: int
) -> list[Target]:
    """``procs`` client processes, spread evenly over the servers; ``total`` sockets."""
    out = []
    for index, count in enumerate(split(total, procs)):
        base = make(servers[index % len(servers)])
        out.append(Target(base.ws_url, base.origin, base.cookie, base.board_id, count))
    return out


def warm_up(
    make: Callable[[Proc], Target], servers: list[Proc], publish: Callable[[], int]
) -> None:
    """A few sockets and publishes first: code paths, caches and pools are set up before
    the memory is read, so the growth measured is the sockets'."""
    fleet = ClientFleet(targets_for(make, servers, WARM_SOCKETS * len(servers), len(servers)))
    try:
        fleet.wait_ready(timeout=60)
        keys = [publish() for _ in range(3)]
        fleet.finish(keys)
    finally:
        fleet.close()
    time.sleep(1.0)


def measure(
    stack: contextlib.ExitStack,
    scenario: str,
    servers: list[Proc],
    make: Callable[[Proc], Target],
    clients: int,
    plan: Plan,
    publish: Callable[[], int],
) -> Fanout:
    log(f"{scenario}: warm-up")
    warm_up(make, servers, publish)
    before = rss_kib(servers)
    log(f"{scenario}: {clients} sockets from {plan.procs} client process(es)")
    fleet = ClientFleet(targets_for(make, servers, clients, plan.procs))
    stack.callback(fleet.close)
    fleet.wait_ready(timeout=300)
    time.sleep(SETTLE_S)
    after = rss_kib(servers)
    mem_kb = (after - before) * 1024 / 1000 / clients
    log(
        f"{scenario}: server RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB "
        f"({mem_kb:.1f} KB/conn)"
    )

    cpu_before = server_cpu(servers)
    sent: dict[int, float] = {}
    log(f"{scenario}: {plan.publishes} publishes, one every {plan.interval_s * 1000:.0f} ms")
    next_at = time.monotonic()
    for _ in range(plan.publishes):
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.monotonic()
        sent[publish()] = started
        next_at = started + plan.interval_s
    for server in servers:
        server.check_alive()
    tally = fleet.finish(list(sent))
    cpu_s = server_cpu(servers) - cpu_before
    fleet.close()

    notes = [f"event frame: {fleet.event_bytes} bytes", *fleet.ended]
    latencies = []
    received = 0
    for key, started in sent.items():
        count, last = tally.get(key, (0, started))
        received += min(count, clients)
        latencies.append((last - started) * 1000)
        if count != clients:
            notes.append(f"seq {key}: {count} of {clients} clients got it")
    extra = set(tally) - set(sent)
    if extra:
        notes.append(f"events nobody published: seqs {sorted(extra)[:10]}")
    span = max((last for _, last in tally.values()), default=0.0) - min(sent.values())
    return Fanout(
        scenario=scenario,
        clients=clients,
        publishes=plan.publishes,
        received=received,
        latencies_ms=latencies,
        messages_per_s=received / span if span > 0 else 0.0,
        mem_per_conn_kb=mem_kb,
        cpu_us_per_msg=cpu_s * 1e6 / received if received else 0.0,
        notes=[*notes[:10], *server_errors(servers)],
    )
