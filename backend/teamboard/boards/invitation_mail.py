"""The invitation's mail: who invites whom to which board, as what, and the link. The
same for every address, whether it has an account or not: the link's page tells them
apart, for the one who holds it."""

from __future__ import annotations

from teamboard.boards.models import Invitation, Role
from teamboard.core.config import Settings
from teamboard.mail.compose import Letter, compose

AS = {Role.viewer: "a viewer", Role.editor: "an editor", Role.owner: "an owner"}
ROLE_MEANS = {
    Role.viewer: "you can read the board, its cards and comments",
    Role.editor: "you can change its columns, cards, labels and comments",
    Role.owner: "you can also manage its members, archive it or delete it",
}
SUBJECT_NAME = 80  # characters of the board's name in the subject line


def link(settings: Settings, token: str) -> str:
    """The mailed link: the page that offers to accept, decline or sign up."""
    return f"{settings.base_url}/invitations/{token}"


def _one_line(text: str, limit: int) -> str:
    # Names are single-line already; a subject line must never carry a line break.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def invitation_letter(
    settings: Settings, *, inviter: str, board: str, invitation: Invitation, token: str
) -> Letter:
    subject = (
        f"{_one_line(inviter, 100)} invited you to “{_one_line(board, SUBJECT_NAME)}” on Teamboard"
    )
    expires = invitation.expires_at
    return compose(
        "invitation",
        to=invitation.email,
        subject=subject,
        base_url=settings.base_url,
        context={
            "inviter": inviter,
            "board": board,
            "role": AS[invitation.role],
            "role_means": ROLE_MEANS[invitation.role],
            "link": link(settings, token),
            "email": invitation.email,
            "expires": f"{expires.day} {expires:%B %Y}",
        },
    )
