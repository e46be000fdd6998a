"""`make screenshots`: the demo data served for real, and the main pages photographed by
Chromium with JavaScript off — desktop light, desktop dark and phone — into a folder
(default: e2e/screenshots); then the live board with JavaScript on (the islands, the SPA,
its card dialog, a filter and an undo toast), as the first screen shows them."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from conftest import CHROMIUM, CHROMIUM_ARGS, start_server
from playwright.sync_api import Browser, Page, sync_playwright

# Before logging in.
PUBLIC = {
    "login": "/login",
    "signup": "/signup",
    "forgot-password": "/forgot-password",
}
PAGES = {
    "landing": "/",
    "boards": "/boards",
    "board": "/boards/1",
    "board-filtered": "/boards/1?due=overdue",
    "card": "/cards/2",
    "settings": "/boards/1/settings",
    "activity": "/boards/1/activity",
    "imports": "/imports",
    "search": "/search?q=board",
    "account": "/account",
    "two-factor": "/account/two-factor",
    "notification-settings": "/account/notifications",
    "admin": "/admin",
    "admin-mail": "/admin/mail",
    "not-found": "/no/such/page",
}
# With JavaScript on: the first screen, as a person sees it on arriving.
LIVE = {
    "live-board": "/boards/1",
    "live-board-filtered": "/boards/1?label=1",
    "spa-board": "/app/boards/1",
    "spa-card": "/app/boards/1/cards/2",
}
LOOKS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "desktop-dark": {
        "viewport": {"width": 1280, "height": 900},
        "color_scheme": "dark",
    },
    # A phone as it is: a touch screen with no pointer that hovers (what the pages shape
    # their controls by: 44 px targets, no keyboard-shortcut hints).
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "color_scheme": "light",
        "is_mobile": True,
        "has_touch": True,
    },
}


def _settled(page: Page) -> None:
    page.wait_for_selector(".card-tile")
    page.wait_for_load_state("networkidle")


def live(browser: Browser, base: str, look: str, options: dict[str, Any], out: Path) -> None:
    context = browser.new_context(base_url=base, **options)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail").fill("demo@example.com")
    page.get_by_label("Password").fill("teamboard-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/boards")
    for name, url in LIVE.items():
        page.goto(url)
        _settled(page)
        page.screenshot(path=out / f"{name}-{look}.png")
    # The undo toast after archiving a card, then undone: the demo data stays as it was.
    page.get_by_role("dialog").get_by_role("button", name="Archive", exact=True).click()
    toast = page.locator(".toast").first
    toast.wait_for()
    page.screenshot(path=out / f"spa-undo-toast-{look}.png")
    toast.get_by_role("button", name="Undo").click()
    page.wait_for_load_state("networkidle")
    # The SPA's settings (copy, template), taken whole: most of it is below the fold.
    page.goto("/app/boards/1/settings")
    page.get_by_role("heading", name="Template").wait_for()
    page.screenshot(path=out / f"spa-settings-{look}.png", full_page=True)
    context.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        server = start_server(Path(data))
        try:
            server.cli("seed-demo").check_returncode()
            base = server.url
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for look, options in LOOKS.items():
                    context = browser.new_context(
                        base_url=base, java_script_enabled=False, **options
                    )
                    page = context.new_page()
                    for name, url in PUBLIC.items():
                        page.goto(url)
                        page.screenshot(path=out / f"{name}-{look}.png", full_page=True)
                    page.goto("/login")
                    page.get_by_label("E-mail").fill("demo@example.com")
                    page.get_by_label("Password").fill("teamboard-demo")
                    page.get_by_role("button", name="Log in").click()
                    for name, url in PAGES.items():
                        page.goto(url)
                        page.screenshot(path=out / f"{name}-{look}.png", full_page=True)
                    context.close()
                    live(browser, base, look, options, out)
                browser.close()
        finally:
            server.stop()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "screenshots")
