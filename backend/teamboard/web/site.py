"""Wires the server-rendered pages into the app: their routers, the error pages, the
log-in redirect, the flash key and the compiled templates. The app says which routers and
how to recognise a visitor; web itself knows no domain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI

from teamboard.core.http import HTML_ERROR_RENDERER
from teamboard.core.runtime import Runtime
from teamboard.web.errors import Visitor, on_login_required, render_error
from teamboard.web.flash import derive_key
from teamboard.web.guard import Redirect
from teamboard.web.render import env, precompile


def install_web(
    app: FastAPI,
    runtime: Runtime,
    *,
    routers: Iterable[APIRouter],
    visitor: Visitor,
    template_globals: Mapping[str, Any],
) -> None:
    env.globals.update(template_globals)
    precompile()
    app.state.flash_key = derive_key(runtime.settings.resolved_secret_key())
    app.state.page_visitor = visitor
    setattr(app.state, HTML_ERROR_RENDERER, render_error)
    app.add_exception_handler(Redirect, on_login_required)
    for pages in routers:
        app.include_router(pages)
