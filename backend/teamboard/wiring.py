"""Assembles a process: the runtime, with every domain's reactions to the others' events
(core/reactions.py), and its background tasks (core/runner.py). The web app, the CLI and
the tests build their runtime here, so that a write does the same wherever it comes from."""

from __future__ import annotations

from teamboard.attachments.cleanup import Cleanup
from teamboard.attachments.copies import copy_files
from teamboard.boards import reactions as boards
from teamboard.boards.trash import Purger
from teamboard.cards import copies, copying
from teamboard.cards import reactions as cards
from teamboard.cards.schemas import CopyPart
from teamboard.core.config import Settings
from teamboard.core.events import Event
from teamboard.core.reactions import Reactions
from teamboard.core.runner import Runner
from teamboard.core.runtime import Runtime
from teamboard.mail.outbox import QUEUED
from teamboard.mail.sender import TASK as SENDER
from teamboard.mail.sender import MailSender
from teamboard.mail.smtp import SmtpServer
from teamboard.notifications import reactions as notifications
from teamboard.notifications.digest import Digests
from teamboard.notifications.reminders import Reminders
from teamboard.portability.jobs import QUEUED as IMPORT_QUEUED
from teamboard.portability.jobs import TASK as IMPORTER
from teamboard.portability.jobs import Importer
from teamboard.search import reactions as search

# Recorded by hot-path units (cards/moves.py), where no reaction can run.
HOT_PATH_EVENTS = ("card.moved",)


def reactions() -> Reactions:
    found = Reactions()
    for domain in (boards, cards, notifications, search):
        domain.register(found)
    found.check_quiet(HOT_PATH_EVENTS)
    return found


def copy_parts() -> None:
    """The parts of a card's copy that domains above cards copy (cards/copying.py); every
    part a client may name has its copier, or the process does not start."""
    copying.register(CopyPart.attachments, copy_files)
    copies.check_parts()


def build_runtime(settings: Settings) -> Runtime:
    copy_parts()
    runtime = Runtime.build(settings, reactions())
    # A deleted board's files leave the storage once its deletion committed.
    runtime.publisher.subscribe(Cleanup(runtime.files).published)
    return runtime


def background(runtime: Runtime) -> Runner:
    """The process's background tasks (core/runner.py), woken by what they wait for."""
    sender = MailSender(runtime.settings, runtime.db, SmtpServer.of(runtime.settings))
    digests = Digests(runtime.settings, runtime.db)
    reminders = Reminders(runtime.settings, runtime.db)
    # A card deleted for good takes its files out of the storage.
    purger = Purger(runtime.db, [Cleanup(runtime.files).purged])
    importer = Importer(runtime.settings, runtime.db, runtime.files)
    tasks = [sender.task(), digests.task(), reminders.task(), purger.task(), importer.task()]
    runner = Runner(tasks)

    def wake(events: list[Event]) -> None:
        if any(event.get("type") == QUEUED for event in events):
            runner.wake(SENDER)
        if any(event.get("type") == IMPORT_QUEUED for event in events):
            runner.wake(IMPORTER)

    runtime.publisher.subscribe(wake)
    return runner
