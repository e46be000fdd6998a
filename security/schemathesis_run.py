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
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx

HOST = "127.0.0.1"
HERE = Path(__file__).resolve().parent
CONFIG = HERE / "schemathesis.toml"
EMAIL = "fuzz@example.com"
# The server's own settings for the run: nothing from the caller's environment leaks in.
SERVER_SETTINGS = {
    # Thousands of log-ins and sign-ups in a few minutes: the throttles must not answer
    # them all with 429 (schemathesis would learn nothing), yet stay switched on.
    "TEAMBOARD_LOGIN_MAX_PER_ACCOUNT": "1000",
    "TEAMBOARD_LOGIN_MAX_PER_ADDRESS": "1000000",
    "TEAMBOARD_LOGIN_ACCOUNT_CEILING": "1000",
    "TEAMBOARD_SIGNUP_MAX_PER_ADDRESS": "100000",
    "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ACCOUNT": "100000",
    "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ADDRESS": "100000",
    # Every sign-up and log-in hashes a password: cheap hashes keep the run quick.
    "TEAMBOARD_ARGON2_TIME_COST": "1",
    "TEAMBOARD_ARGON2_MEMORY_KIB": "8192",
    "TEAMBOARD_ACCESS_TOKEN_MINUTES": "15",
    "TEAMBOARD_LOG_FORMAT": "text",
    "TEAMBOARD_LOG_LEVEL": "warning",
}


def log(message: str) -> None:
    print(f"[schemathesis-run] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def teamboard(args: list[str], env: Mapping[str, str], cwd: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "teamboard", *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"teamboard {args[0]} failed:\n{done.stdout}{done.stderr}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)


@contextlib.contextmanager
def server(workdir: Path, env: Mapping[str, str]) -> Iterator[str]:
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [sys.executable, "-m", "teamboard", "serve", "--host", HOST, "--port", str(port)],
            cwd=workdir,  # no stray .env from the caller's folder
            env=dict(env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited ({proc.returncode}):\n{log_path.read_text()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        stop(proc)
        crashes = [line for line in log_path.read_text().splitlines() if "ERROR" in line]
        if crashes:
            log(f"the server logged {len(crashes)} errors; the first ones:")
            for line in crashes[:20]:
                print(f"    {line}", file=sys.stderr)


def access_token(url: str, password: str) -> str:
    response = httpx.post(
        f"{url}/api/v1/auth/token", data={"username": EMAIL, "password": password}, timeout=30
    )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


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
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}
        env |= SERVER_SETTINGS | {
            "TEAMBOARD_DATA_DIR": str(workdir / "data"),
            "TEAMBOARD_SECRET_KEY": secrets.token_urlsafe(48),
        }
        password = secrets.token_urlsafe(24)
        teamboard(["migrate"], env, workdir)
        teamboard(
            ["create-user", EMAIL, "--name", "Fuzz", "--admin"],
            env | {"TEAMBOARD_NEW_PASSWORD": password},
            workdir,
        )
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
            token = access_token(url, password)
            log(f"server {url}; {' '.join(command[3:])}")
            status = subprocess.call(  # noqa: S603 - fixed argv, no shell
                command, env=env | {"TEAMBOARD_FUZZ_TOKEN": token}, cwd=HERE
            )
    log(f"finished in {time.monotonic() - started:.0f} s, exit status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
