"""Rendering pages: one Jinja environment (autoescaped, compiled once) and the context
every page shares (who is signed in, the CSRF token, the flash message)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from teamboard.core.security import mask_token
from teamboard.web import avatars, dates
from teamboard.web.assets import vite_tags
from teamboard.web.flash import Kind, Undo, clear_flash, flash, read_flash
from teamboard.web.forms import EMPTY
from teamboard.web.markdown import markdown_filter

env = Environment(
    loader=PackageLoader("teamboard.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    auto_reload=False,
    cache_size=-1,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.do"],
)


@pass_context
def _when(context: Context, value: datetime | str | None) -> str:
    """A time in the viewer's zone (``time_zone`` of the page's context; UTC without)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return dates.local_time(moment, context.get("time_zone"))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


@pass_context
def _due(context: Context, value: date) -> dates.Due:
    """A due date against the viewer's today (``today`` of the context, else computed)."""
    today = context.get("today") or dates.today_in(context.get("time_zone"))
    return dates.due(value, today)


env.filters.update(
    markdown=markdown_filter, when=_when, day=_day, due=_due, initials=avatars.initials
)
env.globals.update(EMPTY=EMPTY, vite_tags=vite_tags, avatar_colour=avatars.colour_class)


def viewer_clock(actor: object) -> dict[str, Any]:
    """The viewer's zone and today there: what dates on a page are read against."""
    zone_name = getattr(actor, "time_zone", None)
    return {"time_zone": zone_name, "today": dates.today_in(zone_name)}


def precompile() -> None:
    """Compile every template at start-up: no request pays for it, and a broken
    template stops the process instead of one page."""
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def csrf_token(request: Request) -> str:
    """The token this page's forms carry: the session's (or, before log-in, the
    double-submit cookie's) masked with a pad of this response's own, the same in every
    form of the page. Pages are compressed: an unmasked secret could be guessed from the
    sizes of pages that reflect a guess next to it (BREACH)."""
    actor = getattr(request.state, "actor", None)
    if actor is not None and actor.csrf_token:
        secret = str(actor.csrf_token)
    else:
        secret = str(getattr(request.state, "pre_login_token", ""))
    if not secret:
        return ""
    kept: tuple[str, str] | None = getattr(request.state, "masked_csrf", None)
    if kept is None or kept[0] != secret:
        kept = (secret, mask_token(secret))
        request.state.masked_csrf = kept
    return kept[1]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    message = read_flash(request)
    actor = getattr(request.state, "actor", None)
    values = {
        **viewer_clock(actor),
        "request": request,
        "actor": actor,
        "csrf_token": csrf_token(request),
        "flash": message,
        "form": EMPTY,
    }
    values.update(context or {})
    html = env.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status, headers=headers)
    # Pages carry per-user data and CSRF tokens: never stored by a cache or "Back".
    response.headers["cache-control"] = "no-store"
    if message is not None:
        clear_flash(response)
    return response


def redirect(
    request: Request,
    url: str,
    message: str | None = None,
    kind: Kind = "success",
    *,
    undo: Undo | None = None,
) -> RedirectResponse:
    """POST-redirect-GET: 303 so the browser follows with a GET. With ``undo``, the
    message offers an "Undo" button while the action can still be undone."""
    response = RedirectResponse(url, status_code=303)
    if message:
        flash(request, response, message, kind, undo)
    return response
