"""The ``teamboard`` command: serve, migrate, backup, users, demo data, board
export/import, imports from other tools, members, the search index."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy import select

from teamboard.core.config import ConfigError, Settings, get_settings
from teamboard.core.db import UnitOfWork
from teamboard.wiring import build_runtime

app = typer.Typer(
    help="Teamboard: a real-time collaborative task board.",
    no_args_is_help=True,
    add_completion=False,
)
search_app = typer.Typer(help="The search index.", no_args_is_help=True)
app.add_typer(search_app, name="search")
T = TypeVar("T")


def _settings() -> Settings:
    try:
        return get_settings()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _run(work: Callable[[UnitOfWork, Any], Awaitable[T]]) -> T:
    from teamboard.core.errors import AppError

    async def main() -> T:
        runtime = build_runtime(_settings())
        try:
            async with runtime.db.session() as session:
                return await work(session, runtime)
        finally:
            await runtime.close()

    try:
        return asyncio.run(main())
    except AppError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        typer.echo(f"error: invalid input at {where}: {first['msg']}", err=True)
        raise typer.Exit(1) from None


async def _actor_by_email(session: UnitOfWork, email: str) -> Any:
    from teamboard.accounts.models import User
    from teamboard.accounts.service import actor_of
    from teamboard.core.errors import NotFound

    user = await session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise NotFound(f"No account with e-mail {email}")
    return actor_of(user)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1)] = 1,
    reload: bool = False,
) -> None:
    """Serve the web app and API with uvicorn (SIGTERM: a graceful stop)."""
    from teamboard.serving import serve as run_server

    settings = _settings()
    settings.resolved_secret_key()  # create it once, before workers race for it
    status = run_server(settings, host=host, port=port, workers=workers, reload=reload)
    if status:
        raise typer.Exit(status)


@app.command()
def worker() -> None:
    """Run the background tasks (mail, digests, reminders) in this process until SIGTERM
    or Ctrl-C: for deployments that set TEAMBOARD_BACKGROUND=off on the app."""
    import signal

    from teamboard.wiring import background

    async def main() -> None:
        runtime = build_runtime(_settings())
        runner = background(runtime)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        runner.start()
        typer.echo(f"teamboard worker: running {', '.join(runner.tasks)}", err=True)
        try:
            await stop.wait()
        finally:
            await runner.stop()
            await runtime.close()

    asyncio.run(main())


mail_app = typer.Typer(help="Mail: check the mail server.", no_args_is_help=True)
app.add_typer(mail_app, name="mail")


@mail_app.command("test")
def mail_test(address: str) -> None:
    """Send one message to ADDRESS now (not through the outbox) and show what the mail
    server answered."""
    import aiosmtplib

    from teamboard.mail.compose import as_email, compose, new_message_id
    from teamboard.mail.smtp import SmtpServer

    settings = _settings()
    server = SmtpServer.of(settings)
    if server is None:
        typer.echo("error: TEAMBOARD_SMTP_URL is not set", err=True)
        raise typer.Exit(2)
    letter = compose(
        "test", to=address, subject="Teamboard: a test message", base_url=settings.base_url
    )
    message = as_email(
        message_id=new_message_id(settings.mail_from),
        mail_from=settings.mail_from,
        to=letter.to,
        subject=letter.subject,
        text=letter.text,
        html=letter.html,
        headers=letter.headers,
    )
    try:
        answer = asyncio.run(server.send(message))
    except (aiosmtplib.SMTPException, OSError) as exc:
        typer.echo(f"error: {server.host}:{server.port} did not take it: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{server.host}:{server.port} answered: {answer}")


@app.command()
def migrate() -> None:
    """Apply database migrations up to the latest."""
    from teamboard.core.migrate import upgrade

    async def work(session: UnitOfWork, runtime: Any) -> None:
        await upgrade(runtime.db.engine)

    _run(work)
    typer.echo("database is up to date")


@app.command()
def backup(
    output: Path,
    force: Annotated[bool, typer.Option("--force", help="replace OUTPUT if it exists")] = False,
) -> None:
    """Copy the database to OUTPUT while the app runs (SQLite: online backup; PostgreSQL:
    pg_dump's custom format)."""
    from teamboard.core.backup import BackupError
    from teamboard.core.backup import backup as make_backup

    try:
        typer.echo(make_backup(_settings(), output, force=force))
    except BackupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@app.command("create-user")
def create_user(
    email: str,
    display_name: Annotated[str, typer.Option("--name")] = "",
    admin: bool = False,
    password: Annotated[str | None, typer.Option(envvar="TEAMBOARD_NEW_PASSWORD")] = None,
) -> None:
    """Create an account (prompts for the password unless given)."""
    from teamboard.accounts import service
    from teamboard.accounts.schemas import SignUp

    secret = password or getpass.getpass("Password: ")

    async def work(session: UnitOfWork, runtime: Any) -> int:
        # The sign-up form's rules, as for the API (a bad e-mail is one line on stderr).
        name = display_name or email.split("@")[0]
        body = SignUp(email=email, password=secret, display_name=name)
        user = await service.create_user(
            session,
            runtime,
            email=body.email,
            password=body.password,
            display_name=body.display_name,
            client=None,  # the operator: no sign-up limit
            is_admin=admin,
        )
        return user.id

    typer.echo(f"created user {_run(work)}")


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the demo account and board into an empty database."""
    from teamboard.portability.demo import DEMO_EMAIL, DEMO_PASSWORD
    from teamboard.portability.demo import seed_demo as seed

    if _run(seed):
        typer.echo(f"demo data loaded; log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    else:
        typer.echo("database already has users; demo data not loaded")


@app.command("add-member")
def add_member(
    board_id: int,
    email: str,
    as_user: Annotated[str, typer.Option("--as", help="e-mail of a board owner")],
    role: Annotated[str, typer.Option(help="owner, editor or viewer")] = "editor",
) -> None:
    """Give an existing user a role on a board at once, without the invitation an owner
    sends from the board's settings (the operator's tool)."""
    from teamboard.boards.models import Role
    from teamboard.boards.schemas import MemberRead
    from teamboard.boards.service import add_member as do_add

    try:
        chosen = Role(role)
    except ValueError:
        typer.echo("error: --role must be owner, editor or viewer", err=True)
        raise typer.Exit(2) from None

    async def work(session: UnitOfWork, runtime: Any) -> MemberRead:
        actor = await _actor_by_email(session, as_user)
        # Directly, without an invitation: the operator's tool (people invite).
        return await do_add(session, actor, board_id, email=email.strip().lower(), role=chosen)

    member = _run(work)
    typer.echo(f"{member.email} is now {member.role} of board {board_id}")


@search_app.command("reindex")
def search_reindex() -> None:
    """Rebuild the search index from the cards, their comments and labels (the
    application keeps it right as it writes: this is for an index gone wrong)."""
    from teamboard.search.documents import reindex

    async def work(session: UnitOfWork, runtime: Any) -> int:
        return await reindex(session)

    typer.echo(f"search index rebuilt: {_run(work)} cards")


# The commands that take boards out and bring them in, registered on `app` as imported.
from teamboard.cli import documents as _documents  # noqa: E402, F401
from teamboard.cli import portability as _portability  # noqa: E402, F401
