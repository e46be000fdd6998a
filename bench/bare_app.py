"""The baseline: the smallest FastAPI endpoint worth comparing against.

One GET route returning a small JSON object through a pydantic response model, served by
the same uvicorn settings as Teamboard. Every Teamboard figure is quoted as a ratio to this
one, measured in the same run on the same machine, so the numbers survive a change of
hardware better than absolute requests per second do.
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel


class Ping(BaseModel):
    status: str
    service: str
    version: int


app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/ping", response_model=Ping)
async def ping() -> Ping:
    return Ping(status="ok", service="bare", version=1)
