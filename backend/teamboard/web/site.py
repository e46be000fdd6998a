"""Wires the server-rendered web app into the FastAPI app: routers, error pages,
the log-in redirect, the flash key, compiled templates; and the landing page."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import Response

from teamboard.accounts.pages import router as accounts_pages
from teamboard.activity.pages import router as activity_pages
from teamboard.boards.pages import router as boards_pages
from teamboard.boards.settings_pages import router as settings_pages
from teamboard.cards.pages import router as cards_pages
from teamboard.core.http import HTML_ERROR_RENDERER
from teamboard.core.runtime import Runtime
from teamboard.oauth.pages import router as oauth_pages
from teamboard.web.errors import on_login_required, render_error
from teamboard.web.flash import derive_key
from teamboard.web.guard import LoginRequired, MaybeActor
from teamboard.web.render import precompile, render

router = APIRouter(include_in_schema=False)


@router.get("/")
async def landing(request: Request, actor: MaybeActor) -> Response:
    return render(request, "landing.html")


def install_web(app: FastAPI, runtime: Runtime) -> None:
    precompile()
    app.state.flash_key = derive_key(runtime.settings.resolved_secret_key())
    setattr(app.state, HTML_ERROR_RENDERER, render_error)
    app.add_exception_handler(LoginRequired, on_login_required)
    for pages in (
        router,
        accounts_pages,
        boards_pages,
        settings_pages,
        cards_pages,
        activity_pages,
        oauth_pages,
    ):
        app.include_router(pages)
