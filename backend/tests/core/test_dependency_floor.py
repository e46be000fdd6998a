"""Installed versions are at least the ones that close known holes (see pyproject.toml)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

FLOORS = {
    "starlette": "1.3.1",
    "python-multipart": "0.0.32",
    "pyjwt": "2.13",
}


def as_tuple(version: str) -> tuple[int, ...]:
    """Release numbers only ("2.13.0rc1" -> (2, 13, 0)); a pre-release of the floor itself
    sorts equal, which is why ``packaging`` is preferred when it is installed."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    assert match, f"unparsable version {version!r}"
    parts = [int(p) for p in match.group().split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def at_least(installed: str, floor: str) -> bool:
    try:
        from packaging.version import Version
    except ImportError:  # pragma: no cover - packaging is nearly always present
        return as_tuple(installed) >= as_tuple(floor)
    return Version(installed) >= Version(floor)


@pytest.mark.parametrize(("distribution", "floor"), FLOORS.items())
def test_installed_version_meets_the_floor(distribution: str, floor: str) -> None:
    installed = metadata.version(distribution)
    assert at_least(installed, floor), f"{distribution} {installed} < {floor}: upgrade it"


def test_the_comparison_itself() -> None:
    assert at_least("1.3.1", "1.3.1") and at_least("1.10.0", "1.3.1")
    assert not at_least("1.3.0", "1.3.1") and not at_least("0.0.31", "0.0.32")
    assert not at_least("2.12.9", "2.13")
    assert as_tuple("2.13.0") == as_tuple("2.13") and as_tuple("1.10") > as_tuple("1.9.9")


def test_floors_match_pyproject() -> None:
    """The declared lower bounds are not looser than the ones checked here."""
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    for distribution, floor in FLOORS.items():
        declared = re.search(rf'"{re.escape(distribution)}(?:\[[^\]]*\])?>=([^,"]+)', pyproject)
        assert declared, f"{distribution} has no lower bound in pyproject.toml"
        assert at_least(declared.group(1), floor), f"{distribution} floor is {declared.group(1)}"
