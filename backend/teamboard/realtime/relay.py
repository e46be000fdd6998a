"""Several processes, one stream: with ``TEAMBOARD_REDIS_URL`` set, every committed event
of this process is published on a Redis channel, and the events of the others arrive from
it (redis-py's asyncio client). Local events are delivered here directly, not through
Redis, so a Redis outage costs other instances their live updates (the hub's poller reads
the log meanwhile), never this one's, and never a request."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

from redis.asyncio import Redis

from teamboard.core.db import Database
from teamboard.realtime.hub import Hub
from teamboard.realtime.presence import INSTANCE_TTL, RedisPresence

log = logging.getLogger(__name__)
MAX_PENDING = 10_000
PUBLISH_TIMEOUT = 5.0


class RedisRelay:
    def __init__(
        self, redis: Redis, url: str, hub: Hub, db: Database, prefix: str = "teamboard:"
    ) -> None:
        self.redis = redis  # the process's client (runtime.py), closed with the runtime
        # Publishing has a connection of its own, without redis-py's socket timeout: with
        # one, each write runs in a task of its own a loop turn later, after this
        # process has fanned the events out to its own sockets (app.py schedules that
        # right behind the publish) and the other instances could only start then.
        # asyncio.timeout bounds a publish instead.
        self._publisher = Redis.from_url(
            url, socket_timeout=None, socket_connect_timeout=2, health_check_interval=10
        )
        self.hub = hub
        self.db = db
        self.instance = uuid.uuid4().hex
        self.channel = f"{prefix}events"
        self.presence = RedisPresence(self.redis, self.instance, prefix)
        self._outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue(MAX_PENDING)
        self._tasks: list[asyncio.Task[None]] = []
        self._lost = False
        self._catch_up: asyncio.Task[None] | None = None
        hub.presence = self.presence
        hub.announce = self.forward

    def forward(self, message: dict[str, Any]) -> None:
        """Queue this process's committed events (or a presence change) for the others."""
        try:
            self._outbox.put_nowait(message)
        except asyncio.QueueFull:  # Redis has been away long: the log still has them
            log.warning("redis relay backlog full: dropping a message")

    def forward_events(self, events: list[dict[str, Any]]) -> None:
        self.forward({"events": events})

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._publish()),
            asyncio.create_task(self._listen()),
            asyncio.create_task(self._beat()),
        ]

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.presence.forget_instance()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        await self._publisher.aclose()

    async def _publish(self) -> None:
        while True:
            message = await self._outbox.get()
            payload = json.dumps({"from": self.instance, **message}, default=str)
            while True:
                try:
                    async with asyncio.timeout(PUBLISH_TIMEOUT):
                        await self._publisher.publish(self.channel, payload)
                    break
                except Exception as exc:
                    log.warning("redis publish failed (%s); retrying", exc)
                    await asyncio.sleep(1)

    async def _listen(self) -> None:
        delay = 0.5
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    # What the caches learnt before now may lack events published while
                    # nobody here listened: they start again from the database.
                    self.db.resync()
                    if self._lost:
                        # Whatever was published while we were away is gone: read it
                        # from the log now rather than at the next poll.
                        self._catch_up = asyncio.create_task(self.hub.check_feeds())
                    delay = 0.5
                    self._lost = False
                    self.db.hears_all = True
                    async for message in pubsub.listen():
                        self._receive(message["data"])
            except asyncio.CancelledError:
                self.db.hears_all = False
                raise
            except Exception as exc:
                self.db.hears_all = False
                self._lost = True
                log.warning("redis subscription lost (%s); reconnecting", exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)

    def _receive(self, data: bytes) -> None:
        message = json.loads(data)
        if message.get("from") == self.instance:
            return
        events = message.get("events")
        if events:
            self.db.changed(events)  # another process's writes: forget or apply what they changed
            self.hub.publish(events)
        elif message.get("type") == "presence.changed":
            self.hub.publish([message])

    async def _beat(self) -> None:
        while True:
            with contextlib.suppress(Exception):
                await self.presence.beat()
            await asyncio.sleep(INSTANCE_TTL / 3)
