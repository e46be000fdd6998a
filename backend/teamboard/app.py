"""The ASGI application: one FastAPI app serving the JSON API and the web pages."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.cors import CORSMiddleware

from teamboard.accounts.account_pages import router as account_pages
from teamboard.accounts.api import router as accounts_router
from teamboard.accounts.deps import page_visitor
from teamboard.accounts.email_api import router as account_links_router
from teamboard.accounts.email_pages import router as account_links_pages
from teamboard.accounts.pages import router as accounts_pages
from teamboard.accounts.two_factor_api import router as two_factor_router
from teamboard.activity.api import router as activity_router
from teamboard.activity.pages import router as activity_pages
from teamboard.attachments.api import UPLOAD_PATH
from teamboard.attachments.api import router as attachments_router
from teamboard.attachments.pages import router as attachments_pages
from teamboard.boards.api import router as boards_router
from teamboard.boards.invitation_pages import router as invitation_pages
from teamboard.boards.models import Role
from teamboard.boards.pages import router as boards_pages
from teamboard.boards.settings_pages import router as settings_pages
from teamboard.cards.api import router as cards_router
from teamboard.cards.board_pages import router as board_pages
from teamboard.cards.checklist_api import router as checklists_router
from teamboard.cards.checklist_pages import router as checklist_pages
from teamboard.cards.column_pages import router as column_pages
from teamboard.cards.not_modified import NotModifiedShortcut
from teamboard.cards.pages import router as cards_pages
from teamboard.core.compression import MINIMUM_SIZE, CompressMiddleware
from teamboard.core.config import Settings, get_settings
from teamboard.core.deps import CloseSessions
from teamboard.core.events import Event
from teamboard.core.http import CSP, BodyLimit, SecurityHeaders, install_error_handlers
from teamboard.core.metrics import worker_exited
from teamboard.core.observe import Observe
from teamboard.core.openapi import install_openapi
from teamboard.core.routing import gate_included_routers
from teamboard.core.runtime import Runtime
from teamboard.mail.pages import router as mail_pages
from teamboard.notifications.api import router as notifications_router
from teamboard.notifications.pages import router as notifications_pages
from teamboard.oauth.api import router as oauth_router
from teamboard.oauth.deps import install_providers
from teamboard.oauth.pages import router as oauth_pages
from teamboard.ops.api import router as ops_router
from teamboard.portability.api import IMPORT_PATH
from teamboard.portability.api import router as imports_router
from teamboard.portability.export_api import router as export_router
from teamboard.portability.pages import router as import_pages
from teamboard.realtime.api import router as ticket_router
from teamboard.realtime.hub import Hub
from teamboard.realtime.protocol import client_message, server_message
from teamboard.realtime.relay import RedisRelay
from teamboard.realtime.ws import LiveSockets
from teamboard.search.api import router as search_router
from teamboard.search.pages import router as search_pages
from teamboard.web.assets import dev_csp, install_frontend
from teamboard.web.docs import mount_static
from teamboard.web.docs import router as docs_router
from teamboard.web.site import install_web
from teamboard.wiring import background, build_runtime

API_PREFIX = "/api/v1"
# What a multipart upload sends besides the file: its boundaries, headers and a CSRF field.
UPLOAD_FORM_BYTES = 16 * 1024
# The server-rendered pages (they work with JavaScript off).
PAGES = (
    accounts_pages,
    account_links_pages,
    account_pages,
    boards_pages,
    settings_pages,
    invitation_pages,
    board_pages,
    column_pages,
    cards_pages,
    checklist_pages,
    attachments_pages,
    import_pages,
    activity_pages,
    oauth_pages,
    mail_pages,
    notifications_pages,
    search_pages,
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = runtime or build_runtime(settings)

    hub = Hub(
        runtime.db,
        max_replay=settings.ws_max_replay,
        poll_seconds=settings.realtime_poll_seconds,
        queue_size=settings.ws_queue_size,
        subscribes_per_minute=settings.ws_subscribes_per_minute,
        replay_per_minute=settings.ws_replay_per_minute,
    )
    relay = (
        RedisRelay(runtime.redis, settings.redis_url, hub, runtime.db)
        if runtime.redis is not None
        else None
    )
    if relay is None:
        runtime.publisher.subscribe(hub.publish)
    else:
        # The other instances first: the relay's task writes the events to Redis on the
        # loop's next turn, and only then does this process write them to its own
        # sockets (thousands of frames), so the instances fan out side by side.
        runtime.publisher.subscribe(relay.forward_events)

        def then_here(events: list[Event]) -> None:
            asyncio.get_running_loop().call_soon(hub.publish, events)

        runtime.publisher.subscribe(then_here)

    runner = background(runtime) if settings.background == "embedded" else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if relay is not None:
            relay.start()
        if runner is not None:
            runner.start()
        yield
        if runner is not None:
            await runner.stop()
        await hub.close_all()  # any socket the server did not close first (tests, --reload)
        if relay is not None:
            await relay.stop()
        await runtime.close()
        worker_exited(os.getpid())

    app = FastAPI(
        title="Teamboard API",
        version="1",
        description="Boards, columns, cards, comments, labels and members. Browsers use the "
        "session cookie (+ X-CSRF-Token on writes); API clients use bearer tokens from "
        "`/api/v1/auth/token`.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.hub = hub
    # The WebSocket protocol, both ways (realtime/protocol.py): generated clients type it.
    install_openapi(app, {"ServerMessage": server_message, "ClientMessage": client_message})
    install_error_handlers(app)
    # Most-requested first: FastAPI tries routes in order. Card moves lead; a repeated
    # board read is mostly answered before routing (cards/not_modified.py).
    routers = (
        cards_router,
        checklists_router,
        boards_router,
        accounts_router,
        account_links_router,
        two_factor_router,
        oauth_router,
        activity_router,
        notifications_router,
        ticket_router,
        search_router,
        export_router,
        attachments_router,
        imports_router,
    )
    for router in routers:
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(ops_router)
    app.include_router(docs_router)
    install_web(
        app,
        runtime,
        routers=PAGES,
        visitor=page_visitor,
        template_globals={"Role": Role},
    )
    install_frontend(app, settings)
    install_providers(app, settings)
    mount_static(app)
    gate_included_routers(app)  # last of the routes (core/routing.py)

    app.add_middleware(CloseSessions)
    app.add_middleware(NotModifiedShortcut, runtime=runtime, prefix=API_PREFIX)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[o for o in settings.cors_origins if o != "*"] or [],
        allow_origin_regex=None,
        allow_credentials=settings.cors_allow_credentials,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "X-CSRF-Token",
            "If-Match",
            "If-None-Match",
        ],
        expose_headers=["ETag", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        upload_paths=UPLOAD_PATH,
        # A file may be as large as an upload may be, with room for the form around it.
        upload_bytes=settings.max_upload_bytes + UPLOAD_FORM_BYTES,
        limits=((IMPORT_PATH, settings.max_import_bytes + UPLOAD_FORM_BYTES),),
    )
    csp = dev_csp(settings.vite_dev_url) if settings.vite_dev_url else CSP
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies, csp=csp)
    # Compresses what the app answers (core/compression.py); WebSockets pass by untouched.
    app.add_middleware(CompressMiddleware, minimum_size=MINIMUM_SIZE)
    # Outside everything that answers HTTP, the 304 shortcut included.
    templates = {
        id(route): API_PREFIX + route.path
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
    }
    app.add_middleware(Observe, templates=templates)
    app.add_middleware(LiveSockets)  # outermost: see realtime/ws.py
    return app
