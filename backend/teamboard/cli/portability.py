"""``teamboard`` commands that take boards out and bring them in: export (JSON, zip, CSV),
import of a board's own export, and imports from other tools (Trello)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from teamboard.cli import _actor_by_email, _run, app
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork

AS_OWNER = typer.Option(
    "--as", help="e-mail of a board owner (default: its longest-standing owner)"
)


async def _exporter(session: UnitOfWork, as_user: str | None, board_id: int) -> Actor:
    """Who takes the board out: the one named, whose rights are checked as the route's
    are; else the board's longest-standing owner (the operator acts for them)."""
    if as_user is not None:
        actor: Actor = await _actor_by_email(session, as_user)
        return actor
    from teamboard.accounts.service import actor_of
    from teamboard.boards.service import first_owner

    return actor_of(await first_owner(session, board_id))


@app.command("export-board")
def export_board(
    board_id: int,
    as_user: Annotated[str | None, AS_OWNER] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    archive: Annotated[
        Path | None,
        typer.Option("--archive", help="write a zip with board.json and the board's files"),
    ] = None,
    activity: Annotated[bool, typer.Option("--activity", help="the board's activity too")] = False,
) -> None:
    """Write a board as JSON (to stdout or a file), its attachments listed; or, with
    --archive, a zip that carries their files too."""
    from teamboard.portability.service import BoardDoc, document_text
    from teamboard.portability.service import export_board as export

    if archive is not None:
        if output is not None:
            typer.echo("error: give --archive or --output, not both", err=True)
            raise typer.Exit(2)
        _export_archive(board_id, as_user, archive, activity)
        return

    async def work(session: UnitOfWork, runtime: Any) -> BoardDoc:
        actor = await _exporter(session, as_user, board_id)
        return await export(session, actor, board_id, activity=activity)

    text = document_text(_run(work))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("export")
def export(
    board_id: int,
    as_user: Annotated[str | None, AS_OWNER] = None,
    format: Annotated[str, typer.Option("--format", help="json, zip or csv")] = "json",
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    activity: Annotated[
        bool, typer.Option("--activity", help="json and zip: the board's activity too")
    ] = False,
) -> None:
    """Take a board out as the export route does: json (the document), zip (with its
    files; needs -o) or csv (one row per card, for spreadsheets)."""
    if format == "zip":
        if output is None:
            typer.echo("error: a zip needs a file: give -o board.zip", err=True)
            raise typer.Exit(2)
        _export_archive(board_id, as_user, output, activity)
        return
    if format == "json":
        export_board(board_id, as_user, output, None, activity)
        return
    if format != "csv":
        typer.echo(f"error: --format is json, zip or csv, not {format!r}", err=True)
        raise typer.Exit(2)
    from teamboard.portability.spreadsheet import Spreadsheet, export_csv

    async def work(session: UnitOfWork, runtime: Any) -> Spreadsheet:
        return await export_csv(session, await _exporter(session, as_user, board_id), board_id)

    text = _run(work).text
    if output:
        output.write_bytes(text.encode("utf-8"))  # CRLF kept as written
    else:
        sys.stdout.write(text)


def _export_archive(board_id: int, as_user: str | None, path: Path, activity: bool) -> None:
    """Written beside ``path``, then renamed into it: a failed export leaves no half zip."""
    import os

    from teamboard.portability.service import export_archive

    draft = path.with_name(f".{path.name}.partial")
    try:
        with draft.open("wb") as out:

            async def work(session: UnitOfWork, runtime: Any) -> None:
                actor = await _exporter(session, as_user, board_id)
                await export_archive(
                    session, runtime.files, actor, board_id, out, activity=activity
                )

            _run(work)
        os.replace(draft, path)
    except OSError as exc:
        typer.echo(f"error: cannot write {path}: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        draft.unlink(missing_ok=True)


@app.command("import-board")
def import_board(
    path: Path,
    owner: Annotated[str, typer.Option("--owner", help="e-mail of the new board's owner")],
) -> None:
    """Create a board from an export: a JSON document, or a zip archive (export-board
    --archive) whose files are restored too."""
    import zipfile

    from teamboard.portability.imports import Imported, import_archive
    from teamboard.portability.imports import import_board as do_import
    from teamboard.portability.service import BoardDoc

    if zipfile.is_zipfile(path):
        try:
            source = path.open("rb")
        except OSError as exc:
            typer.echo(f"error: cannot read {path}: {exc}", err=True)
            raise typer.Exit(1) from None

        async def unpack(session: UnitOfWork, runtime: Any) -> Imported:
            actor = await _actor_by_email(session, owner)
            return await import_archive(session, runtime.files, runtime.settings, actor, source)

        with source:
            imported = _run(unpack)
    else:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # unreadable file, bad UTF-8 or bad JSON
            typer.echo(f"error: cannot read {path}: {exc}", err=True)
            raise typer.Exit(1) from None

        async def work(session: UnitOfWork, runtime: Any) -> Imported:
            # Checked here, inside _run, whose answer to a ValidationError is one line.
            doc = BoardDoc.model_validate(document)
            return await do_import(session, await _actor_by_email(session, owner), doc)

        imported = _run(work)
    # The id alone on stdout (scripts read it); what people should know on stderr.
    typer.echo(f"imported board {imported.board_id}")
    for note in imported.notes():
        typer.echo(f"note: {note}", err=True)


import_app = typer.Typer(help="Import boards from other tools.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("trello")
def import_trello(
    path: Path,
    owner: Annotated[str, typer.Option("--owner", help="e-mail of the new board's owner")],
    member_map: Annotated[
        list[str] | None,
        typer.Option("--member-map", help="trello_username=e-mail: invite that member"),
    ] = None,
) -> None:
    """Create a board from a Trello board export (Trello's “Export as JSON”), with a
    progress bar, and print the report: what was imported, and what was left out."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from teamboard.portability import jobs as imports
    from teamboard.portability.job_reads import read_import
    from teamboard.portability.member_map import parse_member_map
    from teamboard.portability.schemas import ImportRead

    try:
        source = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None

    async def work(session: UnitOfWork, runtime: Any) -> ImportRead:
        actor = await _actor_by_email(session, owner)
        started = await imports.start_import(
            session,
            runtime.files,
            actor,
            source=source,
            size=size,
            filename=path.name,
            member_map=parse_member_map(member_map or []),
        )
        columns = (TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TextColumn("cards"))
        with Progress(*columns) as bar:
            shown = bar.add_task("cards", total=None)
            importer = imports.Importer(
                runtime.settings,
                runtime.db,
                runtime.files,
                on_progress=lambda done, total: bar.update(shown, completed=done, total=total),
            )
            job = await imports.claim(session, started.id)
            if job is not None:
                await importer.run(job)
            # Else a worker of the running site took it first: its result is the same.
            while (read := await read_import(session, actor, started.id)).status in (
                "queued",
                "running",
            ):
                bar.update(shown, completed=read.progress.done, total=read.progress.total or None)
                await asyncio.sleep(0.5)
        return read

    with source:
        job = _run(work)
    if job.status == "failed":
        typer.echo(f"error: {job.error}", err=True)
        raise typer.Exit(1)
    assert job.report is not None
    typer.echo(f"imported board {job.board_id}")
    for what, count in job.report.imported.items():
        typer.echo(f"  {what.replace('_', ' ')}: {count}")
    if job.report.skipped:
        typer.echo("skipped:")
    for entry in job.report.skipped:
        typer.echo(f"  {entry.what}: {entry.why}")
    for note in job.report.notes:
        typer.echo(f"note: {note}")


if __name__ == "__main__":  # pragma: no cover
    app()
