"""Brings the whole set-up up on loopback — PostgreSQL, Redis, an S3 server for the
files, two instances, nginx (TLS, the same-origin app and the split-origin SPA) — and down
again, whatever happens."""

from __future__ import annotations

import contextlib
import shutil
import ssl
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from devkit.nginx import Nginx, NginxPorts, loopback_edge
from devkit.ports import HOST
from devkit.postgres import PostgresCluster
from devkit.redis import RedisServer
from devkit.s3 import S3Server
from devkit.server import TeamboardServer, server_env, teamboard
from devkit.smtp import SmtpServer
from devkit.spa import REPO, split_spa

SECRET = "scale-test-secret-shared-by-every-instance-0123456789"  # noqa: S105 - throw-away
WORKERS = 2  # per instance: the supervisor-and-workers shape production runs
MAX_BODY = 1_048_576
# Log-in attempts per client address per window, shared by all instances through Redis.
LOGIN_MAX_PER_ADDRESS = 40
# Long, so that live updates between instances can only come from the Redis relay: the
# Redis check would otherwise pass on the poller alone.
POLL_SECONDS = 60
# Every instance keeps its files in this one bucket (check_files.py).
BUCKET = "teamboard-scale"


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Cluster:
    root: Path
    postgres: PostgresCluster
    redis: RedisServer
    smtp: SmtpServer
    s3: S3Server
    instances: list[TeamboardServer]
    nginx: Nginx
    public_origin: str
    spa_origin: str
    tls: ssl.SSLContext

    @property
    def http_origin(self) -> str:
        return f"http://{HOST}:{self.nginx.ports.http}"


def _instance_env(
    root: Path,
    pg: PostgresCluster,
    redis: RedisServer,
    smtp: SmtpServer,
    storage_url: str,
    public: str,
    spa: str,
) -> dict[str, str]:
    return server_env(
        root,
        database_url=pg.url(),
        secret_key=SECRET,
        base_url=public,
        cors_origins=spa,
        trusted_proxies=HOST,  # nginx's address, and only it
        redis_url=redis.url,
        # Every worker of both instances runs the background runner: four senders on one
        # database, which must still send each message once.
        smtp_url=smtp.url,
        # One S3 bucket for all: a file any instance stored, every instance serves.
        storage_url=storage_url,
        mail_poll_seconds=0.5,
        notifications_poll_seconds=1,
        frontend_dist=REPO / "frontend" / "dist",
        max_body_bytes=MAX_BODY,
        login_max_per_address=LOGIN_MAX_PER_ADDRESS,
        # Every client comes through nginx from one address: sign-ups and members by
        # e-mail must not be what the test measures.
        signup_max_per_address=100_000,
        email_lookup_max_per_account=100_000,
        email_lookup_max_per_address=100_000,
        realtime_poll_seconds=POLL_SECONDS,
        # Cheap hashing: the test measures the set-up, not argon2.
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


def start(stack: contextlib.ExitStack) -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="teamboard-scale-"))
    stack.callback(shutil.rmtree, root, True)
    # nginx's workers run as nobody: they must be able to read the split build below.
    root.chmod(0o755)
    say(f"· run folder {root} (logs of every process; removed at the end)")
    ports = NginxPorts.free()
    public, spa = f"https://{HOST}:{ports.https}", f"https://{HOST}:{ports.spa}"

    say("· building the split-origin SPA (VITE_API_URL), meanwhile starting the rest …")
    spa_dist = root / "spa"
    builder = ThreadPoolExecutor(max_workers=1)
    stack.callback(builder.shutdown)
    spa_built = builder.submit(split_spa, spa_dist, public, compress=True)

    say("· PostgreSQL …")
    pg = PostgresCluster(root / "pg")
    stack.callback(pg.close)
    pg.start()
    pg.create_database("teamboard")
    say("· Redis …")
    redis = RedisServer(root)
    stack.callback(redis.stop)
    redis.up()

    say("· a mail server (SMTP on loopback) …")
    smtp = SmtpServer().up()
    stack.callback(smtp.stop)

    say("· an S3 server (moto on loopback) …")
    s3 = S3Server().up()
    stack.callback(s3.stop)

    env = _instance_env(root, pg, redis, smtp, s3.storage_url(BUCKET), public, spa)
    teamboard(["migrate"], env, cwd=root)
    instances = []
    for n in (1, 2):
        say(f"· instance {n}: teamboard serve --workers {WORKERS} …")
        name = f"instance{n}"
        instance = TeamboardServer(
            env | {"TEAMBOARD_DATA_DIR": str(root / name)},
            name=name,
            workers=WORKERS,
            log_path=root / f"{name}.log",
        )
        stack.callback(instance.stop)
        up(instance)
        instances.append(instance)

    spa_built.result()
    say("· nginx …")
    # nginx serves a copy of the build, as a release would be installed: its workers run
    # as nobody, who may not be allowed into the checkout (a clone in a 0700 folder).
    static = root / "static"
    shutil.copytree(REPO / "frontend" / "dist", static)
    logs = root / "nginx-logs"
    logs.mkdir()
    edge = loopback_edge(
        root,
        [f"{HOST}:{i.port}" for i in instances],
        ports,
        frontend_dist=static,
        spa_dist=spa_dist,
        max_body_bytes=MAX_BODY,
        log_dir=logs,
    )
    nginx = Nginx(root, edge)
    stack.callback(nginx.stop)
    nginx.up()

    tls = ssl.create_default_context(cafile=str(edge.tls_cert))
    return Cluster(root, pg, redis, smtp, s3, instances, nginx, public, spa, tls)


def up(instance: TeamboardServer) -> None:
    """Started and ready: /readyz 200 (database and Redis reachable). An app without
    /readyz (404) counts as ready once it answers; the checks assert /readyz apart."""
    instance.up("/readyz", timeout=60, ok=(200, 404))
