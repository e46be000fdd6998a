"""The accepted schemathesis exceptions: rules that no JSON Schema can state.

Everything else the API checks is in the OpenAPI document (lengths, patterns, bounds),
so a schema-valid request that is refused is a finding. These rules depend on the
database's state or on data beyond a schema's reach; each is accepted here only for the
one operation, status and answer it explains: the server must have named exactly this
rule (field and message), or the failure stands. The run's summary counts the failures
dropped here.
"""

from __future__ import annotations

import atexit
import sys
from collections import Counter
from datetime import date
from typing import Any, NamedTuple

import schemathesis
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter, ValidationError
from schemathesis import Case, Response
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoverageScenario
from schemathesis.hooks import HookContext
from schemathesis.openapi.checks import RejectedPositiveData, UseAfterFree

API = "/api/v1"


# A NamedTuple, not a dataclass: schemathesis loads this file without registering it as a
# module, which dataclasses need.
class Accepted(NamedTuple):
    operation: str  # "METHOD /path" as in the document
    status: int
    field: str | None  # the `errors` entry's last `loc` part; None: the problem's detail
    # With a field: the error's stable `code` (core/messages.py), so that rewording a
    # message for people never unsettles this list; without one: a prefix of the detail.
    match: str
    reason: str


ACCEPTED = (
    *(
        Accepted(
            f"POST {API}/imports/{source}",
            422,
            field,
            "own",
            f"Whether a file is an export, and a member map's entries are people, depends "
            f"on what the file and the text say, not on their shape ({source}, {field}).",
        )
        for source in ("trello", "teamboard")
        for field in ("file", "member_map")
    ),
    *(
        Accepted(
            operation,
            422,
            "file",
            "file_empty",
            "An empty file fits a binary schema, but holds no export and is nothing to attach.",
        )
        for operation in (
            f"POST {API}/imports/trello",
            f"POST {API}/imports/teamboard",
            f"POST {API}/cards/{{card_id}}/attachments",
        )
    ),
    Accepted(
        f"POST {API}/imports/teamboard",
        422,
        None,
        "This file is not a Teamboard export",
        "Whether a file is a board's export depends on its bytes: a schema says binary.",
    ),
    Accepted(
        f"POST {API}/boards",
        422,
        "template",
        "template_unknown",
        "A built-in template's name is one of those GET /templates lists: data, not a shape.",
    ),
    *(
        Accepted(
            operation,
            422,
            "assignee_id",
            "assignee_not_member",
            "An item's assignee must be a member of its board: it depends on the board.",
        )
        for operation in (
            f"POST {API}/checklists/{{checklist_id}}/items",
            f"PATCH {API}/checklist-items/{{item_id}}",
        )
    ),
    Accepted(
        f"PATCH {API}/checklist-items/{{item_id}}",
        422,
        "checklist_id",
        "checklist_other_card",
        "An item moves between the checklists of its own card: it depends on the card.",
    ),
    Accepted(
        f"PUT {API}/cards/{{card_id}}/cover",
        422,
        "attachment_id",
        "cover_not_image",
        "Only an image of the card with a preview can be its cover: it depends on the file.",
    ),
    *(
        Accepted(
            operation,
            413,
            None,
            "The files to copy take",
            "A board's files share its quota: whether a copy's fit depends on the files of "
            "the source and of the target board.",
        )
        for operation in (
            f"POST {API}/cards/{{card_id}}/copy",
            f"POST {API}/boards/{{board_id}}/copy",
        )
    ),
    Accepted(
        f"GET {API}/search",
        422,
        "cursor",
        "cursor",
        "A search cursor is opaque: only one the server handed out names a page.",
    ),
    Accepted(
        f"PUT {API}/boards/{{board_id}}/columns/order",
        422,
        "column_ids",
        "column_order",
        "A permutation of the board's current columns: it depends on the board's state.",
    ),
    Accepted(
        f"POST {API}/me/password",
        422,
        "current_password",
        "current_password_wrong",
        "The account's current password is a secret, not a shape.",
    ),
    *(
        Accepted(
            operation,
            422,
            field,
            "password_common",
            "The common-passwords list (accounts/common_passwords.txt) is data, not a schema.",
        )
        for operation, field in (
            (f"POST {API}/auth/signup", "password"),
            (f"POST {API}/me/password", "new_password"),
            (f"POST {API}/auth/password-reset/confirm", "password"),
        )
    ),
    *(
        Accepted(
            operation,
            422,
            "email",
            "email",
            "`format: email` is looser than email-validator, which also refuses "
            "special-use domains (.test, .local, …) and other deliverability rules.",
        )
        for operation in (
            f"POST {API}/auth/signup",
            f"PATCH {API}/me",
            f"POST {API}/boards/{{board_id}}/members",
            f"POST {API}/auth/password-reset",
        )
    ),
    Accepted(
        f"PATCH {API}/me",
        422,
        "email",
        "email_taken",
        "Whether an address is taken depends on the other accounts.",
    ),
    Accepted(
        f"PATCH {API}/me",
        422,
        "current_password",
        "current_password_needed",
        "Asked only when the e-mail differs from the account's current one (and the "
        "account has a password): it depends on the account.",
    ),
    Accepted(
        f"PATCH {API}/me",
        422,
        "time_zone",
        "time_zone",
        "A time zone is a name in the zone database (zoneinfo), which is data, not a schema.",
    ),
    Accepted(
        f"PATCH {API}/me",
        422,
        "current_password",
        "current_password_wrong",
        "The account's current password is a secret, not a shape.",
    ),
    *(
        Accepted(
            operation,
            422,
            "name",
            "label_taken",
            "Label names are unique per board: it depends on the board's labels.",
        )
        for operation in (
            f"POST {API}/boards/{{board_id}}/labels",
            f"PATCH {API}/labels/{{label_id}}",
        )
    ),
    *(
        Accepted(
            operation,
            422,
            field,
            message,
            "Labels and assignees must belong to the card's board: it depends on the board.",
        )
        for operation in (
            f"POST {API}/columns/{{column_id}}/cards",
            f"PATCH {API}/cards/{{card_id}}",
        )
        for field, message in (
            ("label_ids", "label_not_on_board"),
            ("assignee_ids", "assignee_not_member"),
        )
    ),
    Accepted(
        f"POST {API}/cards/{{card_id}}/move",
        422,
        "column_id",
        "column_other_board",
        "The target column must be on the card's board: it depends on both.",
    ),
    Accepted(
        f"POST {API}/boards/{{board_id}}/columns",
        422,
        None,
        "A board has at most 200 columns",
        "A limit on how many columns the board already has, not on the request.",
    ),
    Accepted(
        f"POST {API}/auth/oauth/exchange",
        400,
        None,
        "The log-in code is invalid, expired or already used",
        "Only a code issued by a provider log-in moments before is valid.",
    ),
    *(
        Accepted(
            operation,
            400,
            None,
            "This link is invalid, has expired or was already used",
            "Only a token mailed moments before, and not used since, is valid.",
        )
        for operation in (
            f"POST {API}/auth/verify-email",
            f"POST {API}/auth/password-reset/confirm",
            f"POST {API}/auth/confirm-email-change",
        )
    ),
    *(
        Accepted(
            operation,
            422,
            "code",
            message,
            "A second-factor code is computed from the account's secret at this moment "
            "(or is one of its unused recovery codes), and a code is never accepted twice.",
        )
        for operation in (
            f"POST {API}/me/two-factor/confirm",
            f"DELETE {API}/me/two-factor",
            f"POST {API}/me/two-factor/recovery-codes",
            f"POST {API}/auth/mfa",
        )
        for message in ("code_wrong", "code_reused")
    ),
)


