"""Every attachment test runs twice: with the files in a folder under the data dir, and in
a bucket of a real S3 API server (devkit/s3.py)."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.s3 import S3Server
from tests.support.files import BUCKET


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
def settings_overrides(s3: S3Server | None) -> dict[str, Any]:
    return {"storage_url": s3.storage_url(BUCKET)} if s3 is not None else {}
