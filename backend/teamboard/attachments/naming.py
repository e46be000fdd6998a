"""Filenames: kept as people named them (within reason), sent back safely (RFC 6266)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 255
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_filename(name: str | None) -> str:
    """The last path component, without control or direction-changing characters, NFC,
    at most 255 characters (the extension kept); ``file`` when nothing is left."""
    # Browsers send a form's filename with '"', CR and LF percent-encoded (HTML's
    # multipart/form-data encoding); the parser leaves them so.
    name = re.sub("%0[aAdD]", "", (name or "").replace("%22", '"'))
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().strip(".")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            name = stem[: MAX_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME]
    return name or "file"


def content_disposition(filename: str, *, inline: bool) -> str:
    """``attachment`` (or ``inline``) with an ASCII fallback name and the exact one in
    ``filename*`` (UTF-8, percent-encoded), as RFC 6266 §4.3 advises."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\%' else "_" for c in filename
    )
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def human_size(size: int) -> str:
    """``812 bytes``, ``4.2 KB``, ``12.5 MB`` (powers of 1024, as file managers count)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
