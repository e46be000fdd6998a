"""The page of a log-in's second step, shared by the log-in page and provider log-in: it
asks for the code, keeping the log-in's ``mfa_token`` and ``next`` in the form (no script
needed) and the pre-log-in double-submit token as the log-in form does."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from teamboard.core.runtime import Runtime
from teamboard.web.forms import FormState
from teamboard.web.guard import entry_page

TEMPLATE = "accounts/login_code.html"


def second_step_page(
    request: Request,
    rt: Runtime,
    mfa_token: str,
    next_url: str,
    form: FormState | None = None,
    status: int = 200,
) -> Response:
    return entry_page(
        request, rt, TEMPLATE, next_url, form or FormState(), status, extra={"mfa_token": mfa_token}
    )
