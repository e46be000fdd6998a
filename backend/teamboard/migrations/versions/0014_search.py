"""search: one document per card, indexed by SQLite FTS5 or PostgreSQL tsvector + GIN

Revision ID: 0014_search
Revises: 0013_soft_delete
Create Date: 2026-12-05

The cards already there are indexed here. SQLite: an FTS5 table over search_documents
(external content), kept in step by triggers. PostgreSQL: the unaccent extension, a text
search configuration without accents, a generated tsvector column and its GIN index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_search"
down_revision = "0013_soft_delete"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COLUMNS = "title, labels, body, comments"

_SQLITE = [
    # unicode61 folds case and (remove_diacritics 2) every accent; the prefix indexes make
    # "de*" and "dep*" as cheap as a whole word.
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, content='search_documents',
        content_rowid='card_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_fts(rowid, title, labels, body, comments)
        VALUES (new.card_id, new.title, new.labels, new.body, new.comments); END""",
    """CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, labels, body, comments)
        VALUES ('delete', old.card_id, old.title, old.labels, old.body, old.comments); END""",
    """CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, labels, body, comments)
        VALUES ('delete', old.card_id, old.title, old.labels, old.body, old.comments);
        INSERT INTO search_fts(rowid, title, labels, body, comments)
        VALUES (new.card_id, new.title, new.labels, new.body, new.comments); END""",
]

_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION teamboard_search (COPY = pg_catalog.simple)",
    """ALTER TEXT SEARCH CONFIGURATION teamboard_search
        ALTER MAPPING FOR asciihword, asciiword, hword, hword_asciipart, hword_part, word
        WITH unaccent, simple""",
    """ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('teamboard_search'::regconfig, title), 'A')
        || setweight(to_tsvector('teamboard_search'::regconfig, labels), 'B')
        || setweight(to_tsvector('teamboard_search'::regconfig, body), 'C')
        || setweight(to_tsvector('teamboard_search'::regconfig, comments), 'D')) STORED""",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
]


def _fill(dialect: str) -> str:
    """Every card's document, from its rows: comments oldest first, labels by name."""
    if dialect == "sqlite":
        comments = (
            "SELECT group_concat(body, char(10)) FROM"
            " (SELECT body FROM comments WHERE card_id = c.id ORDER BY id)"
        )
        labels = (
            "SELECT group_concat(name, ' ') FROM (SELECT l.name FROM card_labels cl"
            " JOIN labels l ON l.id = cl.label_id WHERE cl.card_id = c.id ORDER BY l.name)"
        )
    else:
        comments = "SELECT string_agg(body, E'\\n' ORDER BY id) FROM comments WHERE card_id = c.id"
        labels = (
            "SELECT string_agg(l.name, ' ' ORDER BY l.name) FROM card_labels cl"
            " JOIN labels l ON l.id = cl.label_id WHERE cl.card_id = c.id"
        )
    return (
        f"INSERT INTO search_documents (card_id, board_id, {COLUMNS})"  # noqa: S608  # nosec B608 - constants
        f" SELECT c.id, c.board_id, c.title, COALESCE(({labels}), ''), c.description,"
        f" COALESCE(({comments}), '') FROM cards c"
    )


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("card_id", ID, autoincrement=False, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["boards.id"],
            name=op.f("fk_search_documents_board_id_boards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_search_documents_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("card_id", name=op.f("pk_search_documents")),
    )
    op.create_index("ix_search_documents_board_id", "search_documents", ["board_id"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE if dialect == "sqlite" else _POSTGRES:
        op.execute(statement)
    op.execute(_fill(dialect))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in (
            "DROP TRIGGER search_documents_ai",
            "DROP TRIGGER search_documents_ad",
            "DROP TRIGGER search_documents_au",
        ):
            op.execute(statement)
        op.execute("DROP TABLE search_fts")
    op.drop_index("ix_search_documents_board_id", table_name="search_documents")
    op.drop_table("search_documents")
    if dialect != "sqlite":
        # The unaccent extension stays: something else may use it.
        op.execute("DROP TEXT SEARCH CONFIGURATION teamboard_search")
