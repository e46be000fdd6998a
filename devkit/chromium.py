"""Debian's Chromium as the browser tests, the screenshots and Lighthouse start it: the
flags that keep it quiet and offline-friendly on a build machine (no sandbox as root, no
GPU, no background traffic)."""

from __future__ import annotations

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
