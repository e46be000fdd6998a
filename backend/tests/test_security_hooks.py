"""The rule by which ``make security`` accepts a schema-invalid request the API took: every
value schemathesis made invalid must be one pydantic's lax mode converts to the declared
type, or one the document allows as it is. Anything else stays a finding."""

from __future__ import annotations

from typing import Any

import pytest
from security.schemathesis_hooks import _lax_conversion

DOCUMENT: dict[str, Any] = {
    "components": {"schemas": {"Role": {"type": "string", "enum": ["admin", "member"]}}}
}
NULLABLE_BOOL = {"anyOf": [{"type": "boolean"}, {"type": "null"}]}


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        # A value the document allows: schemathesis changed the field's schema (the
        # ``null`` option made ``boolean``) but the value it kept is still valid.
        (False, NULLABLE_BOOL),
        (None, NULLABLE_BOOL),
        ("admin", {"$ref": "#/components/schemas/Role"}),
        # Lax conversions to the declared type.
        (0.0, NULLABLE_BOOL),
        (1, {"type": "boolean"}),
        ("yes", {"type": "boolean"}),
        (True, {"type": "integer"}),
        ("2026-12-07", {"type": "string", "format": "date"}),
    ],
)
def test_a_value_allowed_or_converted_is_not_a_finding(value: Any, schema: Any) -> None:
    assert _lax_conversion(value, schema, DOCUMENT)


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        ("maybe", NULLABLE_BOOL),
        (0.5, {"type": "boolean"}),
        ({}, NULLABLE_BOOL),
        ([True], {"type": "boolean"}),
        (None, {"type": "boolean"}),
        ("abcd", {"type": "string", "maxLength": 3}),
        ("king", {"$ref": "#/components/schemas/Role"}),
        ("ten", {"type": "integer"}),
    ],
)
def test_any_other_value_stays_a_finding(value: Any, schema: Any) -> None:
    assert not _lax_conversion(value, schema, DOCUMENT)