def _explains(rule: Accepted, error: dict[str, Any]) -> bool:
    return error.get("loc", [None])[-1] == rule.field and error.get("code") == rule.match


def accepted(operation: str, status: int, body: Any) -> Accepted | None:
    """The rule that explains this refusal of schema-valid data, if one does: a rule on the
    detail, or field errors each explained by a rule (all errors come at once, so a
    made-up address with a common password is two refusals by design, not one finding)."""
    if not isinstance(body, dict):
        return None
    rules = [rule for rule in ACCEPTED if rule.operation == operation and rule.status == status]
    detail = str(body.get("detail", "")).lower()
    for rule in rules:
        if rule.field is None and detail.startswith(rule.match.lower()):
            return rule
    errors = body.get("errors") or []
    fields = [rule for rule in rules if rule.field is not None]
    found = [next((rule for rule in fields if _explains(rule, e)), None) for e in errors]
    return found[0] if errors and all(found) else None


# The other way round, one rule for every operation: pydantic's lax mode converts a value
# of another JSON type when it means the same (true or 1 for an integer, 0/1 or "yes" for
# a boolean, a timestamp for a date); JSON Schema states the canonical type only. Kept:
# clients that send them go on working. Accepted only when every value schemathesis made
# invalid is such a scalar and pydantic converts it to the declared type; a value of
# another kind (an object, a list, null, text for a number) stays a finding.
LAX_TYPES: dict[str, Any] = {"integer": int, "number": float, "boolean": bool}


