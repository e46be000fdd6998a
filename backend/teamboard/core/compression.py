"""Compressed responses: zstd, Brotli or gzip, whichever the client accepts (in that
order), for text the app sends itself — pages, CSS, JSON, problem documents, the
metrics. HTML and JSON compress 5-10x, which on a phone's connection is most of a board
page's load time.

Left alone: bodies under ``MINIMUM_SIZE`` (the headers would eat the gain), responses that
already carry a ``Content-Encoding`` (the frontend's build-time ``.gz`` assets) or a
``Content-Range``, types that are compressed already (images, archives, backups), 304s,
event streams (each event must leave at once, and a compressor would hold it back) and
WebSockets (not HTTP responses; their own per-message deflate is the server's setting).

Compressing a page next to a secret it reflects would let a watcher of sizes guess the
secret (BREACH): the CSRF token in forms is therefore masked afresh in every page
(core/security.mask_token). Levels are moderate: a 200-card board page (about 300 KB of
HTML) takes a couple of milliseconds of CPU, bounded by the body size.
"""

from __future__ import annotations

from starlette_compress import CompressMiddleware, add_compress_type, remove_compress_type

__all__ = ["MINIMUM_SIZE", "CompressMiddleware"]

# Below this many bytes a body goes as it is (nginx's gzip_min_length is the same).
MINIMUM_SIZE = 1024

# The library's list of compressible types, adjusted once for this app: its problem
# documents are JSON; a stream of events is never compressed.
add_compress_type("application/problem+json")
remove_compress_type("text/event-stream")
