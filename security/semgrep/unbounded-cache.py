# Tests of the unbounded-cache rules: `semgrep --test security/semgrep`.
import functools
from functools import cache, lru_cache

# ruleid: unbounded-cache
@functools.cache
def parse(text: str) -> str:
    return text.strip()


# ruleid: unbounded-cache
@cache
def lookup(key: str) -> str:
    return key


# ruleid: unbounded-cache
@lru_cache(maxsize=None)
def render(text: str) -> str:
    return text


# ruleid: unbounded-cache
@functools.lru_cache(None)
def render_again(text: str) -> str:
    return text


# ok: unbounded-cache
@lru_cache(maxsize=256)
def bounded(text: str) -> str:
    return text


# ok: unbounded-cache
@cache
def word_list() -> frozenset[str]:
    return frozenset({"a"})


_seen = {}
_by_user: dict[int, list[str]] = {}
LIMIT = 1000


def remember(key: str, value: str) -> None:
    # ruleid: unbounded-module-dict
    _seen[key] = value


async def note(user: int, line: str) -> None:
    # ruleid: unbounded-module-dict
    _by_user.setdefault(user, []).append(line)


def remember_bounded(key: str, value: str) -> None:
    if len(_seen) > LIMIT:
        _seen.clear()
    # ok: unbounded-module-dict
    _seen[key] = value


def local(keys: list[str]) -> dict[str, int]:
    counts = {}
    for key in keys:
        # ok: unbounded-module-dict
        counts[key] = 1
    return counts


def closure(keys: list[str]) -> list[str]:
    seen: dict[str, None] = {}

    def walk(key: str) -> None:
        # ok: unbounded-module-dict
        seen[key] = None

    for key in keys:
        walk(key)
    return list(seen)


class Assets:
    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}
        self._fixed: dict[str, bytes] = {}

    def load(self, name: str) -> bytes:
        found = self._files.get(name)
        if found is None:
            found = name.encode()
            # ruleid: unbounded-instance-cache
            self._files[name] = found
        return found

    def entry(self) -> bytes:
        # ok: unbounded-instance-cache
        self._fixed["index"] = b""
        return self._fixed["index"]


class Bounded:
    def __init__(self) -> None:
        self._hits: dict[str, int] = {}

    def hit(self, key: str) -> None:
        # ok: unbounded-instance-cache
        self._hits[key] = self._hits.get(key, 0) + 1
        if len(self._hits) > 100:
            self._hits.clear()


class Building:
    def __init__(self) -> None:
        self._building: dict[str, int] = {}

    def once(self, key: str) -> None:
        # ok: unbounded-instance-cache
        self._building[key] = 1
        try:
            pass
        finally:
            del self._building[key]
