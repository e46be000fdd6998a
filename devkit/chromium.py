"""Debian's Chromium as the browser tests, the screenshots and Lighthouse start it: the
flags that keep it quiet and offline-friendly on a build machine (no sandbox as root, no
GPU, no background traffic)."""

from __future__ import annotations

from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def account_menu(page: Any) -> Any:
    """The header's account menu (server pages and SPA alike), opened: what it holds
    (account, admin, log out) is hidden until then. ``page`` is a Playwright page."""
    menu = page.locator("header .account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return menu


def log_out(page: Any) -> None:
    account_menu(page).get_by_role("button", name="Log out", exact=True).click()
