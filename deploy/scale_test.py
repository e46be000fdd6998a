"""`make scale-test`: Teamboard scaled out on loopback — PostgreSQL, Redis, an S3 server
holding every instance's files, two `teamboard serve --workers 2` instances and nginx
running the rendered deploy/nginx templates — and the checks the deployment has to pass,
each printed as it is established, then a summary. Exit status 1 when any check fails.
Everything started is stopped and every folder removed, also on failure or Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scaletest
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from devkit.procs import StartError, tail
from scaletest import cluster as cluster_mod
from scaletest.check_files import shared_files
from scaletest.check_live import cross_instance, failover
from scaletest.check_mail import mail_once
from scaletest.check_outages import login_limits, postgres_restart, redis_outage
from scaletest.check_story import user_story
from scaletest.cluster import Cluster
from scaletest.report import Out, Outcome, table

Check = Callable[[Cluster, Out], Awaitable[None]]
CHECKS: list[tuple[str, str, Check]] = [
    ("a", "user story through nginx (TLS, SPA both ways)", user_story),
    ("b", "change on instance 2 reaches a socket on instance 1", cross_instance),
    ("c", "instance stopped under load: resume, nothing lost", failover),
    ("d", "PostgreSQL restarted: clean 503s, then recovery", postgres_restart),
    ("e", "Redis stopped: API works, live updates resume", redis_outage),
    ("f", "mail and reminders once from four senders, SMTP down and up", mail_once),
    ("g", "files in one S3 bucket: stored on 1, served and deleted on 2", shared_files),
    # Last: it spends the log-in limit of the one address every client comes from.
    ("h", "log-in limits shared, forwarded headers trusted", login_limits),
]
CHECK_TIMEOUT = 150  # seconds: a hang is a failure, not a stuck CI job


def show_logs(cluster: Cluster) -> None:
    logs = [
        *(i.log_path for i in cluster.instances),
        cluster.nginx.access_log.parent / "error.log",
        cluster.redis.log_path,
        cluster.postgres.log_path,
    ]
    for path in filter(None, logs):
        print(f"\n--- {path.name} (last lines)\n{tail(path, 15)}")


async def run_checks(cluster: Cluster, only: set[str]) -> list[Outcome]:
    outcomes = []
    for key, title, check in CHECKS:
        if only and key not in only:
            continue
        outcome = Outcome(key, title)
        outcomes.append(outcome)
        print(f"\n({key}) {title}", flush=True)
        began = time.monotonic()
        try:
            await asyncio.wait_for(check(cluster, Out(outcome)), CHECK_TIMEOUT)
            outcome.passed = True
        except TimeoutError:
            outcome.failure = f"no result within {CHECK_TIMEOUT} s"
        except Exception as exc:
            outcome.failure = f"{type(exc).__name__}: {exc}"
        outcome.seconds = time.monotonic() - began
        if not outcome.passed:
            print(f"    FAIL  {outcome.failure}", flush=True)
    return outcomes


def main(argv: list[str]) -> int:
    only = {a.strip("()") for a in argv}  # e.g. `scale_test.py b c` while iterating
    started = time.monotonic()
    # SIGTERM (a CI timeout) unwinds like Ctrl-C, so the ExitStack stops everything.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.ExitStack() as stack:
        try:
            cluster = cluster_mod.start(stack)
        except StartError as exc:
            print(f"\nset-up failed: {exc}", file=sys.stderr)
            return 1
        print(
            f"· up in {time.monotonic() - started:.0f} s: nginx {cluster.public_origin} "
            f"(SPA origin {cluster.spa_origin}) → instances "
            f"{', '.join(i.url for i in cluster.instances)}",
            flush=True,
        )
        outcomes = asyncio.run(run_checks(cluster, only))
        if not all(o.passed for o in outcomes):
            show_logs(cluster)
        print(table(outcomes, started), flush=True)
        print("· stopping everything …", flush=True)
    return 0 if outcomes and all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
