"""The search route: GET /api/v1/search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from teamboard.accounts.deps import CurrentActor
from teamboard.core.deps import DB
from teamboard.search.schemas import SearchPage, SearchParams
from teamboard.search.service import search as run_search

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchPage)
async def search(params: Annotated[SearchParams, Query()], actor: CurrentActor, db: DB) -> object:
    """Cards of every board the caller is a member of whose title, description, comments
    or label names match ``q``: best match first, then the most recently changed.
    ``"exact phrase"``, ``-word`` (without), ``a or b``; the last word also finds the
    words it begins. A blank ``q`` finds nothing."""
    return await run_search(db, actor, params)
