"""Browser tests: the real server in a subprocess, Debian's Chromium driven by Playwright
with JavaScript OFF (the pages must work without it). Skipped when either is missing:
`apt-get install chromium` and `pip install -e 'backend[e2e]'` bring them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devkit.api import SyncApi, User
from devkit.chromium import CHROMIUM_ARGS
from devkit.missing import missing
from devkit.server import FAST_HASHING, TeamboardServer, server_env, teamboard
from devkit.verified import mark_verified_now

CHROMIUM = os.environ.get("TEAMBOARD_E2E_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "an e2e test passphrase"  # noqa: S105 - a test account's

playwright_sync = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
    missing(f"no Chromium at {CHROMIUM}", allow_module_level=True)


def start_server(data_dir: Path, **settings: object) -> TeamboardServer:
    """``teamboard serve`` on a migrated SQLite database in ``data_dir``, ready; more
    settings by name (``cors_origins=…``)."""
    env = server_env(
        data_dir,
        # Many sign-ups, log-ins and members added from one address within minutes.
        login_max_per_address=1000,
        signup_max_per_address=1000,
        email_lookup_max_per_account=1000,
        email_lookup_max_per_address=1000,
        **settings,
    )
    teamboard(["migrate"], env | FAST_HASHING, cwd=data_dir)
    return TeamboardServer(env | FAST_HASHING).up()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TeamboardServer]:
    started = start_server(tmp_path_factory.mktemp("e2e-data"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def base_url(server: TeamboardServer) -> str:
    return server.url


@pytest.fixture
def api(base_url: str) -> Iterator[SyncApi]:
    """Other people, acting through the JSON API (bearer tokens) next to a browser."""
    with SyncApi.connect(base_url, password=PASSWORD, headers={"Origin": base_url}) as driver:
        yield driver


# ``add_member(owner, board_id, email, role)``: the account with ``email`` (password
# PASSWORD, e.g. signed up in a browser) a member, as people become one: invited by
# ``owner``, its address verified (as the mailed link would), accepted.
AddMember = Callable[[User, int, str, str], None]


@pytest.fixture
def add_member(server: TeamboardServer, api: SyncApi) -> AddMember:
    def add(owner: User, board_id: int, email: str, role: str) -> None:
        mark_verified_now(server.database_url, email)
        invitee = {"Authorization": f"Bearer {api.tokens(email, PASSWORD)['access_token']}"}
        api.add_member(owner, board_id, email, role, invitee=invitee)

    return add


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, base_url: str) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=base_url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    yield context.new_page()
    context.close()


FRONTEND = Path(__file__).resolve().parents[1] / "frontend"


def require_build() -> None:
    """The JavaScript tests need `make frontend` (which `make test` runs first)."""
    if not (FRONTEND / "dist" / "index.html").exists():
        missing("frontend/dist is missing: run `make frontend`")


class BrowserErrors:
    """Console errors, CSP violations and unused preloads of a JavaScript-on page; tests
    end with none."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.messages.append(f"page error: {exc}"))

    def _console(self, message: Any) -> None:
        # A preload the page does not use (another credentials mode than the request's)
        # is a download made twice: Chromium only warns.
        unused_preload = message.type == "warning" and "preload" in str(message.text)
        if message.type != "error" and not unused_preload:
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
        base_url=base_url,
        java_script_enabled=True,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    errors = BrowserErrors(page)
    page.browser_errors = errors  # a test that provokes an error clears what it expects
    yield page
    context.close()
    assert errors.messages == [], errors.messages
