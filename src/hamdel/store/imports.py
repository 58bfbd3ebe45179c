"""Queries of the archive import: which posts of a person are already stored, and adding many
at once. Keyword-only and scoped to one person, like every repository function; the caller owns
the transaction.

Adding is race-safe: a post whose ``(user_id, source, native_id)`` is already stored (another
import of the same archive committed meanwhile) is skipped by the database itself (``ON
CONFLICT DO NOTHING``), so two imports at once still store each post once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hamdel.store.models import Post, utcnow


class PostFields(Protocol):
    """What a post read from an archive brings (an ``importers.ArchivePost`` has it)."""

    @property
    def source(self) -> str: ...
    @property
    def native_id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def posted_at(self) -> datetime | None: ...
    @property
    def language(self) -> str | None: ...


POSTS: Table = Post.__table__  # type: ignore[assignment]


def stored_native_ids(session: Session, *, user_id: int, source: str) -> set[str]:
    """The native ids of the person's posts from ``source`` already stored."""
    rows = session.scalars(
        select(Post.native_id).where(
            Post.user_id == user_id, Post.source == source, Post.native_id.is_not(None)
        )
    )
    return {native for native in rows if native is not None}


def count_posts(session: Session, *, user_id: int, source: str | None = None) -> int:
    """How many posts of the person are stored (from ``source`` only, when given)."""
    stmt = select(func.count()).select_from(Post).where(Post.user_id == user_id)
    if source is not None:
        stmt = stmt.where(Post.source == source)
    return int(session.scalar(stmt) or 0)


def add_archive_posts(
    session: Session,
    *,
    user_id: int,
    posts: Sequence[PostFields],
    now: datetime | None = None,
) -> int:
    """Store ``posts`` as pending (the monitor reads them), skipping any whose native id is
    already stored for the person and source; returns how many were added."""
    created = now or utcnow()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # one statement, executed for many rows: SQLAlchemy batches them into multi-row INSERTs
    # ("insertmanyvalues") with RETURNING, compiled once
    stmt = (
        insert(POSTS)  # the table, not the ORM entity: no per-row ORM bookkeeping
        .on_conflict_do_nothing(index_elements=["user_id", "source", "native_id"])
        .returning(POSTS.c.id)
    )
    rows: list[dict[str, Any]] = [
        {
            "user_id": user_id,
            "source": post.source,
            "native_id": post.native_id,
            "text": post.text,
            "language": post.language,
            "posted_at": post.posted_at,
            "created_at": created,
            "analyzed_at": None,
        }
        for post in posts
    ]
    return len(session.execute(stmt, rows).all()) if rows else 0


def pending_post_ids(session: Session, *, limit: int | None = None) -> list[int]:
    """Ids of posts not read yet (anyone's: the monitor reads for everyone), oldest first."""
    stmt = select(Post.id).where(Post.analyzed_at.is_(None)).order_by(Post.id)
    return list(session.scalars(stmt if limit is None else stmt.limit(limit)))


def pending_posts(session: Session, *, ids: list[int]) -> list[Post]:
    """The posts of ``ids`` that are still not read (deleted or read meanwhile: left out),
    oldest first."""
    stmt = select(Post).where(Post.id.in_(ids), Post.analyzed_at.is_(None)).order_by(Post.id)
    return list(session.scalars(stmt))


__all__ = [
    "PostFields",
    "add_archive_posts",
    "count_posts",
    "pending_post_ids",
    "pending_posts",
    "stored_native_ids",
]
