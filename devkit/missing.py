"""The rule for a test whose binary (PostgreSQL, redis-server, Chromium, a frontend build)
is not on the machine: skipped on a developer's machine, a failure under CI, which
installs everything (.ci/run), so that a missing install step cannot pass as green."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str, *, allow_module_level: bool = False) -> NoReturn:
    """``reason`` says what is missing and how to get it."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=allow_module_level)
