"""The OpenAPI document: the ways to authenticate, and every error an operation can answer.

Both are derived from the routes rather than listed by hand, so that a new route cannot
forget them: security from the dependency that recognises the caller, the error
responses from the request's shape and what the dependencies and the route declare
(core/problems.py). Security is documented here rather than through a per-route
dependency: a dependency would run on every request only to tell /docs about the
Authorize button.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import TypeAdapter

from teamboard.core.http import PROBLEM
from teamboard.core.problems import DESCRIPTIONS, HEADERS, Problem, raised_by
from teamboard.core.schemas import MAX_ID

ISSUER = "/api/v1/auth/token"  # where bearer tokens come from
SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": f"Access token from POST {ISSUER} (15 minutes).",
    },
    # The same bearer token, obtained by /docs's Authorize button with e-mail and password.
    "password": {
        "type": "oauth2",
        "description": "Log in with e-mail (as username) and password for a bearer token.",
        "flows": {"password": {"tokenUrl": ISSUER, "scopes": {}}},
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "tb_session",
        "description": "Browser session from POST /api/v1/auth/login; unsafe methods "
        "also need the X-CSRF-Token header.",
    },
}
SECURITY: list[dict[str, list[str]]] = [{name: []} for name in SCHEMES]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REF = "#/components/schemas/{model}"
# FastAPI's own 422 body, which this API never sends (it answers problem+json).
UNUSED = ("HTTPValidationError", "ValidationError")


def _tree(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _tree(child)


def _status(key: int | str) -> int | None:
    try:
        return int(key)
    except ValueError:  # a range, such as "4XX"
        return None


def error_statuses(route: RouteContext, method: str) -> set[int]:
    """Every error status the operation can answer, as its shape and dependencies imply
    and as its ``responses=`` adds."""
    statuses = {s for s in map(_status, route.responses) if s is not None and s >= 400}
    if route.body_field is not None:
        statuses |= {400, 413, 422}  # not JSON, too large, invalid
    for node in _tree(route.dependant):
        if node.path_params:
            statuses |= {404, 422}
        if node.query_params or node.header_params or node.cookie_params:
            statuses.add(422)
        if (mark := raised_by(node.call)) is not None:
            statuses |= mark.always | (mark.on_writes if method in UNSAFE else set())
    return statuses


def authenticates(route: RouteContext) -> bool:
    return any(
        (mark := raised_by(node.call)) is not None and mark.authenticates
        for node in _tree(route.dependant)
    )


def api_routes(app: FastAPI) -> list[RouteContext]:
    """The operations of the document, each with its full path (routers included)."""
    return [
        route
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute) and route.include_in_schema
    ]


def _error_response(status: int, specific: Any = None) -> dict[str, Any]:
    """The problem+json body; ``specific``: a Problem subclass the answer may be instead
    (declared with ``problems(bodies=...)``), which FastAPI has put in the components."""
    schema: dict[str, Any] = {"$ref": REF.format(model="Problem")}
    if specific is not None:
        schema = {"anyOf": [schema, {"$ref": REF.format(model=specific.__name__)}]}
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {PROBLEM: {"schema": schema}},
    }
    if status in HEADERS:
        response["headers"] = HEADERS[status]
    return response


def exact_bounds(node: Any) -> None:
    """FastAPI's OpenAPI model holds ``minimum``/``maximum`` as floats: integers' bounds
    are written back as integers, and the largest id (2**63 - 1, which a float rounds up
    to 2**63, an id the API refuses) as itself."""
    if isinstance(node, list):
        for item in node:
            exact_bounds(item)
    elif isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("minimum", "maximum"):
                if isinstance(bound := node.get(key), float):
                    node[key] = MAX_ID if bound == float(MAX_ID) else int(bound)
        for value in node.values():
            exact_bounds(value)


def no_null_parameters(schema: dict[str, Any]) -> None:
    """A query or header parameter is a string on the wire: "none" is leaving it out.
    FastAPI documents ``x: T | None = None`` as ``anyOf: [T, null]``, which tells
    clients to send the text "null", which the API refuses."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                options = parameter.get("schema", {}).get("anyOf")
                if options and {"type": "null"} in options:
                    options.remove({"type": "null"})
                    if len(options) == 1:
                        rest = parameter["schema"]
                        del rest["anyOf"]
                        parameter["schema"] = options[0] | rest


def describe_errors(schema: dict[str, Any], routes: list[RouteContext]) -> None:
    components = schema.setdefault("components", {})
    components["securitySchemes"] = SCHEMES
    definitions = components.setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template=REF)
    definitions.update(problem.pop("$defs", {}))
    definitions["Problem"] = problem
    for name in UNUSED:
        definitions.pop(name, None)
    for route in routes:
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            responses = operation["responses"]
            for status in sorted(error_statuses(route, method)):
                specific = route.responses.get(status, {}).get("model")
                responses[str(status)] = _error_response(status, specific)
            if authenticates(route):
                operation["security"] = SECURITY
            operation["responses"] = dict(sorted(responses.items()))


def add_schemas(schema: dict[str, Any], extra: Mapping[str, TypeAdapter[Any]]) -> None:
    """Types no route returns but clients need, e.g. the WebSocket protocol's messages:
    each under its name in ``components.schemas``, its parts beside it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, adapter in extra.items():
        found = adapter.json_schema(ref_template=REF, mode="serialization")
        for part, definition in found.pop("$defs", {}).items():
            _without_null_defaults(definition)
            if components.setdefault(part, definition) != definition:
                raise ValueError(f"two different schemas named {part!r} in the document")
        components[name] = found


def _without_null_defaults(definition: dict[str, Any]) -> None:
    """As FastAPI writes a model's schema: an optional field's ``default: null`` left out
    (it says nothing a client needs: the field may be absent), so that a model both a route
    and this document name is one schema."""
    for field in definition.get("properties", {}).values():
        if "default" in field and field["default"] is None:
            del field["default"]


def install_openapi(app: FastAPI, extra: Mapping[str, TypeAdapter[Any]] | None = None) -> None:
    """``extra``: schemas published without a route (see :func:`add_schemas`)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            add_schemas(schema, extra or {})
            describe_errors(schema, api_routes(app))
            exact_bounds(schema)
            no_null_parameters(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
