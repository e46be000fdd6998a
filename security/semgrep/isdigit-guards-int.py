# Tests of the isdigit-guards-int rule: `semgrep --test security/semgrep`.
import re


def version_header(value: str) -> int:
    # ruleid: isdigit-guards-int
    if not value.isdigit() or len(value) > 18 or int(value) < 1:
        raise ValueError(value)
    # ruleid: isdigit-guards-int
    return int(value)


def form_id(value: str) -> int:
    if not value.isnumeric():
        raise ValueError(value)
    # ruleid: isdigit-guards-int
    return int(value)


def position(raw: str) -> int | str:
    # ruleid: isdigit-guards-int
    return int(raw) - 1 if raw.isdigit() and len(raw) < 12 else raw


def version(value: str | None) -> int | None:
    # ruleid: isdigit-guards-int
    return int(value) if value and value.isdecimal() else None


def ids(values: list[str]) -> list[int]:
    # ruleid: isdigit-guards-int
    return [int(v) for v in values if v.isdigit()]


def either(value: str) -> int:
    # ruleid: isdigit-guards-int
    return int(value) if str.isdigit(value) else 0


def ascii_digits(value: str) -> int | None:
    # ok: isdigit-guards-int
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def parsed(value: str) -> int | None:
    try:
        # ok: isdigit-guards-int
        return int(value)
    except ValueError:
        return None


def unrelated(value: str, other: str) -> int:
    if other.isdigit():
        return 0
    # ok: isdigit-guards-int
    return int(value, 16)


def only_a_string(offset: str) -> str:
    # ok: isdigit-guards-int
    return f"/admin?offset={offset}" if offset.isdigit() else "/admin"
