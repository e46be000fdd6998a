"""Render the nginx templates next to this file into a folder nginx loads with
``nginx -c <folder>/nginx.conf``.

The same templates serve production, `make scale-test`, `make bench-nginx` and
deploy/compose.yaml (which uses envsubst with the same TB_* names instead of this script).
A placeholder left without a value is an error, never an empty directive.

    python3 deploy/nginx/render.py --out /etc/nginx/teamboard \\
        --public-origin https://board.example.com --server-name board.example.com \\
        --upstream 10.0.0.11:8000 --upstream 10.0.0.12:8000 \\
        --tls-cert /etc/letsencrypt/live/board.example.com/fullchain.pem \\
        --tls-key /etc/letsencrypt/live/board.example.com/privkey.pem \\
        --frontend-dist /srv/teamboard/frontend/dist \\
        --spa-server-name app.example.com --spa-dist /srv/teamboard/spa
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"\$\{(TB_[A-Z0-9_]+)\}")
# Two connection errors or timeouts leave an instance out for 5 s (see nginx.conf.template).
SERVER_OPTIONS = "max_fails=2 fail_timeout=5s"
# Room for the multipart form around an uploaded file (the app's UPLOAD_FORM_BYTES).
UPLOAD_FORM_BYTES = 16 * 1024


class RenderError(ValueError):
    """A template names a placeholder that was given no value."""


def upstream_servers(addresses: Sequence[str]) -> str:
    """The ``server`` lines of the upstream block, one per instance (host:port)."""
    if not addresses:
        raise RenderError("at least one upstream instance is needed")
    return "\n        ".join(f"server {address} {SERVER_OPTIONS};" for address in addresses)


def ws_origin(origin: str) -> str:
    return re.sub(r"^http", "ws", origin)


@dataclass(frozen=True)
class Edge:
    """Everything the templates need to know about one deployment."""

    upstreams: Sequence[str]
    public_origin: str  # = TEAMBOARD_BASE_URL
    server_name: str
    tls_cert: Path
    tls_key: Path
    frontend_dist: Path  # the same-origin build (served under /app/assets/)
    spa_dist: Path  # the split-origin build (VITE_API_URL=public_origin)
    spa_server_name: str
    bind: str = "0.0.0.0"  # noqa: S104 - the public edge; tests pass 127.0.0.1
    http_port: int = 80
    https_port: int = 443
    spa_port: int = 443
    max_body_bytes: int = 1_048_576  # = TEAMBOARD_MAX_BODY_BYTES
    max_upload_bytes: int = 25 * 1024 * 1024  # = TEAMBOARD_MAX_UPLOAD_BYTES
    max_import_bytes: int = 50 * 1024 * 1024  # = TEAMBOARD_MAX_IMPORT_BYTES
    log_dir: Path = Path("/var/log/nginx")
    pid_file: Path = Path("/run/nginx.pid")
    user: str = "www-data"

    def values(self) -> dict[str, str]:
        return {
            "TB_UPSTREAM_SERVERS": upstream_servers(self.upstreams),
            "TB_PUBLIC_ORIGIN": self.public_origin.rstrip("/"),
            "TB_PUBLIC_WS_ORIGIN": ws_origin(self.public_origin.rstrip("/")),
            "TB_SERVER_NAME": self.server_name,
            "TB_TLS_CERT": str(self.tls_cert),
            "TB_TLS_KEY": str(self.tls_key),
            "TB_FRONTEND_DIST": str(self.frontend_dist).rstrip("/"),
            "TB_SPA_DIST": str(self.spa_dist).rstrip("/"),
            "TB_SPA_SERVER_NAME": self.spa_server_name,
            "TB_BIND": self.bind,
            "TB_HTTP_PORT": str(self.http_port),
            "TB_HTTPS_PORT": str(self.https_port),
            "TB_SPA_PORT": str(self.spa_port),
            "TB_MAX_BODY_BYTES": str(self.max_body_bytes),
            "TB_MAX_UPLOAD_BODY_BYTES": str(self.max_upload_bytes + UPLOAD_FORM_BYTES),
            "TB_MAX_IMPORT_BODY_BYTES": str(self.max_import_bytes + UPLOAD_FORM_BYTES),
            "TB_LOG_DIR": str(self.log_dir),
            "TB_PID_FILE": str(self.pid_file),
            "TB_NGINX_USER": self.user,
        }


def substitute(text: str, values: Mapping[str, str], name: str = "template") -> str:
    missing = sorted({m for m in PLACEHOLDER.findall(text) if m not in values})
    if missing:
        raise RenderError(f"{name}: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def render(edge: Edge, out_dir: Path) -> Path:
    """Write every ``*.template`` as its name without the suffix; returns nginx.conf's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    values = edge.values()
    for template in sorted(TEMPLATES.glob("*.template")):
        target = out_dir / template.name.removesuffix(".template")
        target.write_text(substitute(template.read_text(), values, template.name))
    return out_dir / "nginx.conf"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add(
        "--out",
        type=Path,
        required=True,
        help="folder to write nginx.conf and its includes",
    )
    add(
        "--upstream",
        action="append",
        required=True,
        help="an instance's host:port (repeat)",
    )
    add(
        "--public-origin",
        required=True,
        help="TEAMBOARD_BASE_URL, e.g. https://board.example",
    )
    add("--server-name", required=True)
    add("--tls-cert", type=Path, required=True)
    add("--tls-key", type=Path, required=True)
    add("--frontend-dist", type=Path, required=True)
    add("--spa-dist", type=Path, required=True)
    add("--spa-server-name", required=True)
    add("--bind", default="0.0.0.0")  # noqa: S104 - the public edge
    add("--http-port", type=int, default=80)
    add("--https-port", type=int, default=443)
    add("--spa-port", type=int, default=443)
    add("--max-body-bytes", type=int, default=1_048_576)
    add("--max-upload-bytes", type=int, default=25 * 1024 * 1024)
    add("--max-import-bytes", type=int, default=50 * 1024 * 1024)
    add("--log-dir", type=Path, default=Path("/var/log/nginx"))
    add("--pid-file", type=Path, default=Path("/run/nginx.pid"))
    add("--user", default="www-data")
    args = parser.parse_args(argv)
    edge = Edge(
        upstreams=args.upstream,
        public_origin=args.public_origin,
        server_name=args.server_name,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        frontend_dist=args.frontend_dist,
        spa_dist=args.spa_dist,
        spa_server_name=args.spa_server_name,
        bind=args.bind,
        http_port=args.http_port,
        https_port=args.https_port,
        spa_port=args.spa_port,
        max_body_bytes=args.max_body_bytes,
        max_upload_bytes=args.max_upload_bytes,
        max_import_bytes=args.max_import_bytes,
        log_dir=args.log_dir,
        pid_file=args.pid_file,
        user=args.user,
    )
    print(render(edge, args.out))


if __name__ == "__main__":
    main()
