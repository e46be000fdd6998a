"""Who is looking at each board. Several tabs of one user count once.

In one process a dictionary is enough. With Redis, each instance also mirrors which of
its users watch which board into a hash per board, and an instance that stops beating
(crashed) drops out of everyone's view within ``INSTANCE_TTL`` seconds."""

from __future__ import annotations

import json
from typing import Any, Protocol

INSTANCE_TTL = 30


class Presence(Protocol):
    async def join(self, board_id: int, user_id: int, name: str) -> bool:
        """Count one more tab; True when the user was not there before."""

    async def leave(self, board_id: int, user_id: int) -> bool:
        """Count one tab less; True when that was the user's last."""

    async def users(self, board_id: int) -> list[dict[str, Any]]: ...


class LocalPresence:
    def __init__(self) -> None:
        self._tabs: dict[int, dict[int, list[Any]]] = {}  # board → user → [tabs, name]

    async def join(self, board_id: int, user_id: int, name: str) -> bool:
        entry = self._tabs.setdefault(board_id, {}).setdefault(user_id, [0, name])
        entry[0] += 1
        return bool(entry[0] == 1)

    async def leave(self, board_id: int, user_id: int) -> bool:
        board = self._tabs.get(board_id, {})
        entry = board.get(user_id)
        if entry is None:
            return False
        entry[0] -= 1
        if entry[0] > 0:
            return False
        del board[user_id]
        if not board:
            self._tabs.pop(board_id, None)
        return True

    async def users(self, board_id: int) -> list[dict[str, Any]]:
        board = self._tabs.get(board_id, {})
        return [{"id": uid, "display_name": e[1]} for uid, e in sorted(board.items())]


class RedisPresence(LocalPresence):
    def __init__(self, redis: Any, instance: str, prefix: str) -> None:
        super().__init__()
        self.redis = redis
        self.instance = instance
        self.prefix = prefix

    def _key(self, board_id: int) -> str:
        return f"{self.prefix}presence:{board_id}"

    def alive_key(self, instance: str) -> str:
        return f"{self.prefix}instance:{instance}"

    async def beat(self) -> None:
        await self.redis.set(self.alive_key(self.instance), "1", ex=INSTANCE_TTL)

    async def join(self, board_id: int, user_id: int, name: str) -> bool:
        if not await super().join(board_id, user_id, name):
            return False
        field = f"{user_id}:{self.instance}"
        try:
            await self.redis.hset(self._key(board_id), field, json.dumps(name))
        except Exception:
            # Not counted here either, so that the user's next tab tries Redis again.
            await super().leave(board_id, user_id)
            raise
        return True

    async def leave(self, board_id: int, user_id: int) -> bool:
        if not await super().leave(board_id, user_id):
            return False
        await self.redis.hdel(self._key(board_id), f"{user_id}:{self.instance}")
        return True

    async def users(self, board_id: int) -> list[dict[str, Any]]:
        entries: dict[bytes, bytes] = await self.redis.hgetall(self._key(board_id))
        parsed = [(k.decode().split(":", 1), json.loads(v)) for k, v in entries.items()]
        instances = sorted({inst for (_uid, inst), _name in parsed})
        alive = await self.redis.mget([self.alive_key(i) for i in instances]) if instances else []
        live = {inst for inst, flag in zip(instances, alive, strict=True) if flag is not None}
        users = {int(uid): name for (uid, inst), name in parsed if inst in live}
        return [{"id": uid, "display_name": users[uid]} for uid in sorted(users)]

    async def forget_instance(self) -> None:
        """On shutdown: this instance's users leave everywhere at once."""
        for board_id in list(self._tabs):
            for user_id in list(self._tabs[board_id]):
                await self.redis.hdel(self._key(board_id), f"{user_id}:{self.instance}")
        await self.redis.delete(self.alive_key(self.instance))
