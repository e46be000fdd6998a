"""Every attachment test runs twice: with the files in a folder, and in a bucket of a real
S3 API server (devkit/s3.py) — each test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devkit.s3 import S3Server
from tests.support.files import fresh_storage


@pytest.fixture(params=["local", "s3"])
def storage_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def s3(storage_kind: str, request: pytest.FixtureRequest) -> S3Server | None:
    if storage_kind != "s3":
        return None
    server: S3Server = request.getfixturevalue("s3_server")
    return server


@pytest.fixture
def settings_overrides(s3: S3Server | None, tmp_path: Path) -> dict[str, Any]:
    return fresh_storage(s3, tmp_path / "files")
