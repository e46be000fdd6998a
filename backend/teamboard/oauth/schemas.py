from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from teamboard.core.schemas import Schema


class ProviderRead(BaseModel):
    key: str
    name: str
    # Open it in the browser (top-level navigation) with ``?next=/path`` on this site, or,
    # for an SPA on its own origin, ``?return_to=<address on an allowed origin>`` and
    # ``&code_challenge=<S256 challenge of a verifier the SPA keeps for the exchange>``.
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
    # The verifier whose S256 challenge started the log-in (RFC 7636: 43..128 characters).
    # Left out, or wrong, the exchange fails and the code is spent.
    code_verifier: Annotated[str, StringConstraints(max_length=128)] = ""
