"""HOOK for the search rows of the growth table (100,000 cards across 1,000 boards: p50/p99
of common, rare and prefix terms at 16 connections, against the same over 1,000 cards).

Not measured yet: the search endpoint (``GET /api/v1/search``) is not in this build. When
it is, this is where the rows go: add the 1,000 boards to the data set
(lib/scale_data.py), run ``teamboard search reindex`` after the bulk build (bulk inserts
bypass the index's upkeep), and measure each term with wrk at 16 connections
(lib/wrk.py), next to the same terms on a 1,000-card data set, in the same run."""

from __future__ import annotations

import httpx

from lib.scale_measure import GrowthRow


def has_search(base_url: str) -> bool:
    schema = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    return "/api/v1/search" in schema.get("paths", {})


def search_rows(base_url: str, db: str) -> tuple[list[GrowthRow], str]:
    """The rows, and a line saying why there are none."""
    if not has_search(base_url):
        return [], f"[{db}] search: not measured, this build has no GET /api/v1/search"
    return [], f"[{db}] search: the endpoint exists; its rows are still to be written here"
