"""The ``Allow`` header of a 405 answer: every method that the path's routes answer.

The router answers a known path with an unknown method from the first route that
matched the path alone, so its ``Allow`` names that one route's methods (``GET`` for
``/api/v1/cards/{id}``, which also has PATCH and DELETE). RFC 9110 §15.5.6 wants the
resource's methods: they are collected here, on the 405 path only.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path

INDEX = "allow_index"


def _index(app: FastAPI) -> list[tuple[re.Pattern[str], int, frozenset[str]]]:
    # Built on the first 405 and kept: one entry per route (its pattern, how many path
    # parameters it has, its methods), and routes do not change.
    index: list[tuple[re.Pattern[str], int, frozenset[str]]] | None = getattr(
        app.state, INDEX, None
    )
    if index is None:
        index = []
        for route in iter_route_contexts(app.routes):
            path, methods = getattr(route, "path_format", None), getattr(route, "methods", None)
            if path and methods:
                regex, _format, params = compile_path(path)
                index.append((regex, len(params), frozenset(methods)))
        setattr(app.state, INDEX, index)
    return index


def allowed_methods(app: FastAPI, path: str) -> str:
    # A fixed segment is a resource of its own: /imports/trello is not GET /imports/{id},
    # so the routes that match with the fewest parameters name the methods.
    matched = [(params, m) for regex, params, m in _index(app) if regex.match(path)]
    fewest = min((params for params, _m in matched), default=0)
    methods = set[str]().union(*(m for params, m in matched if params == fewest))
    return ", ".join(sorted(methods))
