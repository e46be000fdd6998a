"""The search page, /search: the API's search with JavaScript off. The same parameters
(a blank one means no filter, as the board's filter reads them), the same hits, a link to
the next page (the keyset cursor) and back to the first."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from markupsafe import Markup
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.boards import labels as label_service
from teamboard.boards import service as boards
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.deps import DB
from teamboard.core.errors import NotFound
from teamboard.search.schemas import SearchPage, SearchParams
from teamboard.search.service import search
from teamboard.web.forms import FormState, errors_of
from teamboard.web.render import render

router = APIRouter(include_in_schema=False)
FIELDS = ("q", "board_id", "label", "assignee", "due", "archived")
# The board choice lists the caller's boards, most recently changed first, up to this.
BOARD_CHOICES = 200


@router.get("/search")
async def search_page(request: Request, actor: PageActor, db: DB) -> Response:
    given = {k: v for k in (*FIELDS, "cursor") if (v := request.query_params.get(k, "").strip())}
    form = FormState("search", {k: [v] for k, v in given.items()})
    page: SearchPage | None = None
    params: SearchParams | None = None
    try:
        params = SearchParams.model_validate(given)
    except ValidationError as exc:
        form = FormState("search", form.values, errors_of(exc))
    if params is not None and params.q.strip():
        page = await search(db, actor, params)
    context: dict[str, Any] = {
        "form": form,
        "q": given.get("q", ""),
        "page": page,
        # Escaped by search/snippets.py, with <mark> its only markup.
        "snippets": {h.card_id: _html(h.snippet) for h in page.hits} if page else {},
        "next_href": _href(given, page.next_cursor) if page and page.next_cursor else None,
        "first_href": _href(given, None) if "cursor" in given else None,
        **await _choices(db, actor, params),
    }
    return render(request, "search/search.html", context, status=422 if form.errors else 200)


def _html(snippet: str) -> Markup:
    return Markup(snippet)  # noqa: S704  # nosec B704 - search/snippets.py escaped it


def _href(given: dict[str, str], cursor: str | None) -> str:
    kept = {k: v for k, v in given.items() if k in FIELDS}
    return "/search?" + urlencode({**kept, **({"cursor": cursor} if cursor else {})})


async def _choices(db: UnitOfWork, actor: Actor, params: SearchParams | None) -> dict[str, Any]:
    """The boards to narrow to; with one chosen, its labels and members too."""
    mine, _total = await boards.list_boards(
        db, actor, archived=False, limit=BOARD_CHOICES, offset=0
    )
    labels: list[Any] = []
    members: list[Any] = []
    if params is not None and params.board_id is not None:
        try:
            labels = await label_service.list_labels(db, actor, params.board_id)
            members = await boards.list_members(db, actor, params.board_id)
        except NotFound:
            pass  # not theirs: the search finds nothing there either
    return {"boards": mine, "labels": labels, "members": members}
