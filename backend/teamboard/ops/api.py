"""``/healthz`` (alive), ``/readyz`` (database and Redis reachable), ``/metrics``
(Prometheus). None is in the OpenAPI document, and none touches a session or a user:
probes come every few seconds and must stay cheap."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from teamboard.core.deps import runtime_of
from teamboard.core.errors import Forbidden
from teamboard.core.health import readiness
from teamboard.core.http import problem
from teamboard.core.metrics import CONTENT_TYPE, exposition

router = APIRouter(include_in_schema=False)

LOOPBACK = ("127.", "::1", "::ffff:127.")
# A request that came through a proxy is not "from loopback", whatever the socket says:
# nginx on the same host connects from 127.0.0.1 on behalf of anyone.
PROXIED = (b"x-forwarded-for", b"forwarded", b"x-real-ip")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    rt = runtime_of(request)
    checks = await readiness(rt.db, rt.redis)
    failed = [name for name, result in checks.items() if result == "failed"]
    if failed:
        return problem(
            503,
            "Service unavailable",
            f"Not ready: {', '.join(failed)} unreachable",
            headers={"Retry-After": "5", "Cache-Control": "no-store"},
            extra={"checks": checks},
        )
    body: dict[str, Any] = {"status": "ready", "checks": checks}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def metrics_allowed(request: Request, token: str) -> bool:
    """A direct loopback connection (a scraper on the host), or the metrics token."""
    authorization = request.headers.get("authorization", "")
    scheme, _, given = authorization.partition(" ")
    if token and scheme.lower() == "bearer":
        return hmac.compare_digest(given.strip().encode(), token.encode())
    host = request.client.host if request.client else ""
    proxied = any(key in PROXIED for key, _ in request.scope["headers"])
    return host.startswith(LOOPBACK) and not proxied


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    if not metrics_allowed(request, runtime_of(request).settings.metrics_token):
        raise Forbidden("Metrics are readable from loopback, or with the metrics token")
    return Response(
        await exposition(), media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"}
    )
