"""(a) The user story through nginx, and what the edge adds or refuses on the way."""

from __future__ import annotations

import json
import re

import httpx

from devkit.api import API, expect
from scaletest.client import PASSWORD, client, driver
from scaletest.cluster import MAX_BODY, Cluster
from scaletest.report import Out


def _logged(cluster: Cluster, request_id: str) -> dict[str, str] | None:
    for line in cluster.nginx.access_entries():
        entry: dict[str, str] = json.loads(line)
        if entry["request_id"] == request_id:
            return entry
    return None


async def user_story(cluster: Cluster, out: Out) -> None:
    public = cluster.public_origin
    async with httpx.AsyncClient(timeout=10) as plain:
        r = await plain.get(f"{cluster.http_origin}/boards?x=1")
    out.check(
        r.status_code == 301 and r.headers.get("location") == f"{public}/boards?x=1",
        "plain HTTP redirects to the https origin (301)",
        f"{r.status_code} {r.headers}",
    )

    async with client(public, cluster.tls) as http:
        r = await http.post(
            f"{API}/auth/signup",
            json={
                "email": "story@example.com",
                "password": PASSWORD,
                "display_name": "Story",
            },
        )
        expect(r, 201, "sign-up through nginx")
        out.ok("sign-up through nginx (TLS) → 201")
        signup_id = r.headers.get("x-request-id", "")
        csp = r.headers.get("content-security-policy", "")
        out.check(
            "frame-ancestors 'none'" in csp
            and "script-src 'self'" in csp
            and r.headers.get("x-content-type-options") == "nosniff"
            and "max-age" in r.headers.get("strict-transport-security", ""),
            "security headers: CSP, nosniff, HSTS (base URL is https)",
            str(r.headers),
        )
        out.check(
            r.headers.get("server") == "nginx",
            "no version in the Server header",
            r.headers.get("server", ""),
        )

        login = expect(
            await http.post(
                f"{API}/auth/login",
                json={"email": "story@example.com", "password": PASSWORD},
                headers={"Origin": public},
            ),
            200,
            "cookie log-in",
        )
        cookie = http.cookies.jar
        out.check(all(c.secure for c in cookie), "session cookies are Secure behind TLS")
        r = await http.post(f"{API}/boards", json={"name": "No token"}, headers={"Origin": public})
        out.check(
            r.status_code == 403,
            "a cookie write without X-CSRF-Token → 403",
            r.text[:200],
        )
        h = {"Origin": public, "X-CSRF-Token": login["csrf_token"]}
        board = expect(
            await http.post(f"{API}/boards", json={"name": "Launch"}, headers=h),
            201,
            "create board",
        )
        cols = [
            expect(
                await http.post(f"{API}/boards/{board['id']}/columns", json={"name": n}, headers=h),
                201,
                "column",
            )
            for n in ("To do", "Done")
        ]
        cards = [
            expect(
                await http.post(
                    f"{API}/columns/{cols[0]['id']}/cards",
                    json={"title": f"Ship {n}"},
                    headers=h,
                ),
                201,
                "card",
            )
            for n in range(3)
        ]
        expect(
            await http.post(
                f"{API}/cards/{cards[0]['id']}/move",
                json={"column_id": cols[1]["id"], "position": 0},
                headers=h,
            ),
            200,
            "move",
        )
        expect(
            await http.post(
                f"{API}/cards/{cards[0]['id']}/comments",
                json={"body": "On it"},
                headers=h,
            ),
            201,
            "comment",
        )
        out.ok("cookie + CSRF: board, 2 columns, 3 cards, a move and a comment")

        r = await http.get(f"/boards/{board['id']}", headers={"Accept-Encoding": "gzip"})
        out.check(
            r.status_code == 200
            and "Ship 2" in r.text
            and r.headers.get("content-encoding") == "gzip",
            "the board's HTML page renders, gzip-compressed by nginx",
            f"{r.status_code} {r.headers.get('content-encoding')}",
        )

        r = await http.get("/app/")
        assets = re.findall(r"(/app/assets/[\w.-]+\.js)", r.text)
        out.check(
            r.status_code == 200
            and bool(assets)
            and "no-cache" in r.headers.get("cache-control", ""),
            "SPA index at /app/ (no-cache)",
            f"{r.status_code} {r.headers.get('cache-control')}",
        )
        r = await http.get(assets[0], headers={"Accept-Encoding": "gzip"})
        entry = _logged(cluster, r.headers.get("x-request-id", "-"))
        out.check(
            r.status_code == 200
            and r.headers.get("cache-control") == "public, max-age=31536000, immutable"
            and r.headers.get("content-encoding") == "gzip"
            and entry is not None
            and entry["upstream"] == "",
            f"hashed asset {assets[0]}: immutable, prebuilt .gz, served by nginx itself",
            f"{r.status_code} {dict(r.headers)} log {entry}",
        )

        r = await http.get("/metrics")
        out.check(
            r.status_code == 403,
            "/metrics is denied at the edge (403)",
            str(r.status_code),
        )

        r = await http.post(
            f"{API}/boards",
            content=b"x" * (MAX_BODY + 1),
            headers={**h, "Content-Type": "application/json"},
        )
        out.check(
            r.status_code == 413
            and r.headers.get("content-type", "").startswith("application/problem+json")
            and r.json().get("code") == "too_large",
            f"a body over {MAX_BODY} bytes → 413 problem+json",
            f"{r.status_code} {r.text[:200]}",
        )
        await split_origin(cluster, out)
        # Last: these rest on the app's side of the contract (request ids, /metrics).
        entry = _logged(cluster, signup_id) if signup_id else None
        out.check(
            entry is not None and entry["upstream"] != "",
            "X-Request-ID returned is the id nginx logged and passed to the app",
            f"header {signup_id!r}, log entry {entry}",
        )
        async with httpx.AsyncClient(timeout=10) as direct:
            m = await direct.get(f"{cluster.instances[0].url}/metrics")
        out.check(
            m.status_code == 200 and "# TYPE" in m.text,
            "/metrics served by an instance to the private network",
            f"{m.status_code}",
        )


