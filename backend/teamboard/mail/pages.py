"""The outbox for administrators: /admin/mail and /admin/mail/{id}."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.core.deps import DB, IdPath
from teamboard.core.schemas import Offset
from teamboard.mail import admin
from teamboard.web.render import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
# A sentence's closing punctuation after an address is not part of it.
_URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)]")


def linked(text: str) -> Markup:
    """The plain-text part, escaped, its http(s) addresses made links (the demo's way to
    follow a verification or reset link without a mail server)."""
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        url = escape(match.group())
        parts.append(f'<a href="{url}" rel="noopener noreferrer">{url}</a>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    html = "".join(parts)
    return Markup(html)  # noqa: S704 - every piece escaped above  # nosec B704


@router.get("/admin/mail")
async def outbox_page(request: Request, actor: PageActor, db: DB, offset: Offset = 0) -> Response:
    messages, total = await admin.list_messages(db, actor, limit=PER_PAGE, offset=offset)
    context = {"messages": messages, "total": total, "offset": offset, "limit": PER_PAGE}
    return render(request, "mail/outbox.html", context)


@router.get("/admin/mail/{message_id}")
async def message_page(request: Request, message_id: IdPath, actor: PageActor, db: DB) -> Response:
    message = await admin.read_message(db, actor, message_id)
    return render(
        request, "mail/message.html", {"message": message, "body": linked(message.text_body)}
    )