def _resolve(node: Any, document: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        for part in node["$ref"].removeprefix("#/").split("/"):
            document = document[part]
        node = document
    return node


def _declared(case: Case[Any], location: ParameterLocation, keys: tuple[Any, ...]) -> Any:
    """The schema the document declares at ``keys`` of the request's ``location``."""
    document = case.operation.schema.raw_schema
    operation = document["paths"][case.operation.path][case.operation.method.lower()]
    if location == ParameterLocation.BODY:
        node = operation["requestBody"]["content"]["application/json"]["schema"]
        for key in keys:
            node = _resolve(node, document)
            node = node["items"] if isinstance(key, int) else node["properties"][key]
        return _resolve(node, document)
    (name,) = keys
    where = location.value
    return next(
        p["schema"] for p in operation["parameters"] if (p["in"], p["name"]) == (where, name)
    )


def _lax_conversion(value: Any, schema: dict[str, Any], document: dict[str, Any]) -> bool:
    """Whether pydantic (lax) turns ``value``, of a type the schema does not allow, into
    one it does; or whether the document allows ``value`` as it is."""
    # A value the document allows is not what made the request invalid: a nullable field's
    # null, or a field whose schema schemathesis changed (``anyOf/1`` made boolean) while
    # the value it kept (false) stays valid. The other changed values decide.
    components = {"components": document.get("components", {})}
    if Draft202012Validator({**schema, **components}).is_valid(value):
        return True
    if not isinstance(value, bool | int | float | str):
        return False
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    for option in options:
        kind = LAX_TYPES.get(option.get("type", ""))
        if option.get("format") == "date":
            kind = date
        if kind is None or type(value) is kind:
            continue
        try:
            TypeAdapter(kind).validate_python(value)
        except ValidationError:
            continue
        return True
    return False


def _changed(case: Case[Any]) -> list[tuple[ParameterLocation, tuple[Any, ...]]]:
    """Where schemathesis made the request invalid."""
    meta = case.meta
    if meta is None:
        return []
    data = meta.phase.data
    if getattr(data, "scenario", None) == CoverageScenario.INCORRECT_TYPE:
        location = data.parameter_location
        if location == ParameterLocation.BODY:  # described as "<property>: Incorrect type"
            return [(location, ((data.description or "").removesuffix(": Incorrect type"),))]
        return [(location, (data.parameter,))] if location and data.parameter else []
    return [
        (m.parameter_location, tuple(m.path) or ((m.parameter,) if m.parameter else ()))
        for m in getattr(data, "mutations", ())
    ]


def _only_lax_conversions(case: Case[Any]) -> bool:
    changed = _changed(case)
    try:
        return bool(changed) and all(
            _lax_conversion(
                _value_at(case, location, keys),
                _declared(case, location, keys),
                case.operation.schema.raw_schema,
            )
            for location, keys in changed
        )
    except (LookupError, TypeError, ValueError):
        return False  # not what this rule knows: the failure stands


def _value_at(case: Case[Any], location: ParameterLocation, keys: tuple[Any, ...]) -> Any:
    value: Any = case.body if location == ParameterLocation.BODY else case.get_container(location)
    for key in keys:
        value = value[key]
    return value


# How often each exception was used, printed when the run ends: what was accepted stays
# visible. One counter per rule (and the lax one): bounded.
DROPPED: Counter[str] = Counter()
LAX = "a scalar of another JSON type that pydantic's lax mode converts"


@atexit.register
def _report() -> None:
    for reason, count in DROPPED.most_common():
        print(f"accepted exception, {count}x: {reason}", file=sys.stderr)


# A deleted label, card, comment or member can be restored (POST …/restore, the undo
# offered after a delete), and is in use again from then on; schemathesis's use-after-free
# check counts only a creation on a parent path as bringing a resource back. Accepted only
# for a deleted resource whose path has a restore in the document; that each answers 404
# until restored is tested (backend/tests/boards/test_undo.py).
RESTORED = "a use after the delete, which POST …/restore undoes"


def _restorable(case: Case[Any], failure: UseAfterFree) -> bool:
    method, _, deleted = (failure.operation or "").partition(" ")
    paths = case.operation.schema.raw_schema.get("paths", {})
    return method == "DELETE" and "post" in paths.get(f"{deleted}/restore", {})


@schemathesis.hook
def filter_failure(
    context: HookContext, failure: Failure, case: Case[Any], response: Response
) -> bool:
    if isinstance(failure, UseAfterFree):
        if _restorable(case, failure):
            DROPPED[f"{failure.operation}: {RESTORED}"] += 1
            return False
        return True
    if isinstance(failure, AcceptedNegativeData):
        if _only_lax_conversions(case):
            DROPPED[f"{case.operation.label}: {LAX}"] += 1
            return False
        return True
    if not isinstance(failure, RejectedPositiveData):
        return True
    try:
        body = response.json()
    except ValueError:
        return True
    rule = accepted(case.operation.label, response.status_code, body)
    if rule is None:
        return True
    DROPPED[f"{rule.operation} {rule.status} {rule.field or 'detail'}: {rule.match}"] += 1
    return False
