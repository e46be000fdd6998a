"""``POST /api/v1/ws-ticket``: a short-lived, single-use pass for ``/ws?ticket=…``."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from teamboard.accounts.deps import CurrentActor
from teamboard.core.deps import DB
from teamboard.realtime.tickets import TICKET_SECONDS, issue_ticket

router = APIRouter(tags=["real-time"])


class Ticket(BaseModel):
    ticket: str
    expires_in: int


@router.post("/ws-ticket", response_model=Ticket, status_code=201)
async def ws_ticket(actor: CurrentActor, db: DB) -> object:
    """For clients on another origin (no session cookie there): open
    ``wss://…/ws?ticket=…`` within 30 seconds; the ticket works once."""
    return {"ticket": await issue_ticket(db, actor), "expires_in": TICKET_SECONDS}
