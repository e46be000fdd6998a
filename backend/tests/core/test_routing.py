"""The gates in front of the included routers (core/routing.py) only say early what the
routers would say: every route of the app, and paths beside them (a trailing slash, a
segment too many, a prefix of a path), are routed to the same entry with and without the
gates; and a gate turns away what its routes cannot match."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.routing import Match

from teamboard.core.routing import Gate, gate_of, literal_start

PARAM = re.compile(r"\{([^}:]+)(?::([^}]+))?\}")
SAMPLES = {"path": "a/b.txt", "int": "7"}


def _concrete(path_format: str) -> str:
    """A path the route matches: each parameter as a plausible value."""
    return PARAM.sub(lambda m: SAMPLES.get(m.group(2) or "", "7"), path_format)


def _scope(app: FastAPI, method: str, path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "app": app,
    }


def _routed(app: FastAPI, method: str, path: str, *, gated: bool) -> tuple[Match, int | None]:
    """Which of the app's entries takes the request, as its router chooses: the first
    full match, else the first partial one (a path whose method is not allowed)."""
    partial = None
    for index, route in enumerate(app.router.routes):
        scope = _scope(app, method, path)
        match, _ = route.matches(scope) if gated else type(route).matches(route, scope)
        if match == Match.FULL:
            return match, index
        if match == Match.PARTIAL and partial is None:
            partial = index
    return (Match.PARTIAL, partial) if partial is not None else (Match.NONE, None)


def _paths(app: FastAPI) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in app.router.routes:
        for context in getattr(route, "effective_route_contexts", list)():
            path = _concrete(context.path_format)
            for method in sorted(getattr(context, "methods", None) or {"GET"}):
                found |= {(method, path), (method, path + "/"), (method, path + "/extra")}
            found |= {("DELETE", path), ("GET", path.rstrip("/").rsplit("/", 1)[0] or "/")}
    return found


async def test_every_route_is_routed_as_without_the_gates(app: FastAPI) -> None:
    gated = [r for r in app.router.routes if "matches" in vars(r)]
    assert len(gated) >= 30  # the API's routers and the pages'
    paths = _paths(app) | {("GET", "/no/such/page"), ("GET", "/"), ("GET", "/api/v1")}
    assert len(paths) > 600
    reached = set()
    for method, path in sorted(paths):
        with_gates = _routed(app, method, path, gated=True)
        assert with_gates == _routed(app, method, path, gated=False), (method, path)
        reached.add(with_gates[1])
    assert {i for i, r in enumerate(app.router.routes) if r in gated} <= reached


@pytest.mark.parametrize(
    ("path_format", "start"),
    [
        ("/api/v1/boards/{board_id}", "/api/v1/boards/"),
        ("/app/assets/{name:path}", "/app/assets/"),
        ("/files/{name}.png", "/files/"),
        ("/{anything}", "/"),
    ],
)
def test_a_routes_literal_start(path_format: str, start: str) -> None:
    assert literal_start(path_format) == start


def test_a_gate_lets_through_what_its_routes_may_match() -> None:
    class Context:
        def __init__(self, path_format: str) -> None:
            from fastapi.routing import APIRoute

            self.path_format = path_format
            self.original_route = APIRoute(path_format, lambda: None)

    gate = gate_of([Context("/boards"), Context("/boards/{board_id}/archive")])
    assert gate == Gate(frozenset({"/boards"}), ("/boards/",))
    assert gate.lets("/boards") and gate.lets("/boards/3/archive") and gate.lets("/boards/")
    assert not gate.lets("/boardsX") and not gate.lets("/cards/1") and not gate.lets("/")
    # Anything not matched by its path alone (a mount, a host) leaves its router ungated.
    assert gate_of([Context("/boards"), object()]) is None
