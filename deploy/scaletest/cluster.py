"""Brings the whole set-up up on loopback — PostgreSQL, Redis, two instances, nginx (TLS,
the same-origin app and the split-origin SPA) — and down again, whatever happens."""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from nginx.render import Edge
from scaletest.procs import HOST, free_port, run
from scaletest.services import (
    REPO,
    Instance,
    Nginx,
    NginxPorts,
    Postgres,
    Redis,
    build_split_spa,
    clean_environ,
    make_certificate,
)

SECRET = "scale-test-secret-shared-by-every-instance-0123456789"  # noqa: S105 - throw-away
WORKERS = 2  # per instance: the supervisor-and-workers shape production runs
MAX_BODY = 1_048_576
# Log-in attempts per client address per window, shared by all instances through Redis.
LOGIN_MAX_PER_ADDRESS = 40
# Long, so that live updates between instances can only come from the Redis relay: the
# Redis check would otherwise pass on the poller alone.
POLL_SECONDS = 60


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Cluster:
    root: Path
    postgres: Postgres
    redis: Redis
    instances: list[Instance]
    nginx: Nginx
    public_origin: str
    spa_origin: str
    tls: ssl.SSLContext

    @property
    def http_origin(self) -> str:
        return f"http://{HOST}:{self.nginx.ports.http}"


def _instance_env(pg: Postgres, redis: Redis, public: str, spa: str) -> dict[str, str]:
    return clean_environ() | {
        "TEAMBOARD_DATABASE_URL": pg.url,
        "TEAMBOARD_SECRET_KEY": SECRET,
        "TEAMBOARD_BASE_URL": public,
        "TEAMBOARD_CORS_ORIGINS": spa,
        "TEAMBOARD_TRUSTED_PROXIES": HOST,  # nginx's address, and only it
        "TEAMBOARD_REDIS_URL": redis.url,
        "TEAMBOARD_FRONTEND_DIST": str(REPO / "frontend" / "dist"),
        "TEAMBOARD_MAX_BODY_BYTES": str(MAX_BODY),
        "TEAMBOARD_LOGIN_MAX_PER_ADDRESS": str(LOGIN_MAX_PER_ADDRESS),
        # Every client comes through nginx from one address: sign-ups and members by
        # e-mail must not be what the test measures.
        "TEAMBOARD_SIGNUP_MAX_PER_ADDRESS": "100000",
        "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ACCOUNT": "100000",
        "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ADDRESS": "100000",
        "TEAMBOARD_REALTIME_POLL_SECONDS": str(POLL_SECONDS),
        # Cheap hashing: the test measures the set-up, not argon2.
        "TEAMBOARD_ARGON2_TIME_COST": "1",
        "TEAMBOARD_ARGON2_MEMORY_KIB": "1024",
    }


def start(stack: contextlib.ExitStack) -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="teamboard-scale-"))
    stack.callback(shutil.rmtree, root, True)
    # nginx's workers run as nobody: they must be able to read the split build below.
    root.chmod(0o755)
    say(f"· run folder {root} (logs of every process; removed at the end)")
    ports = NginxPorts(http=free_port(), https=free_port(), spa=free_port())
    public, spa = f"https://{HOST}:{ports.https}", f"https://{HOST}:{ports.spa}"
    cert, key = make_certificate(root)

    say("· building the split-origin SPA (VITE_API_URL), meanwhile starting the rest …")
    spa_dist = root / "spa"
    builder = ThreadPoolExecutor(max_workers=1)
    stack.callback(builder.shutdown)
    spa_built = builder.submit(build_split_spa, spa_dist, public)

    say("· PostgreSQL …")
    pg = Postgres(root)
    stack.callback(pg.close)
    pg.start()
    pg.create_database()
    say("· Redis …")
    redis = Redis(root)
    stack.callback(redis.stop)
    redis.up()

    env = _instance_env(pg, redis, public, spa)
    run(
        [sys.executable, "-m", "teamboard", "migrate"],
        "teamboard migrate",
        env=env | {"TEAMBOARD_DATA_DIR": str(root)},
        cwd=root,
    )
    instances = []
    for n in (1, 2):
        say(f"· instance {n}: teamboard serve --workers {WORKERS} …")
        instance = Instance(f"instance{n}", root, env, WORKERS)
        stack.callback(instance.stop)
        instance.up()
        instances.append(instance)

    spa_built.result()
    say("· nginx …")
    # nginx serves a copy of the build, as a release would be installed: its workers run
    # as nobody, who may not be allowed into the checkout (a clone in a 0700 folder).
    static = root / "static"
    shutil.copytree(REPO / "frontend" / "dist", static)
    logs = root / "nginx-logs"
    logs.mkdir()
    edge = Edge(
        upstreams=[f"{HOST}:{i.port}" for i in instances],
        public_origin=public,
        server_name=HOST,
        tls_cert=cert,
        tls_key=key,
        frontend_dist=static,
        spa_dist=spa_dist,
        spa_server_name=HOST,
        bind=HOST,
        http_port=ports.http,
        https_port=ports.https,
        spa_port=ports.spa,
        max_body_bytes=MAX_BODY,
        log_dir=logs,
        pid_file=root / "nginx.pid",
        # As root, nginx's workers switch to this account (Debian has no "nobody" group).
        user="nobody nogroup" if os.geteuid() == 0 else "nobody",
    )
    nginx = Nginx(root, edge, ports)
    stack.callback(nginx.stop)
    nginx.up()

    tls = ssl.create_default_context(cafile=str(cert))
    return Cluster(root, pg, redis, instances, nginx, public, spa, tls)
