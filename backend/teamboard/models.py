"""Imports every model so that ``Base.metadata`` is complete (Alembic, tests)."""

from teamboard.accounts.models import BrowserSession, RefreshToken, User
from teamboard.activity.models import Event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.models import Card, CardAssignee, CardLabel, Comment
from teamboard.core.db import Base
from teamboard.oauth.models import OAuthHandoff, OAuthIdentity

__all__ = [
    "Base",
    "Board",
    "BoardColumn",
    "BoardMember",
    "BrowserSession",
    "Card",
    "CardAssignee",
    "CardLabel",
    "Comment",
    "Event",
    "Label",
    "OAuthHandoff",
    "OAuthIdentity",
    "RefreshToken",
    "Role",
    "User",
]
