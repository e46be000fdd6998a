"""nginx on loopback running the rendered deploy/nginx templates (TLS included, as in
production), each in a folder of its own: the scale test and the nginx benchmark run the
very configuration a deployment runs, not a copy of it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from deploy.nginx.render import Edge, render
from deploy.nginx.selfsigned import self_signed_command
from devkit.ports import HOST, free_port
from devkit.procs import NotInstalled, Proc, run

__all__ = ["Edge", "Nginx", "NginxPorts", "certificate", "loopback_edge"]


@dataclass(frozen=True)
class NginxPorts:
    http: int
    https: int
    spa: int  # the split-origin SPA's own server block

    @classmethod
    def free(cls) -> NginxPorts:
        return cls(http=free_port(), https=free_port(), spa=free_port())


def certificate(root: Path, host: str = HOST) -> tuple[Path, Path]:
    """A self-signed certificate for ``host`` (a loopback IP): the TLS server blocks run as
    in production. Returns (certificate, key)."""
    cert, key = root / "tls-cert.pem", root / "tls-key.pem"
    run(self_signed_command(cert, key, host), "openssl req")
    return cert, key


def loopback_edge(
    root: Path,
    upstreams: Sequence[str],
    ports: NginxPorts,
    *,
    frontend_dist: Path,
    spa_dist: Path,
    max_body_bytes: int = 1_048_576,
    log_dir: Path | None = None,
) -> Edge:
    """The templates' values for a set-up on 127.0.0.1 with its files under ``root``.
    nginx's workers run as nobody: ``root`` and the folders it serves must be readable."""
    cert, key = certificate(root)
    return Edge(
        upstreams=upstreams,
        public_origin=f"https://{HOST}:{ports.https}",
        server_name=HOST,
        tls_cert=cert,
        tls_key=key,
        frontend_dist=frontend_dist,
        spa_dist=spa_dist,
        spa_server_name=HOST,
        bind=HOST,
        http_port=ports.http,
        https_port=ports.https,
        spa_port=ports.spa,
        max_body_bytes=max_body_bytes,
        log_dir=log_dir or root,
        pid_file=root / "nginx.pid",
        # As root, nginx's workers switch to this account (Debian has no "nobody" group).
        user="nobody nogroup" if os.geteuid() == 0 else "nobody",
    )


class Nginx(Proc):
    """nginx with ``edge`` rendered into ``root``/nginx-conf, checked by ``nginx -t``."""

    def __init__(self, root: Path, edge: Edge) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise NotInstalled("nginx is not installed (apt-get install nginx)")
        self.ports = NginxPorts(edge.http_port, edge.https_port, edge.spa_port)
        self.origin = edge.public_origin
        self.access_log = edge.log_dir / "access.log"
        self.error_log = edge.log_dir / "error.log"
        conf = render(edge, root / "nginx-conf")
        run([binary, "-t", "-q", "-p", str(root), "-c", str(conf)], "nginx -t")
        cmd = [binary, "-p", str(root), "-c", str(conf), "-g", "daemon off;"]
        super().__init__("nginx", cmd, edge.log_dir / "stdout.log")

    def up(self, timeout: float = 15) -> Self:
        self.start()
        for port in (self.ports.http, self.ports.https, self.ports.spa):
            self.wait_for_port(port, timeout)
        return self

    def access_entries(self) -> list[str]:
        try:
            return self.access_log.read_text().splitlines()
        except OSError:
            return []
