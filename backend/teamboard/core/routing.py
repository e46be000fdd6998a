"""A gate in front of each included router: FastAPI (0.165 on) tries every route of every
included router in turn for each request, about 1.5 µs a route. Over this app's 37
entries and 210 routes that was 0.1 to 0.3 ms a request (a page, matched after every API
router, paid the most): as much as a cached board read's own work.

:func:`gate_included_routers` gives each included router a ``matches`` that first asks
whether the request's path is one of its routes' paths without parameters, or begins
with the literal start of one with (what comes before the first ``{``) — a set lookup
and one ``str.startswith`` over a tuple — and answers "no match" at once when it is not.
A route's regular expression (``^…$``) cannot match any other path, so the gate only
ever says early what the router would have said; the order and every rule of routing
stay FastAPI's. A router holding anything whose match is not a path pattern (a host, a
frontend group) is left ungated.

Install it once every route is added: a route added later to a gated router would be
matched only on paths its gate already lets through (tests/core/test_routing.py checks
that every route of the app is reached through the gates)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

Matcher = Callable[[Scope], tuple[Match, Scope]]


def literal_start(path_format: str) -> str:
    """What every path a route matches begins with: its path up to the first ``{``."""
    return path_format.split("{", 1)[0]


@dataclass(frozen=True)
class Gate:
    """The paths an included router's routes may match: exactly one of ``paths`` (a route
    without parameters matches its own path alone), or one beginning with one of
    ``starts``."""

    paths: frozenset[str]
    starts: tuple[str, ...]

    def lets(self, path: str) -> bool:
        return path in self.paths or path.startswith(self.starts)


def gate_of(contexts: Iterable[Any]) -> Gate | None:
    """The gate for an included router's routes; None when one of them is not matched
    by its path alone."""
    paths: set[str] = set()
    starts: set[str] = set()
    for context in contexts:
        route = getattr(context, "original_route", None)
        if not isinstance(route, APIRoute | APIWebSocketRoute):
            return None
        path_format = context.path_format
        if "{" in path_format:
            starts.add(literal_start(path_format))
        else:
            paths.add(path_format)
    return Gate(frozenset(paths), tuple(sorted(starts)))


def _gated(inner: Matcher, gate: Gate) -> Matcher:
    def matches(scope: Scope) -> tuple[Match, Scope]:
        if not gate.lets(get_route_path(scope)):
            return Match.NONE, {}
        return inner(scope)

    return matches


def gate_included_routers(app: FastAPI) -> int:
    """Gates the app's included routers (see the module's text); returns how many."""
    gated = 0
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:  # a plain route or a mount: matched by Starlette, cheaply
            continue
        gate = gate_of(contexts())
        if gate is None:
            continue
        # An attribute of the instance is found before the class's method.
        vars(route)["matches"] = _gated(route.matches, gate)
        gated += 1
    return gated
