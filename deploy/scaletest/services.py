"""The parts of the scaled-out set-up, each started the way production starts it:
a PostgreSQL cluster, redis-server, `teamboard serve --workers N`, nginx with the
rendered deploy/nginx templates."""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from nginx.render import Edge, render
from nginx.selfsigned import self_signed_command
from scaletest.procs import HOST, Proc, SetupError, free_port, run

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REPO = Path(__file__).resolve().parents[2]


def as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: switch to the ``postgres`` account."""
    if os.geteuid() != 0:
        return cmd
    return ["su", "postgres", "-s", "/bin/sh", "-c", f"cd / && {shlex.join(cmd)}"]


class Postgres:
    """A throw-away cluster on a loopback port, stopped and started again by the checks."""

    def __init__(self, root: Path) -> None:
        if not (PG_BIN / "initdb").exists():
            raise SetupError(f"PostgreSQL 15 is not installed ({PG_BIN})")
        self.root = root / "pg"
        self.root.mkdir()
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@{HOST}:{self.port}/teamboard"
        run(
            as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            ),
            "initdb",
        )

    def pg_ctl(self, *args: str) -> None:
        options = f"-c listen_addresses={HOST} -p {self.port} -k {self.root} -c fsync=off"
        run(
            as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "postgres.log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    *args,
                ]
            ),
            f"pg_ctl {args[-1]}",
        )

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        """``-m fast``: every connection is cut, as when a database server restarts."""
        self.pg_ctl("-m", "fast", "stop")

    def create_database(self) -> None:
        run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                HOST,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "teamboard",
            ],
            "createdb",
        )

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()


class Redis(Proc):
    def __init__(self, root: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SetupError("redis-server is not installed")
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        cmd = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(root),
        ]
        super().__init__("redis", cmd, root / "redis.log")

    def up(self) -> None:
        self.start()
        self.wait_for_port(self.port, 10)


def clean_environ() -> dict[str, str]:
    """The caller's environment without TEAMBOARD_* (the Makefile exports a data dir)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}


class Instance(Proc):
    """One `teamboard serve --workers N`, as deploy/compose.yaml and docs/deploying.md run it."""

    def __init__(self, name: str, root: Path, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        data = root / name
        data.mkdir()
        cmd = [
            sys.executable,
            "-m",
            "teamboard",
            "serve",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        super().__init__(
            name,
            cmd,
            root / f"{name}.log",
            env={**env, "TEAMBOARD_DATA_DIR": str(data)},
            cwd=data,
        )

    def up(self, timeout: float = 60) -> None:
        """Started and ready: /readyz 200 (database and Redis reachable). An app without
        /readyz (404) counts as ready once it answers; the checks assert /readyz apart."""
        self.start()
        deadline = time.monotonic() + timeout
        while True:
            if not self.running():
                raise self.failed("exited")
            try:
                status = httpx.get(f"{self.url}/readyz", timeout=2).status_code
                if status in (200, 404):
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise self.failed(f"did not answer /readyz within {timeout:.0f} s")
            time.sleep(0.2)


def make_certificate(root: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: the TLS server blocks run as in production."""
    cert, key = root / "tls-cert.pem", root / "tls-key.pem"
    run(self_signed_command(cert, key, HOST), "openssl req")
    return cert, key


def build_split_spa(out: Path, api_origin: str) -> None:
    """The split-origin build (VITE_API_URL), made as docs/frontend.md tells its readers to."""
    frontend = REPO / "frontend"
    env = {**clean_environ(), "VITE_API_URL": api_origin}
    run(
        [
            "npx",
            "vite",
            "build",
            "--outDir",
            str(out),
            "--emptyOutDir",
            "--logLevel",
            "warn",
        ],
        "vite build (split origin)",
        env=env,
        cwd=frontend,
    )
    run(["node", "scripts/compress.mjs", str(out)], "compress split build", cwd=frontend)


@dataclass
class NginxPorts:
    http: int
    https: int
    spa: int


class Nginx(Proc):
    def __init__(self, root: Path, edge: Edge, ports: NginxPorts) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise SetupError("nginx is not installed")
        self.ports = ports
        self.access_log = edge.log_dir / "access.log"
        conf = render(edge, root / "nginx-conf")
        run([binary, "-t", "-q", "-p", str(root), "-c", str(conf)], "nginx -t")
        cmd = [binary, "-p", str(root), "-c", str(conf), "-g", "daemon off;"]
        super().__init__("nginx", cmd, edge.log_dir / "stdout.log")

    def up(self) -> None:
        self.start()
        for port in (self.ports.http, self.ports.https, self.ports.spa):
            self.wait_for_port(port, 15)

    def access_entries(self) -> list[str]:
        try:
            return self.access_log.read_text().splitlines()
        except OSError:
            return []
