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


def _index(app: FastAPI) -> list[tuple[re.Pattern[str], frozenset[str]]]:
    # Built on the first 405 and kept: one entry per route, and routes do not change.
    index: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(app.state, INDEX, None)
    if index is None:
        index = []
        for route in iter_route_contexts(app.routes):
            # The path with its convertors (`{import_id:int}`): /imports/trello is no id.
            path, methods = getattr(route, "path", None), getattr(route, "methods", None)
            if path and methods:
                index.append((compile_path(path)[0], frozenset(methods)))
        setattr(app.state, INDEX, index)
    return index


def allowed_methods(app: FastAPI, path: str) -> str:
    methods = set[str]().union(*(m for regex, m in _index(app) if regex.match(path)))
    return ", ".join(sorted(methods))
