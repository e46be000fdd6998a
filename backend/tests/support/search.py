"""Search as the tests call it: the API's answer, the hits' card ids."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, Headers, auth


async def search(api: Api, who: Headers, q: str, **params: Any) -> dict[str, Any]:
    r = await api.client.get("/api/v1/search", params={"q": q, **params}, headers=auth(who))
    assert r.status_code == 200, r.text
    page: dict[str, Any] = r.json()
    return page


async def found(api: Api, who: Headers, q: str, **params: Any) -> list[int]:
    """The ids of the cards the search finds, in its order (one page)."""
    return [hit["card_id"] for hit in (await search(api, who, q, **params))["hits"]]
