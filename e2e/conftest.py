"""Browser tests: the real server in a subprocess, Debian's Chromium driven by Playwright
with JavaScript OFF (the pages must work without it). Skipped when either is missing:
`apt-get install chromium` and `pip install -e 'backend[e2e]'` bring them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TEAMBOARD_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "an e2e test passphrase"  # noqa: S105 - a test account's

playwright_sync = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
    if os.environ.get("CI"):  # CI installs Chromium: its absence there is a failure
        pytest.fail(f"no Chromium at {CHROMIUM}", pytrace=False)
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    data_dir: Path, port: int, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = (
        os.environ
        | {
            "TEAMBOARD_DATA_DIR": str(data_dir),
            "TEAMBOARD_BASE_URL": f"http://127.0.0.1:{port}",
            "TEAMBOARD_ARGON2_TIME_COST": "1",
            "TEAMBOARD_ARGON2_MEMORY_KIB": "1024",
            # Many sign-ups, log-ins and members added from one address within minutes.
            "TEAMBOARD_LOGIN_MAX_PER_ADDRESS": "1000",
            "TEAMBOARD_SIGNUP_MAX_PER_ADDRESS": "1000",
            "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ACCOUNT": "1000",
            "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ADDRESS": "1000",
        }
        | (extra_env or {})
    )
    env.pop("TEAMBOARD_DATABASE_URL", None)
    cli = [sys.executable, "-m", "teamboard"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def free_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    server = start_server(tmp_path_factory.mktemp("e2e-data"), port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


FRONTEND = Path(__file__).resolve().parents[1] / "frontend"


def require_build() -> None:
    """The JavaScript tests need `make frontend` (which `make test` runs first)."""
    if not (FRONTEND / "dist" / "index.html").exists():
        if os.environ.get("CI"):
            pytest.fail("frontend/dist is missing: run `make frontend`", pytrace=False)
        pytest.skip("frontend/dist is missing: run `make frontend`")


class BrowserErrors:
    """Console errors and CSP violations of a JavaScript-on page; tests end with none."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.messages.append(f"page error: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = str(message.text)
        where = str((message.location or {}).get("url", ""))
        expected = {
            # Whether a visitor is signed in is asked of /me; "no" is a 401.
            "401": "/api/v1/me",
        }
        if any(code in text and where.endswith(path) for code, path in expected.items()):
            return
        self.messages.append(f"{text} ({where})")


@pytest.fixture
def js_page(browser: object, base_url: str) -> Iterator[Any]:
    require_build()
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=base_url, java_script_enabled=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors = BrowserErrors(page)
    page.browser_errors = errors  # a test that provokes an error clears what it expects
    yield page
    context.close()
    assert errors.messages == [], errors.messages
