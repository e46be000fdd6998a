"""The patterns and lengths the OpenAPI document states agree with the validators, both
ways: what the document allows is accepted, and what it forbids is refused. Clients and
generated code read the document; the API answers by the validators."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from teamboard.accounts.schemas import MIN_PASSWORD, PasswordChange, SignUp
from teamboard.cards.schemas import CommentCreate
from teamboard.cli.documents import openapi_document
from teamboard.core.deps import if_match_version
from teamboard.core.errors import Invalid
from teamboard.core.schemas import Body, LabelName, LongText, ShortName, Title

# What trimming, blank and control-character rules turn on, and plain letters.
TRICKY = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2028\u3000\x00\x07\x7f\x9fab\u00e9\u4e2d"
text = st.text(alphabet=st.sampled_from(TRICKY), max_size=12) | st.text(max_size=12)
SCHEMAS = json.loads(openapi_document())["components"]["schemas"]


def _document_allows(schema: dict[str, Any], value: str) -> bool:
    """JSON Schema's reading (ECMA-262: ``$`` is the end), checked with Python's re and
    with a JSON Schema validator that implements it."""
    pattern = schema["pattern"]
    python = re.search(pattern.removesuffix("$") + r"\Z", value) is not None
    fits = schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value))
    standard = jsonschema_rs.validator_for({"type": "string", **schema}).is_valid(value)
    assert standard == (python and fits), (schema, value)
    return standard


def _accepts(kind: Any, value: str) -> bool:
    try:
        TypeAdapter(kind).validate_python(value)
    except ValidationError:
        return False
    return True


def _field(model: str, name: str) -> dict[str, Any]:
    return {k: v for k, v in SCHEMAS[model]["properties"][name].items() if k != "title"}


CASES = [
    (Title, _field("BoardCreate", "name")),
    (ShortName, _field("ColumnCreate", "name")),
    (LongText, _field("BoardCreate", "description")),
    (Body, _field("CommentCreate", "body")),
    (LabelName, _field("LabelCreate", "name")),
]


@pytest.mark.parametrize(("kind", "schema"), CASES, ids=["title", "short", "long", "body", "label"])
@settings(max_examples=400, deadline=None)
@given(value=text)
@example(value="  a\n")  # trimmed: accepted
@example(value=" \u3000 ")  # blank
@example(value="a\x07b")  # a control character inside
@example(value="\x1fa\x85")  # control characters that trimming removes
def test_the_document_states_the_validators_rule(
    kind: Any, schema: dict[str, Any], value: str
) -> None:
    assert _document_allows(schema, value) == _accepts(kind, value)


@pytest.mark.parametrize("length", [199, 200, 201])
def test_a_title_is_bounded_after_trimming(length: int) -> None:
    schema = _field("BoardCreate", "name")
    value = " " * 5 + "x" * length + "\n"
    assert _document_allows(schema, value) == _accepts(Title, value) == (length <= 200)


def test_a_label_name_is_bounded_after_trimming() -> None:
    schema = _field("LabelCreate", "name")
    kind = LabelName
    padded = "\x85" + "a" * 48 + "\x85" * 3  # 52 long, 48 once trimmed: accepted
    assert _document_allows(schema, padded) and _accepts(kind, padded)
    assert not _document_allows(schema, "a" * 51) and not _accepts(kind, "a" * 51)


def test_new_passwords_state_the_minimum_length_the_service_checks() -> None:
    for model, name in ((SignUp, "password"), (PasswordChange, "new_password")):
        assert model.model_json_schema()["properties"][name]["minLength"] == MIN_PASSWORD
    # The current password is whatever the account has: any length.
    assert PasswordChange.model_json_schema()["properties"]["current_password"]["minLength"] == 1
    assert CommentCreate.model_json_schema()["properties"]["body"]["pattern"]


IF_MATCH = next(
    p["schema"]
    for p in json.loads(openapi_document())["paths"]["/api/v1/cards/{card_id}"]["patch"][
        "parameters"
    ]
    if p["name"] == "if-match"
)


def _if_match_accepted(value: str) -> bool:
    step = if_match_version(value)  # a coroutine that never waits: one step finishes it
    try:
        step.send(None)
    except StopIteration:
        return True
    except Invalid:
        return False
    raise AssertionError("if_match_version waited")


@settings(max_examples=400, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(' \t"W/*0123456789x'), max_size=24))
@example(value='W/"0007"')
@example(value='"000"')
@example(value="1234567890123456789")
def test_the_if_match_pattern_is_the_header_rule(value: str) -> None:
    assert _document_allows(IF_MATCH, value) == _if_match_accepted(value)
