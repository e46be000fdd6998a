"""Reading an upload from a request: Starlette's multipart parser spools the file (in
memory up to 1 MB, then on disk), so no upload sits whole in memory. The body's size is
bounded before it is read (core/http.py BodyLimit, as large as a file may be)."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request

from teamboard.attachments.service import Upload

# The file, and on a page's form its CSRF token.
MAX_FIELDS = 4


async def read_upload(request: Request, field: str = "file") -> Upload:
    """The first file in ``field``; an Upload without a source when there is none. The
    spooled file is closed with the request (Starlette closes its form)."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    found = form.get(field)
    if not isinstance(found, UploadFile):
        return Upload(None, 0, None)
    return Upload(found.file, found.size or 0, found.filename)
