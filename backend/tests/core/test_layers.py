"""Every package of the application has its place in the layer contract (a package the
contract does not name would not be checked at all)."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import teamboard


def test_every_package_and_module_is_in_the_layers() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    [layers] = [c for c in contracts if c["type"] == "layers"]
    named = {
        name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")
    }
    found = {f"teamboard.{m.name}" for m in pkgutil.iter_modules(teamboard.__path__)}
    assert found - named == set(), "add them to [tool.importlinter] and docs/architecture.md"
