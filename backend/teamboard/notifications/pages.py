"""Pages: e-mail settings for notifications, following a card from its page, and the
unsubscribe link of every notification message (which works without logging in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import ValidationError
from starlette.responses import Response

from teamboard.accounts.deps import PageActor
from teamboard.core.actor import Actor
from teamboard.core.deps import DB, RT, IdPath
from teamboard.core.errors import Invalid
from teamboard.notifications import follows, preferences, unsubscribe
from teamboard.notifications.preferences import TOPICS, Delivery
from teamboard.notifications.schemas import NotificationSettings
from teamboard.web.forms import FormState, errors_of, text
from teamboard.web.guard import PageForm
from teamboard.web.render import redirect, render

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Path(max_length=100)]
TOPIC_LABELS = {
    "mentions": ("Mentions", "Someone @mentions you in a comment."),
    "assignments": ("Assignments", "Someone assigns you to a card."),
    "comments": (
        "Comments on cards you follow",
        "You follow the cards you create, are "
        "assigned to or comment on, and those whose Follow button you press.",
    ),
    "due_dates": ("Due dates", "A card assigned to you is due today, or overdue."),
}
CHOICES = (
    (Delivery.immediately, "Immediately"),
    (Delivery.daily, "Daily digest"),
    (Delivery.off, "Off"),
)


async def _settings_page(
    request: Request, db: DB, actor: Actor, form: FormState | None = None, status: int = 200
) -> Response:
    context = {
        "choices": await preferences.read_choices(db, actor.id),
        "topics": [(topic, *TOPIC_LABELS[topic]) for topic in TOPICS],
        "options": CHOICES,
        "digest_hour": db.settings.digest_hour_utc,
        "form": form or FormState(),
    }
    return render(request, "notifications/settings.html", context, status=status)


@router.get("/account/notifications")
async def settings_page(request: Request, actor: PageActor, db: DB) -> Response:
    return await _settings_page(request, db, actor)


@router.post("/account/notifications")
async def save_settings(request: Request, actor: PageActor, form: PageForm, db: DB) -> Response:
    try:
        body = NotificationSettings.model_validate({t: text(form, t) for t in TOPICS})
        await preferences.save_choices(db, actor, body.model_dump())
    except (ValidationError, Invalid) as exc:
        state = FormState.of("notifications", form, errors_of(exc))
        return await _settings_page(request, db, actor, state, 422)
    return redirect(request, "/account/notifications", "E-mail settings saved.")


# -- following a card -----------------------------------------------------------------------


@router.post("/cards/{card_id}/follow")
async def follow_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    await follows.follow(db, actor, card_id)
    return redirect(request, f"/cards/{card_id}", "You follow this card now.")


@router.post("/cards/{card_id}/unfollow")
async def unfollow_card(request: Request, card_id: IdPath, actor: PageActor, db: DB) -> Response:
    await follows.unfollow(db, actor, card_id)
    return redirect(request, f"/cards/{card_id}", "You no longer follow this card.", "info")


# -- unsubscribing from a message, without a session ----------------------------------------
# No actor here, on purpose: the token is the authority, and a mail client's one-click POST
# (RFC 8058) carries neither a session nor a CSRF token.


@router.get("/unsubscribe/{token}")
async def unsubscribe_page(request: Request, token: Token, db: DB, rt: RT) -> Response:
    link = await unsubscribe.check_link(db, rt.settings, token)
    return render(request, "notifications/unsubscribe.html", {"link": link, "done": False})


@router.post("/unsubscribe/{token}")
async def unsubscribe_now(request: Request, token: Token, db: DB, rt: RT) -> Response:
    link = await unsubscribe.unsubscribe(db, rt.settings, token)
    return render(request, "notifications/unsubscribe.html", {"link": link, "done": True})
