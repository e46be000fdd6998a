"""``teamboard`` commands that print the documents the frontend shares with the server
(the OpenAPI document, the Markdown policy, the words for invalid input), each built from
the code without a server or a database; the tests check the committed copies are current."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from teamboard.cli import app
from teamboard.core.config import Settings

OUTPUT = typer.Option(help="write here instead of stdout")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def openapi_document() -> str:
    """The API's OpenAPI document as stable JSON, built from the app without serving it
    or touching a database: the frontend's client is generated from it."""
    import tempfile

    from teamboard.app import create_app

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch), secret_key="x" * 32, database_url="")
        document = create_app(settings).openapi()
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command()
def openapi(
    output: Annotated[Path | None, OUTPUT] = None,
) -> None:
    """Print the OpenAPI document (JSON) without starting a server."""
    _write(openapi_document(), output)


def markdown_policy_document() -> str:
    """The Markdown allow-list and limits of the pages as stable JSON: the SPA renders
    with the same ones (frontend/src/lib/markdown.ts)."""
    from teamboard.web.markdown import policy

    return json.dumps(policy(), indent=2, sort_keys=True) + "\n"


@app.command()
def markdown_policy(
    output: Annotated[Path | None, OUTPUT] = None,
) -> None:
    """Print the Markdown allow-list and limits the SPA shares with the pages (JSON)."""
    _write(markdown_policy_document(), output)


def messages_document() -> str:
    """The catalogue of words for invalid input as stable JSON: the SPA says the same
    (frontend/src/lib/messages.ts)."""
    from teamboard.core.messages import catalogue

    return json.dumps(catalogue(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command()
def messages(
    output: Annotated[Path | None, OUTPUT] = None,
) -> None:
    """Print the catalogue of field-error messages the SPA shares with the pages (JSON)."""
    _write(messages_document(), output)
