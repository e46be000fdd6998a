from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

Status = Literal["queued", "running", "done", "failed"]


class BoardImported(BaseModel):
    """A board made from Teamboard's own export, and what people should know about it
    (files restored, or left out of a document that carries none)."""

    board_id: int
    files: int
    notes: list[str]


class ImportStarted(BaseModel):
    id: int
    status: Status


class ImportCount(BaseModel):
    """Cards written so far, of all the board's (``total`` is 0 until the file is read)."""

    done: int
    total: int


class Skipped(BaseModel):
    what: str
    why: str


class ImportReport(BaseModel):
    """What the import made (counts by kind: columns, cards, labels, comments, …), what
    it left out and why, and what to know about it."""

    imported: dict[str, int]
    skipped: list[Skipped]
    notes: list[str] = []


class ImportSummary(BaseModel):
    """An import as the importer's list shows it: where it stands, without its report."""

    id: int
    source: str
    filename: str
    status: Status
    progress: ImportCount
    board_id: int | None
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None


class ImportRead(ImportSummary):
    """One import, whole: with the report once it is done."""

    report: ImportReport | None
