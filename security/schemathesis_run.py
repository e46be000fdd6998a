"""Schemathesis over the whole OpenAPI document, against a real server.

``make security`` runs it from the repository root: ``.venv/bin/python
security/schemathesis_run.py``. It starts ``teamboard serve`` on a free loopback port
with a fresh SQLite database in a temporary folder (migrated), creates an administrator,
hands schemathesis a bearer token for it, runs every phase with every check as
``security/schemathesis.toml`` configures them, and stops the server again, also after
an error or Ctrl-C. The exit status is schemathesis's: non-zero on any finding.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from devkit.api import SyncApi
from devkit.procs import StartError
from devkit.server import TeamboardServer, server_env, teamboard

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "schemathesis.toml"
EMAIL = "fuzz@example.com"
# The server's own settings for the run: nothing from the caller's environment leaks in.
SERVER_SETTINGS = {
    # Thousands of log-ins and sign-ups in a few minutes: the throttles must not answer
    # them all with 429 (schemathesis would learn nothing), yet stay switched on.
    "login_max_per_account": 1000,
    "login_max_per_address": 1_000_000,
    "login_account_ceiling": 1000,
    "signup_max_per_address": 100_000,
    "email_lookup_max_per_account": 100_000,
    "email_lookup_max_per_address": 100_000,
    # Every sign-up and log-in hashes a password: cheap hashes keep the run quick.
    "argon2_time_cost": 1,
    "argon2_memory_kib": 8192,
    "access_token_minutes": 15,
    "log_format": "text",
    "log_level": "warning",
}


def log(message: str) -> None:
    print(f"[schemathesis-run] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def server(workdir: Path, env: Mapping[str, str]) -> Iterator[str]:
    """``teamboard serve`` (its log in ``workdir``), stopped however the run ends; the
    errors it logged are shown afterwards."""
    log_path = workdir / "server.log"
    proc = TeamboardServer(env, log_path=log_path, own_base_url=False)
    try:
        try:
            proc.up()
        except StartError as exc:
            raise SystemExit(f"the server did not start:\n{exc}") from None
        yield proc.url
    finally:
        proc.stop()
        crashes = [line for line in log_path.read_text().splitlines() if "ERROR" in line]
        if crashes:
            log(f"the server logged {len(crashes)} errors; the first ones:")
            for line in crashes[:20]:
                print(f"    {line}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, help="seconds for the whole schemathesis run")
    parser.add_argument("--seed", type=int, help="reproduce an earlier run's generated data")
    parser.add_argument(
        "schemathesis_args", nargs="*", help="passed on to `schemathesis run` (after --)"
    )
    options = parser.parse_args()

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="teamboard-schemathesis-") as scratch:
        workdir = Path(scratch)
        env = server_env(workdir / "data", **SERVER_SETTINGS)
        password = secrets.token_urlsafe(24)
        try:
            teamboard(["migrate"], env, workdir)
            teamboard(
                ["create-user", EMAIL, "--name", "Fuzz", "--admin"],
                env | {"TEAMBOARD_NEW_PASSWORD": password},
                workdir,
            )
        except StartError as exc:
            raise SystemExit(str(exc)) from None
        with server(workdir, env) as url:
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "--config-file",
                str(CONFIG),
                "run",
                f"{url}/openapi.json",
                "--report-dir",
                str(workdir / "report"),
            ]
            if options.max_time:
                command += ["--max-time", str(options.max_time)]
            if options.seed is not None:
                command += ["--seed", str(options.seed)]
            command += options.schemathesis_args
            with SyncApi.connect(url) as api:
                token = api.tokens(EMAIL, password)["access_token"]
            log(f"server {url}; {' '.join(command[3:])}")
            status = subprocess.call(  # noqa: S603 - fixed argv, no shell
                command, env=env | {"TEAMBOARD_FUZZ_TOKEN": token}, cwd=HERE
            )
    log(f"finished in {time.monotonic() - started:.0f} s, exit status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
