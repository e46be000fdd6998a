"""Imports every model so that ``Base.metadata`` is complete (Alembic, tests)."""

from teamboard.accounts.models import (
    BrowserSession,
    EmailToken,
    MfaChallenge,
    RecoveryCode,
    RefreshToken,
    User,
)
from teamboard.attachments.models import Attachment
from teamboard.boards.models import (
    Board,
    BoardColumn,
    BoardMember,
    Event,
    Invitation,
    Label,
    Role,
)
from teamboard.boards.trash import Trashed
from teamboard.cards.models import (
    Card,
    CardAssignee,
    CardLabel,
    Checklist,
    ChecklistItem,
    Comment,
)
from teamboard.core.leases import Lease
from teamboard.core.models import Base
from teamboard.mail.models import OutboxMessage
from teamboard.notifications.models import (
    CardFollow,
    CardReminder,
    DeliverySettings,
    Notification,
    NotificationDigest,
)
from teamboard.oauth.models import OAuthFlowUse, OAuthHandoff, OAuthIdentity
from teamboard.portability.models import Import
from teamboard.realtime.models import WsTicket
from teamboard.search.models import SearchDocument

__all__ = [
    "Attachment",
    "Base",
    "Board",
    "BoardColumn",
    "BoardMember",
    "BrowserSession",
    "Card",
    "CardAssignee",
    "CardFollow",
    "CardLabel",
    "CardReminder",
    "Checklist",
    "ChecklistItem",
    "Comment",
    "DeliverySettings",
    "EmailToken",
    "Event",
    "Import",
    "Invitation",
    "Label",
    "Lease",
    "MfaChallenge",
    "Notification",
    "NotificationDigest",
    "OAuthFlowUse",
    "OAuthHandoff",
    "OAuthIdentity",
    "OutboxMessage",
    "RecoveryCode",
    "RefreshToken",
    "Role",
    "SearchDocument",
    "Trashed",
    "User",
    "WsTicket",
]
