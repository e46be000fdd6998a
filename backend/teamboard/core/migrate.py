"""Apply Alembic migrations from code (CLI, tests, `make run`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from teamboard.core.models import Base


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "teamboard:migrations")
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    def run(connection: object) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)


def described(obj: object, name: str | None, type_: str, reflected: bool, _other: object) -> bool:
    """Alembic's ``include_object``: whether the models describe this schema object.
    Each engine's own search index (search/models.py registers their names) is the
    migrations' alone: an FTS5 table with its shadow tables, a generated column, an
    index over it."""
    owned: set[str] = Base.metadata.info.get("engine_owned", set())
    if name is None or not reflected:
        return True
    if type_ == "table":
        return not any(name == own or name.startswith(own + "_") for own in owned)
    if type_ == "column":
        table = getattr(getattr(obj, "table", None), "name", "")
        return f"{table}.{name}" not in owned
    return name not in owned
