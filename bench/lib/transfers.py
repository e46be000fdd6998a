"""Large files through the attachments API, streamed by the client both ways (httpx sends
a file object of a multipart form in chunks, and ``stream`` reads the answer in chunks):
the client never holds a file in memory either, so its own RSS does not blur the figures."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from devkit.api import expect
from lib.common import API, BenchError

CHUNK = 1024 * 1024


def random_file(path: Path, size: int) -> str:
    """``size`` random bytes (stored as they are: octets, no thumbnail, nothing for the
    compressor to do); their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        left = size
        while left:
            chunk = os.urandom(min(CHUNK, left))
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def client(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=120
    )


def upload(http: httpx.Client, card_id: int, path: Path) -> dict[str, Any]:
    with path.open("rb") as source:
        r = http.post(
            f"{API}/cards/{card_id}/attachments",
            files={"file": (path.name, source, "application/octet-stream")},
        )
    found: dict[str, Any] = expect(r, 201, "upload")
    return found


def download(http: httpx.Client, attachment_id: int, rate: float | None = None) -> str:
    """The file's SHA-256, read as it arrives; no faster than ``rate`` bytes a second when
    given (a slow reader: the server must wait for it, not read ahead into memory)."""
    digest = hashlib.sha256()
    url = f"{API}/attachments/{attachment_id}/content"
    began, got = time.monotonic(), 0
    with http.stream("GET", url) as r:
        if r.status_code != 200:
            r.read()
            raise BenchError(f"GET {url}: {r.status_code} {r.text[:300]}")
        for chunk in r.iter_bytes(CHUNK):
            digest.update(chunk)
            got += len(chunk)
            if rate is not None:
                time.sleep(max(0.0, began + got / rate - time.monotonic()))
    return digest.hexdigest()


def delete(http: httpx.Client, attachment_id: int) -> None:
    expect(http.delete(f"{API}/attachments/{attachment_id}"), 204, "delete attachment")


@dataclass
class Traffic:
    """Uploads (each deleted again, so the board's quota never fills) and downloads of a
    stored file, back to back in two threads until stopped: what a board's readers share
    the server with in the mixed run."""

    base_url: str
    token: str
    card_id: int
    path: Path
    stored_id: int
    sha256: str
    uploads: int = 0
    downloads: int = 0
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def _uploading(self) -> None:
        with client(self.base_url, self.token) as http:
            while not self._stop.is_set():
                delete(http, int(upload(http, self.card_id, self.path)["id"]))
                self.uploads += 1

    def _downloading(self) -> None:
        with client(self.base_url, self.token) as http:
            while not self._stop.is_set():
                if download(http, self.stored_id) != self.sha256:
                    raise BenchError("a download's bytes differ from the file uploaded")
                self.downloads += 1

    def _guarded(self, work: Any) -> None:
        try:
            work()
        except Exception as exc:  # reported in the notes, and the row fails
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def start(self) -> None:
        for work in (self._uploading, self._downloading):
            thread = threading.Thread(target=self._guarded, args=(work,), daemon=True)
            thread.start()
            self._threads.append(thread)
        time.sleep(0.5)  # both transfers under way before the readers start

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=180)
