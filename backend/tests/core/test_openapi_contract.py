"""The OpenAPI document tells the truth about errors and authentication: every operation
declares the problem responses its request and dependencies imply, each with the one
problem+json body, so that a new route cannot forget them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import RouteContext

from teamboard.accounts.deps import current_actor, enrolling_actor
from teamboard.app import create_app
from teamboard.cli.documents import openapi_document
from teamboard.core.config import Settings
from teamboard.core.deps import get_db
from teamboard.core.openapi import api_routes
from teamboard.core.problems import Problem
from teamboard.core.schemas import MAX_ID
from tests.support.api import Api, auth

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_BODY = {"application/problem+json": {"schema": PROBLEM_REF}}
# The log-ins that may ask for a second factor: their 401 is a Problem or an MfaRequired.
MFA_REF = {"$ref": "#/components/schemas/MfaRequired"}
MFA_BODY = {"application/problem+json": {"schema": {"anyOf": [PROBLEM_REF, MFA_REF]}}}
ASKS_FOR_CODE = {
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/token",
    "POST /api/v1/auth/oauth/exchange",
}
UNSAFE = {"post", "put", "patch", "delete"}
PUBLIC = {
    "POST /api/v1/auth/signup",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/token",
    "POST /api/v1/auth/refresh",
    "POST /api/v1/auth/oauth/exchange",
    "POST /api/v1/auth/mfa",
    "GET /api/v1/auth/providers",
    "POST /api/v1/auth/verify-email",
    "POST /api/v1/auth/password-reset",
    "POST /api/v1/auth/password-reset/confirm",
    "POST /api/v1/auth/confirm-email-change",
}


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("openapi"), secret_key="x" * 32, database_url=""
    )
    return create_app(settings)


def _calls(route: RouteContext) -> set[Any]:
    found, todo = set(), [route.dependant]
    while todo:
        node = todo.pop()
        found.add(node.call)
        todo.extend(node.dependencies)
    return found


def _operations(app: FastAPI) -> list[tuple[str, dict[str, Any], RouteContext]]:
    document = app.openapi()
    return [
        (f"{method.upper()} {route.path_format}", operation, route)
        for route in api_routes(app)
        for method, operation in document["paths"][route.path_format].items()
        if method.upper() in (route.methods or ())
    ]


def test_every_operation_declares_the_problems_its_dependencies_imply(
    offline_app: FastAPI,
) -> None:
    operations = _operations(offline_app)
    assert len(operations) > 40
    for label, operation, route in operations:
        method = label.split()[0].lower()
        declared = set(operation["responses"])
        needed = set()
        calls = _calls(route)
        if current_actor in calls:
            needed.add("403")  # the site requires two-factor log-in and the caller has none
        if current_actor in calls or enrolling_actor in calls:
            needed.add("401")
            if method in UNSAFE:
                needed.add("403")  # the CSRF check of cookie-authenticated writes
        if "requestBody" in operation:
            needed |= {"400", "413", "422"}
        if "{" in label:
            needed |= {"404", "422"}
        if operation.get("parameters"):
            needed.add("422")
        if get_db in calls:
            needed.add("503")
            if method in UNSAFE:
                needed.add("409")  # a write that loses a race against a constraint
        assert needed <= declared, f"{label} does not declare {sorted(needed - declared)}"
        if "401" in needed:
            assert operation["responses"]["401"]["headers"]["WWW-Authenticate"]["required"]
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                special = status == "401" and label in ASKS_FOR_CODE
                body = MFA_BODY if special else PROBLEM_BODY
                assert response.get("content") == body, f"{label} {status}"
                assert response["description"], f"{label} {status}"


def test_security_is_declared_exactly_where_the_caller_must_be_known(
    offline_app: FastAPI,
) -> None:
    for label, operation, route in _operations(offline_app):
        calls = _calls(route)
        authenticated = current_actor in calls or enrolling_actor in calls
        assert authenticated == (label not in PUBLIC), label
        assert ("security" in operation) == authenticated, label


def test_the_document_names_no_validation_body_but_the_problem() -> None:
    text = openapi_document()
    assert "HTTPValidationError" not in text
    document = json.loads(text)
    assert document["components"]["schemas"]["Problem"]["required"] == [
        "title",
        "status",
        "detail",
        "code",
    ]


def test_integer_bounds_are_exact_integers() -> None:
    """FastAPI's model turned 2**63 - 1 into 9.223372036854776e+18, i.e. 2**63: an id the
    API refuses, offered to clients as the largest valid one."""
    document = json.loads(openapi_document())
    column_id = document["components"]["schemas"]["CardMove"]["properties"]["column_id"]
    assert column_id["maximum"] == MAX_ID and isinstance(column_id["maximum"], int)
    assert '"maximum": 9.2' not in openapi_document()


def test_optional_headers_and_queries_are_never_null() -> None:
    document = json.loads(openapi_document())
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert "anyOf" not in parameter["schema"], parameter


async def test_problem_answers_match_the_problem_schema(
    api: Api, client: httpx.AsyncClient
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]
    card = await api.card(owner, column["id"])
    answers = [
        await client.get("/api/v1/me"),  # 401
        await client.get("/api/v1/boards/999999", headers=auth(owner)),  # 404
        await client.post("/api/v1/boards", json={"name": " "}, headers=auth(owner)),  # 422
        await client.post(
            "/api/v1/boards",
            content=b"{",
            headers=auth(owner) | {"Content-Type": "application/json"},
        ),  # 400
        await client.patch(  # 409, with the current card
            f"/api/v1/cards/{card['id']}", json={"title": "x", "version": 99}, headers=auth(owner)
        ),
        await client.request("OPTIONS", f"/api/v1/cards/{card['id']}"),  # 405
    ]
    assert [r.status_code for r in answers] == [401, 404, 422, 400, 409, 405]
    for r in answers:
        assert r.headers["content-type"] == "application/problem+json"
        problem = Problem.model_validate(r.json())
        assert problem.status == r.status_code
    assert Problem.model_validate(answers[4].json()).current["id"] == card["id"]


async def test_a_405_allows_every_method_of_the_path(client: httpx.AsyncClient) -> None:
    """The router answered from the first route matching the path: ``Allow: GET`` for a
    card, which PATCH and DELETE also serve (RFC 9110 §15.5.6)."""
    r = await client.request("OPTIONS", "/api/v1/cards/1")
    assert r.status_code == 405
    assert r.headers["allow"] == "DELETE, GET, PATCH"
    r = await client.put("/api/v1/boards/1/members")
    assert r.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/me/sessions/139112739848929624064", "/api/v1/admin/users/99999999999999999999"],
)
async def test_an_id_beyond_64_bits_is_refused_not_a_crash(
    api: Api, client: httpx.AsyncClient, path: str
) -> None:
    who = await api.user()
    method = "DELETE" if "sessions" in path else "PATCH"
    r = await client.request(method, path, json={}, headers=auth(who))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["loc"][0] == "path"


def test_a_dependency_without_a_mark_would_be_caught(tmp_path: Path) -> None:
    """The mark is what the document is derived from: removing it from the caller's
    dependency must fail the first test, not pass unnoticed."""
    from teamboard.core.problems import MARK

    saved = getattr(current_actor, MARK)
    delattr(current_actor, MARK)
    try:
        app = create_app(Settings(data_dir=tmp_path, secret_key="x" * 32, database_url=""))
        with pytest.raises(AssertionError):
            test_every_operation_declares_the_problems_its_dependencies_imply(app)
    finally:
        setattr(current_actor, MARK, saved)
