"""The real-time service: who watches which board in this process, and getting every
committed event to them once, in order.

Committed events arrive here from this process (right after commit), from other
processes (through Redis, see relay.py) and from the event log itself (a poller notices
boards whose log moved on without us hearing, e.g. a CLI import). Whatever the path, a
board's feed (feeds.py) delivers each seq once, in order, so the client that made a change
gets the same event as everyone else, through the same code."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from teamboard.accounts.callers import resolve_session
from teamboard.activity.service import current_seqs, events_after
from teamboard.boards.access import access_board
from teamboard.core.db import Database
from teamboard.core.metrics import WEBSOCKETS_OPEN
from teamboard.realtime.budget import REPLAY_PER_MINUTE, SUBSCRIBES_PER_MINUTE, Budget
from teamboard.realtime.connection import GOING_AWAY, POLICY, Connection, Watch, text_frame
from teamboard.realtime.feeds import BoardFeed
from teamboard.realtime.presence import LocalPresence, Presence
from teamboard.realtime.protocol import encode, error
from teamboard.realtime.tickets import still_allowed

log = logging.getLogger(__name__)


class Hub:
    def __init__(
        self,
        db: Database,
        *,
        max_replay: int = 1000,
        poll_seconds: float = 1.0,
        queue_size: int = 256,
        max_boards: int = 50,
        subscribes_per_minute: int = SUBSCRIBES_PER_MINUTE,
        replay_per_minute: int = REPLAY_PER_MINUTE,
    ) -> None:
        self.db = db
        self.max_replay = max_replay
        self.poll_seconds = poll_seconds
        self.queue_size = queue_size
        self.max_boards = max_boards
        self.subscribes_per_minute = subscribes_per_minute
        self.replay_per_minute = replay_per_minute
        self.presence: Presence = LocalPresence()
        # Set by the Redis relay: tells the other instances a board's presence changed.
        self.announce: Callable[[dict[str, Any]], None] | None = None
        self.feeds: dict[int, BoardFeed] = {}
        self.users: dict[int, set[Connection]] = {}
        self._poller: asyncio.Task[None] | None = None
        self._emptied: asyncio.Event | None = None  # set while close_all waits

    # -- connections -------------------------------------------------------------------

    def budget(self) -> Budget:
        """A new socket's budget of subscribe messages and replayed events (budget.py)."""
        return Budget(self.subscribes_per_minute, self.replay_per_minute)

    def attach(self, connection: Connection) -> None:
        WEBSOCKETS_OPEN.inc()
        self.users.setdefault(connection.actor.id, set()).add(connection)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())

    async def detach(self, connection: Connection) -> None:
        for board_id in list(connection.watching):
            await self.unsubscribe(connection, board_id)
        mine = self.users.get(connection.actor.id)
        if mine is not None and connection in mine:
            WEBSOCKETS_OPEN.dec()
            mine.discard(connection)
            if not mine:
                del self.users[connection.actor.id]
        if not self.users and self._emptied is not None:
            self._emptied.set()

    async def close_all(
        self, code: int = GOING_AWAY, reason: str = "server shutting down", wait: float = 3.0
    ) -> None:
        """Server shutdown: every socket is told to go away (1001), so that its client
        resumes on another instance; returns once their tasks have closed them, or after
        ``wait`` seconds."""
        if not self.users:
            return
        self._emptied = asyncio.Event()
        for connection in [c for mine in self.users.values() for c in mine]:
            connection.close(code, reason)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._emptied.wait(), wait)

    async def subscribe(self, connection: Connection, board_id: int, since: int | None) -> None:
        """Raises NotFound for a board the user may not see, as the API does, and
        OverBudget when the socket has asked for too much (nothing is done then)."""
        connection.budget.subscribe()
        if board_id in connection.watching:
            await self.unsubscribe(connection, board_id)
        if len(connection.watching) >= self.max_boards:
            connection.send(error("too_many", "Watching too many boards at once", board_id))
            return
        async with self.db.session() as db:
            await access_board(db, connection.actor, board_id)
        feed = self._feed(board_id)
        watch = connection.watching[board_id] = Watch()
        feed.watchers.add(connection)
        try:
            current = await feed.ready()
            sent = current
            if since is not None and since != current:
                if since > current or current - since > self.max_replay:
                    connection.send(error("resync_required", "Refetch the board", board_id))
                else:
                    connection.budget.replay(current - since)  # seqs of a board are gapless
                    for event in await self._events(board_id, since, current):
                        connection.send(encode(event))
            connection.send(encode({"type": "subscribed", "board_id": board_id, "seq": sent}))
            for seq, message in watch.held:
                if seq > sent:
                    connection.send_frame(message)
            watch.held.clear()
            watch.joining = False
            connection.budget.subscribed()
        except BaseException:
            await self.unsubscribe(connection, board_id)
            raise
        try:
            actor = connection.actor
            if await self.presence.join(board_id, actor.id, actor.display_name):
                await self._presence_changed(board_id)
            else:
                users = await self.presence.users(board_id)
                connection.send(encode({"type": "presence", "board_id": board_id, "users": users}))
        except Exception:  # Redis away: the subscription stands, presence is a nicety
            log.exception("presence of board %s not updated", board_id)

    async def unsubscribe(self, connection: Connection, board_id: int) -> None:
        watch = connection.watching.pop(board_id, None)
        feed = self.feeds.get(board_id)
        if feed is not None:
            feed.watchers.discard(connection)
            if not feed.watchers:
                del self.feeds[board_id]
        joined = watch is not None and not watch.joining
        try:
            if joined and await self.presence.leave(board_id, connection.actor.id):
                await self._presence_changed(board_id)
        except Exception:
            log.exception("presence of board %s not updated", board_id)

    # -- committed events ----------------------------------------------------------------

    def publish(self, events: list[dict[str, Any]]) -> None:
        """Committed events, from anywhere (synchronous: called right after a commit)."""
        for event in events:
            kind = event.get("type")
            board_id = event.get("board_id")
            if board_id is not None:
                self._board_event(int(board_id), event)
            elif kind in ("notification", "notification.read", "import.progress"):
                text = encode({k: v for k, v in event.items() if k != "user_id"})
                for connection in self.users.get(int(event["user_id"]), ()):
                    connection.send(text)
            elif kind == "user.changed":
                if int(event["user_id"]) in self.users:
                    asyncio.get_running_loop().create_task(self._recheck(int(event["user_id"])))
            elif kind == "presence.changed":
                asyncio.get_running_loop().create_task(self._push_presence(int(event["board"])))

    def _board_event(self, board_id: int, event: dict[str, Any]) -> None:
        feed = self.feeds.get(board_id)
        if feed is None:
            return
        if not event.get("seq"):  # the board is gone: its log with it
            message = text_frame(encode(event))
            for connection in list(feed.watchers):
                connection.send_frame(message)
                connection.watching.pop(board_id, None)
            del self.feeds[board_id]
            return
        feed.offer(event)
        if event.get("type") == "member.removed":
            gone = int(event["data"]["user_id"])
            for connection in list(feed.watchers):
                if connection.actor.id == gone:
                    connection.send(error("not_found", "No such board", board_id))
                    asyncio.get_running_loop().create_task(self.unsubscribe(connection, board_id))

    # -- internals -------------------------------------------------------------------------

    def _feed(self, board_id: int) -> BoardFeed:
        feed = self.feeds.get(board_id)
        if feed is None:
            feed = self.feeds[board_id] = BoardFeed(board_id, self._missed)
            asyncio.get_running_loop().create_task(self._start(feed))
        return feed

    async def _start(self, feed: BoardFeed) -> None:
        try:
            async with self.db.session() as db:
                seqs = await current_seqs(db, [feed.board_id])
        except Exception:
            log.exception("starting the feed of board %s failed", feed.board_id)
            if self.feeds.get(feed.board_id) is feed:
                del self.feeds[feed.board_id]
            feed.failed()
            return
        feed.start(seqs.get(feed.board_id, 0))

    async def _events(self, board_id: int, after: int, up_to: int | None) -> list[dict[str, Any]]:
        async with self.db.session() as db:
            return await events_after(db, board_id, after, up_to=up_to)

    async def _missed(self, board_id: int, after: int, up_to: int | None) -> list[dict[str, Any]]:
        """A feed's gap: events that reached this process only through the log (another
        process, no Redis) must also refresh its access cache. (A replay to a resuming
        client is old news here and leaves the cache alone.)"""
        events = await self._events(board_id, after, up_to)
        self.db.access.apply(events)
        return events

    async def _poll(self) -> None:
        while self.users:
            await asyncio.sleep(self.poll_seconds)
            await self.check_feeds()

    async def check_feeds(self) -> None:
        """Compare each watched board with the event log and fetch what did not arrive
        (also called when Redis comes back: what was published meanwhile is lost to us)."""
        boards = [b for b, feed in self.feeds.items() if feed.seq is not None]
        if not boards:
            return
        try:
            async with self.db.session() as db:
                latest = await current_seqs(db, boards)
        except Exception:  # the database is away: the next round tries again
            log.exception("polling board sequences failed")
            return
        for board_id in boards:
            feed = self.feeds.get(board_id)
            if feed is not None:
                feed.behind(latest.get(board_id, 0))

    async def _recheck(self, user_id: int) -> None:
        """A log-out, password change or deactivation: sockets opened with what it
        ended are closed."""
        for connection in list(self.users.get(user_id, ())):
            credential = connection.credential
            try:
                async with self.db.session() as db:
                    if credential.session_token is not None:
                        valid = await resolve_session(db, credential.session_token) is not None
                    else:
                        valid = await still_allowed(db, user_id, credential.auth_epoch or 0)
            except Exception:  # the database is away: end the socket, its client resumes
                log.exception("re-checking the credentials of user %s failed", user_id)
                valid = False
            if not valid:
                connection.close(POLICY, "credentials ended")

    async def _presence_changed(self, board_id: int) -> None:
        await self._push_presence(board_id)
        if self.announce is not None:
            self.announce({"type": "presence.changed", "board": board_id})

    async def _push_presence(self, board_id: int) -> None:
        feed = self.feeds.get(board_id)
        if feed is None:
            return
        try:
            users = await self.presence.users(board_id)
        except Exception:  # Redis away: presence is a nicety, the board goes on
            log.exception("reading presence of board %s failed", board_id)
            return
        message = text_frame(encode({"type": "presence", "board_id": board_id, "users": users}))
        for connection in list(feed.watchers):
            watch = connection.watching.get(board_id)
            if watch is not None and not watch.joining:
                connection.send_frame(message)
