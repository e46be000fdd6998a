from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from teamboard.core.schemas import Schema


class ProviderRead(BaseModel):
    key: str
    name: str
    # Open it in the browser (top-level navigation) with ``?next=/path`` on this site,
    # or ``?return_to=<address on an allowed origin>`` for an SPA on its own origin.
    start_url: str


class IdentityRead(BaseModel):
    model_config = {"from_attributes": True}

    id: int
    provider: str
    provider_name: str = ""
    email: str | None
    linked_at: datetime
    last_login_at: datetime | None


class HandoffExchange(Schema):
    code: Annotated[str, StringConstraints(min_length=1, max_length=200)]
