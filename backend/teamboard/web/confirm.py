""" "Are you sure?" for the pages: a destructive form posted without ``confirm=yes`` gets a
page that asks, with the same form to post again (and Cancel), and changes nothing. With
JavaScript off there is no toast to undo from, so the pages ask first and then offer the
undo in their message (web/flash.py)."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from teamboard.web.render import render


def confirmed(form: FormData) -> bool:
    return form.get("confirm") == "yes"


def confirm_page(
    request: Request,
    *,
    title: str,
    explain: str,
    action: str,
    button: str,
    back: str,
    fields: dict[str, object] | None = None,
    quote: str = "",
) -> Response:
    context = {
        "title": title,
        "explain": explain,
        "action": action,
        "button": button,
        "back": back,
        "fields": fields or {},
        "quote": quote,
    }
    return render(request, "confirm.html", context)