async def split_origin(cluster: Cluster, out: Out) -> None:
    spa, public = cluster.spa_origin, cluster.public_origin
    async with client(spa, cluster.tls) as http:
        index = await http.get("/")
        deep = await http.get("/boards/7")
        out.check(
            index.status_code == deep.status_code == 200
            and index.text == deep.text
            and "no-cache" in deep.headers.get("cache-control", ""),
            "split origin: index.html at / and for client routes (SPA fallback)",
            f"{index.status_code} {deep.status_code}",
        )
        csp = index.headers.get("content-security-policy", "")
        out.check(
            "script-src 'self'" in csp and f"connect-src 'self' {public}" in csp,
            "split origin: CSP as strict as the app's, API origin allowed",
            csp,
        )
        scripts = re.findall(r'src="(/assets/[\w.-]+\.js)"', index.text)
        js = await http.get(scripts[0]) if scripts else None
        out.check(
            js is not None
            and js.status_code == 200
            and "immutable" in js.headers.get("cache-control", ""),
            "split origin: hashed assets cached for a year",
        )
    async with client(public, cluster.tls) as api:
        head = {
            "Origin": spa,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        }
        pre = await api.options(f"{API}/boards", headers=head)
        out.check(
            pre.status_code == 200 and pre.headers.get("access-control-allow-origin") == spa,
            "CORS preflight from the SPA's origin allowed through nginx",
            f"{pre.status_code} {dict(pre.headers)}",
        )
        evil = await api.options(f"{API}/boards", headers={**head, "Origin": "https://evil.test"})
        out.check(
            "access-control-allow-origin" not in evil.headers,
            "…and refused for any other origin",
        )
        user = await driver(api).sign_up("split")
        r = await api.get(f"{API}/me", headers={**user.headers, "Origin": spa})
        out.check(
            r.status_code == 200 and r.headers.get("access-control-allow-origin") == spa,
            "bearer token API call from the SPA's origin",
        )
