"""The search index's rows: one document per card, with the text search looks through.

The document is derived data: it is rebuilt from the card, its comments and its labels
(search/documents.py) in the transaction of every change to them, and by
``teamboard search reindex``. Each engine indexes it its own way, set up by the migration
0014_search and unknown to the models (docs/search.md):

- SQLite: an FTS5 table over these rows (external content), kept in step with them by
  triggers, so that nothing but this table is written by the application;
- PostgreSQL: a generated ``tsvector`` column of this table, with a GIN index.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import Base

# The engines' own objects, which the models do not describe (core/migrate.py leaves them
# out of the comparison of the migrated schema with the models).
FTS_TABLE = "search_fts"
TSVECTOR_COLUMN = "document"
GIN_INDEX = "ix_search_documents_document"
# The PostgreSQL text search configuration: the "simple" parser and dictionary (no
# stemming, no stop words, as SQLite's unicode61 tokenizer), accents removed first.
TS_CONFIG = "teamboard_search"
Base.metadata.info.setdefault("engine_owned", set()).update(
    {FTS_TABLE, f"search_documents.{TSVECTOR_COLUMN}", GIN_INDEX}
)


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_board_id", "board_id"),
        # Derived rows: a deletion's undo (boards/trash.py) does not keep them, the
        # restore's event rebuilds them.
        {"info": {"derived": True}},
    )

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    labels: Mapped[str] = mapped_column(Text)  # the names of the card's labels
    body: Mapped[str] = mapped_column(Text)  # the description
    comments: Mapped[str] = mapped_column(Text)  # every comment, oldest first
