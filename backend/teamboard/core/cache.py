"""A process-local cache of who may see what, so the hottest reads (token → user,
session → user, a user and a board → ETag) need no database round trip.

It is kept exact by the committed events of this process: every entry belongs to a scope
(a board, a user), and an event for that scope drops its entries and bumps its
generation. A reader that started before such an event cannot store its (stale) answer:
``put`` refuses when the scope's generation moved on meanwhile. Writes made by *other*
processes are only seen when an entry expires, so the time-to-live bounds staleness there
(``TEAMBOARD_CACHE_SECONDS``; 0 turns the cache off).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar, cast

T = TypeVar("T")
Scope = tuple[str, int]
MAX_ENTRIES = 50_000
# An expired entry is refreshed by the first reader; the others keep the old value this
# long meanwhile, rather than all querying at once when a popular entry expires.
REFRESH_GRACE = 1.0
# Board events that change what the board shows, never who may see it (any other type,
# known or not, also forgets the board's members).
_CONTENT = (
    *("card.", "comment.", "checklist.", "checklist_item.", "attachment."),
    *("column.", "columns.", "label.", "invitation.", "board.updated"),
)


class AccessCache:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._by_scope: dict[Scope, set[Hashable]] = {}
        self._generation: dict[Scope, int] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def generation(self, scope: Scope) -> int:
        return self._generation.get(scope, 0)

    def get(self, key: Hashable) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        now = time.monotonic()
        if expires < now:
            # The caller refreshes: with ``put`` when the answer still holds, else with
            # ``discard``, so a refused refresh never leaves the old value behind.
            self._entries[key] = (now + min(self.ttl, REFRESH_GRACE), value)
            return None
        return value

    def peek(self, key: Hashable) -> Any:
        """The live value, or None; unlike ``get`` it never asks the caller to refresh,
        for readers that fall back to one that will."""
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def discard(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def put(self, key: Hashable, value: Any, scope: Scope, generation: int) -> None:
        """Store unless ``scope`` changed since the caller read ``generation``."""
        if not self.enabled or self.generation(scope) != generation:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self.clear()
        self._entries[key] = (time.monotonic() + self.ttl, value)
        self._by_scope.setdefault(scope, set()).add(key)

    def forget(self, scope: Scope) -> None:
        # One counter per board or user that ever changed: bounded by the database, and only
        # writes (committed events) add one, never a read.
        self._generation[scope] = self.generation(scope) + 1  # nosemgrep: unbounded-instance-cache
        for key in self._by_scope.pop(scope, ()):
            self._entries.pop(key, None)

    def clear(self) -> None:
        for scope in list(self._by_scope):
            self.forget(scope)
        self._entries.clear()

    def apply(self, events: list[dict[str, Any]]) -> None:
        """Committed events name what changed: a board (its log) or a user. Who may see a
        board (its ``members`` scope: a user's role there) changes with few of them."""
        for event in events:
            if event.get("board_id") is not None:
                board = int(event["board_id"])
                self.forget(("board", board))
                if not str(event.get("type")).startswith(_CONTENT):
                    self.forget(("members", board))
            if event.get("type") == "user.changed":
                # Credentials of everyone: changes are rare, and a lookup by session
                # token cannot know its user before it has read it.
                self.forget(("users", 0))


# What the memoised renderings may weigh together: a 10,000-card board's rendering is
# tens of MB (its read models, its JSON, its page's columns), and 256 versions of it would
# be gigabytes. The newest entry is kept whatever it weighs.
MEMO_BUDGET = 128 * 1024 * 1024
# The weight of a value that gives none (:func:`weight_of`).
DEFAULT_WEIGHT = 1024


def weight_of(value: Any) -> int:
    """About how many bytes ``value`` keeps alive: a text's length, or its own estimate
    (a ``weight`` attribute, e.g. cards/board_read.BoardSnapshot's)."""
    if isinstance(value, str | bytes):
        return len(value)
    weight = getattr(value, "weight", None)
    return weight if isinstance(weight, int) else DEFAULT_WEIGHT


class Memo:
    """A small LRU for values that are pure functions of their key — e.g. a board's
    rendering keyed by its event seq — so it never needs invalidating, only bounding: by
    count (``size``) and by weight (``budget`` bytes, :func:`weight_of`)."""

    def __init__(self, size: int = 256, budget: int = MEMO_BUDGET) -> None:
        self.size = size
        self.budget = budget
        self.weight = 0  # of the entries held
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._building: dict[Hashable, asyncio.Future[Any]] = {}

    def get(self, key: Hashable) -> Any:
        entry = self._data.get(key)
        if entry is None:
            return None
        self._data.move_to_end(key)
        return entry[0]

    def clear(self) -> None:
        self._data.clear()
        self.weight = 0

    async def once(
        self,
        key: Hashable,
        build: Callable[[], Awaitable[T]],
        keep: Callable[[T], bool] | None = None,
    ) -> T:
        """The value for ``key``, built by one caller while the others wait for it: after a
        change, every concurrent reader of a board would otherwise render it again. A
        value ``keep`` refuses goes to those waiting, and is not stored."""
        value = self.get(key)
        if value is not None:
            return cast(T, value)
        building = self._building.get(key)
        if building is not None:
            # Shielded: a waiter's cancellation must not cancel the shared build's result.
            value = await asyncio.shield(building)
            if value is not None:
                return cast(T, value)
            return await build()  # the builder failed (or was cancelled): try ourselves
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._building[key] = future
        try:
            value = await build()
            if keep is None or keep(value):
                self.put(key, value)
        finally:
            del self._building[key]
            future.set_result(value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self.weight -= old[1]
        weight = weight_of(value)
        self._data[key] = (value, weight)
        self.weight += weight
        while len(self._data) > 1 and (len(self._data) > self.size or self.weight > self.budget):
            self.weight -= self._data.popitem(last=False)[1][1]
