"""Read the person's imported posts (social media exports, CSV): depression, stress, emotion and
crisis language, each post an observation on the timeline; contacts warned by the same policy as
a conversation (crisis, or depression at the threshold, with cooldown).

Imported posts are read in the background, oldest first: each is read outside any transaction,
then claimed and recorded in one short transaction (:func:`~hamdel.store.repositories.claim_post`),
so any number of concurrent readers record each post once. A post that cannot be read (empty
after cleaning, undecodable) is marked read with the reason and never blocks the others. Nothing
is replied to: the person is not in a conversation.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hamdel.companion.service import Components, observe_and_protect, read_text
from hamdel.core.errors import HamdelError, InputError
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Post, utcnow

logger = logging.getLogger(__name__)

MAX_POSTS_PER_IMPORT = 5_000
RECENT_FOR_ALERTS = timedelta(days=7)
"""Only posts written in the last week can warn contacts; older ones join the timeline only."""
MAX_POST_CHARS = 20_000
TEXT_COLUMNS = ("text", "post", "message", "content", "body")
DATE_COLUMNS = ("posted_at", "date", "created_at", "timestamp", "time")


@dataclass
class PostReport:
    read: int = 0
    failed: int = 0
    alerts: int = 0
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "failed": self.failed, "reasons": self.reasons[:20]}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def _when(raw: str, row: int) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.fromtimestamp(float(raw), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"row {row}: {raw[:40]!r} is not a date (use ISO 8601)") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_posts_csv(data: bytes) -> list[tuple[str, datetime | None, str | None]]:
    """``(text, posted_at, language)`` per row of a CSV export, all checked before any is kept.

    The header names the text column (``text``, ``post``, ``message``, ``content`` or ``body``)
    and optionally a date (``posted_at``, ``date``, ``created_at``, ``timestamp``) and a
    ``language`` (``en``/``fa``). Raises :class:`InputError` naming the first bad row.
    """
    # decoded and parsed row by row from the bytes, stopping past the limit: a 25 MB export is
    # never held again as one string (io.StringIO keeps 4 bytes a character) or as all its rows
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    rows: list[list[str]] = []
    try:
        for row in csv.reader(stream):
            if any("\x00" in cell for cell in row):
                raise InputError("the export is not a text file")
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > MAX_POSTS_PER_IMPORT + 1:
                raise InputError(
                    f"more than {MAX_POSTS_PER_IMPORT} posts; import at most "
                    f"{MAX_POSTS_PER_IMPORT} at a time"
                )
    except UnicodeDecodeError:
        raise InputError("the export is not UTF-8 text") from None
    except csv.Error as exc:
        if "NUL" in str(exc):
            raise InputError("the export is not a text file") from None
        raise InputError(f"the export is not valid CSV: {exc}") from None
    if len(rows) < 2:
        raise InputError("the export has no posts (a header and at least one row are needed)")
    header, body = rows[0], rows[1:]
    text_at = _column(header, TEXT_COLUMNS)
    if text_at is None:
        raise InputError(f"no text column: name one of {', '.join(TEXT_COLUMNS)} in the header")
    date_at = _column(header, DATE_COLUMNS)
    lang_at = _column(header, ("language", "lang"))
    out: list[tuple[str, datetime | None, str | None]] = []
    for number, row in enumerate(body, start=2):
        if text_at >= len(row):
            raise InputError(f"row {number}: has no text cell")
        post = row[text_at].strip()
        if not post:
            continue
        if len(post) > MAX_POST_CHARS:
            raise InputError(f"row {number}: a post of {len(post)} characters is too long")
        when = _when(row[date_at], number) if date_at is not None and date_at < len(row) else None
        lang = row[lang_at].strip().lower() if lang_at is not None and lang_at < len(row) else ""
        if lang and lang not in ("en", "fa"):
            raise InputError(f"row {number}: language {lang!r}; use en or fa (or leave it empty)")
        out.append((post, when, lang or None))
    if not out:
        raise InputError("every post in the export is empty")
    return out


def import_posts(
    db: Session, *, user_id: int, posts: list[tuple[str, datetime | None, str | None]], source: str
) -> int:
    """Store checked posts as pending (the monitor reads them); returns how many."""
    for text, when, lang in posts:
        repo.add_owned(
            db, Post, user_id=user_id, source=source, text=text, language=lang, posted_at=when
        )
    return len(posts)


@dataclass(frozen=True)
class _Pending:
    """What reading a post needs, copied out of the session that loaded it."""

    id: int
    user_id: int
    text: str
    language: str | None
    written: datetime
    source: str
    profile: dict[str, Any]


def analyze_pending_posts(
    sessions: sessionmaker[Session], components: Components, *, limit: int = 200
) -> PostReport:
    """Read up to ``limit`` pending posts, oldest first; each is recorded once, whoever else is
    reading at the same time."""
    report = PostReport()
    with transaction(sessions) as db:
        pending = list(
            db.scalars(
                select(Post.id).where(Post.analyzed_at.is_(None)).order_by(Post.id).limit(limit)
            )
        )
    for post_id in pending:
        try:
            item = _load(sessions, post_id)
            if item is None:
                continue  # deleted, or read by another worker meanwhile
            signal, language = read_text(
                components, item.text, item.language or "auto", item.profile
            )
            if _record(sessions, components, item, signal, language):
                report.read += 1
        except HamdelError as exc:
            report.failed += 1
            report.reasons.append(f"post {post_id}: {type(exc).__name__}")
            with transaction(sessions) as db:  # never retried forever
                repo.claim_post(db, post_id=post_id, now=utcnow())
    if pending:
        logger.info("posts read", extra={"fields": {"read": report.read, "failed": report.failed}})
    return report


def _load(sessions: sessionmaker[Session], post_id: int) -> _Pending | None:
    with transaction(sessions) as db:
        post = db.get(Post, post_id)
        if post is None or post.analyzed_at is not None:
            return None
        return _Pending(
            post.id,
            post.user_id,
            post.text,
            post.language,
            post.posted_at or post.created_at,
            post.source,
            repo.consented_profile(db, user_id=post.user_id),
        )


def _record(
    sessions: sessionmaker[Session],
    components: Components,
    item: _Pending,
    signal: Any,
    language: str,
) -> bool:
    """Claim the post and record its observation in one short transaction; False when another
    reader claimed it first (nothing is written)."""
    now = utcnow()
    with transaction(sessions) as db:
        if not repo.claim_post(db, post_id=item.id, now=now):
            return False
        user = repo.get_user(db, user_id=item.user_id)
        if user is None:
            return False
        observe_and_protect(
            db,
            components,
            user=user,
            signals=[signal],
            source="text",
            now=now,
            observed_at=item.written,
            details={"post_id": item.id, "post_source": item.source, "language": language},
            protect=now - item.written <= RECENT_FOR_ALERTS,
        )
        if item.language is None:
            post = db.get(Post, item.id)
            if post is not None:
                post.language = language
    return True


__all__ = [
    "MAX_POSTS_PER_IMPORT",
    "PostReport",
    "analyze_pending_posts",
    "import_posts",
    "parse_posts_csv",
]
