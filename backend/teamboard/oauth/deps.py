"""The process's log-in providers (a :class:`Gateway`, built once by the app from the
settings: discovery documents and key sets are cached in it), for routes and pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request

from teamboard.core.config import Settings
from teamboard.oauth.providers import Gateway


def install_providers(app: FastAPI, settings: Settings) -> None:
    app.state.providers = Gateway(settings)


def providers_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.providers
    return gateway


async def get_providers(request: Request) -> Gateway:
    return providers_of(request)


Providers = Annotated[Gateway, Depends(get_providers)]
