"""Read the person's imported posts (social media exports, CSV): depression, stress, emotion and
crisis language, each post an observation on the timeline; contacts warned by the same policy as
a conversation (crisis, or depression at the threshold, with cooldown).

Imported posts are read in the background, oldest first, in batches (:data:`BATCH_SIZE`): a
batch is read outside any transaction (:func:`~hamdel.companion.reading.read_texts`: each post
exactly as a written message is read, the crisis check first), then claimed and recorded in one
short transaction (:func:`~hamdel.store.repositories.claim_post` per post), so any number of
concurrent readers record each post once. A post that cannot be read (empty after cleaning,
undecodable) is marked read with the reason and never blocks the others; a batch that cannot be
recorded together is recorded one post at a time. Only posts of the last week
(:data:`RECENT_FOR_ALERTS`) may warn contacts. Nothing is replied to: the person is not in a
conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hamdel.companion.assessment import fuse
from hamdel.companion.reading import PostText, TextRead, read_texts
from hamdel.companion.service import Components, observe_and_protect
from hamdel.core.errors import HamdelError
from hamdel.store import Session, Sessions, transaction
from hamdel.store import imports as store_imports
from hamdel.store import repositories as repo
from hamdel.store.db import is_busy
from hamdel.store.models import Post, User, utcnow

logger = logging.getLogger(__name__)

RECENT_FOR_ALERTS = timedelta(days=7)
"""Only posts written in the last week can warn contacts; older ones join the timeline only."""
BATCH_SIZE = 128
"""Posts read together: one embedding pass and one short transaction per batch."""


@dataclass
class PostReport:
    read: int = 0
    failed: int = 0
    alerts: int = 0
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "failed": self.failed, "reasons": self.reasons[:20]}


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


Progress = Callable[[int, int], None]
"""Called with (posts done, posts to do) after each batch, and once with (0, total) first."""


def analyze_pending_posts(
    sessions: Sessions,
    components: Components,
    *,
    limit: int | None = 200,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> PostReport:
    """Read up to ``limit`` pending posts (``None``: every one pending now), oldest first, in
    batches of ``batch_size``: each batch is read outside any transaction, in one pass where
    the components allow (:func:`~hamdel.companion.reading.read_texts`), then claimed and
    recorded in one short transaction. Each post is recorded once, whoever else is reading at
    the same time; a post that cannot be read is marked read with the reason, and the others
    of its batch are recorded."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = PostReport()
    with transaction(sessions) as db:
        pending = store_imports.pending_post_ids(db, limit=limit)
    if progress is not None and pending:
        progress(0, len(pending))
    for start in range(0, len(pending), batch_size):
        _read_batch(sessions, components, pending[start : start + batch_size], report)
        if progress is not None:
            progress(min(start + batch_size, len(pending)), len(pending))
    if pending:
        logger.info("posts read", extra={"fields": {"read": report.read, "failed": report.failed}})
    return report


def _read_batch(
    sessions: Sessions, components: Components, ids: list[int], report: PostReport
) -> None:
    items = _load(sessions, ids)
    readings = read_texts(
        components, [PostText(i.text, i.language or "auto", i.profile) for i in items]
    )
    failed: list[int] = []
    good: list[tuple[_Pending, TextRead]] = []
    for item, reading in zip(items, readings, strict=True):
        if isinstance(reading, HamdelError):
            failed.append(item.id)
            report.reasons.append(f"post {item.id}: {type(reading).__name__}")
        else:
            good.append((item, reading))
    report.failed += len(failed)
    try:
        with transaction(sessions) as db:
            now = utcnow()
            for post_id in failed:  # marked read: never retried forever
                repo.claim_post(db, post_id=post_id, now=now)
            users: dict[int, User | None] = {}
            recorded = sum(_record(db, components, item, r, now, users) for item, r in good)
    except Exception as exc:
        if not (isinstance(exc, HamdelError) or is_busy(exc)):
            raise
        why = type(exc).__name__  # never the message: it could quote a post
        logger.warning("batch not recorded, one by one", extra={"fields": {"why": why}})
        recorded = _record_each(sessions, components, good, failed, report)
    report.read += recorded


def _record_each(
    sessions: Sessions,
    components: Components,
    good: list[tuple[_Pending, TextRead]],
    failed: list[int],
    report: PostReport,
) -> int:
    """The batch one post a transaction: a post that cannot be recorded is marked and
    skipped. Returns how many were recorded."""
    recorded = 0
    for post_id in failed:
        with transaction(sessions) as db:
            repo.claim_post(db, post_id=post_id, now=utcnow())
    for item, reading in good:
        try:
            with transaction(sessions) as db:
                recorded += _record(db, components, item, reading, utcnow(), {})
        except HamdelError as exc:
            report.failed += 1
            report.reasons.append(f"post {item.id}: {type(exc).__name__}")
            with transaction(sessions) as db:
                repo.claim_post(db, post_id=item.id, now=utcnow())
    return recorded


def _load(sessions: Sessions, ids: list[int]) -> list[_Pending]:
    """The posts of ``ids`` still pending (deleted or read meanwhile: left out), in order."""
    with transaction(sessions) as db:
        posts = store_imports.pending_posts(db, ids=ids)
        profiles: dict[int, dict[str, Any]] = {}
        for post in posts:
            if post.user_id not in profiles:
                profiles[post.user_id] = repo.consented_profile(db, user_id=post.user_id)
        return [
            _Pending(
                post.id,
                post.user_id,
                post.text,
                post.language,
                post.posted_at or post.created_at,
                post.source,
                profiles[post.user_id],
            )
            for post in posts
        ]


def _record(
    db: Session,
    components: Components,
    item: _Pending,
    reading: TextRead,
    now: datetime,
    users: dict[int, User | None],
) -> bool:
    """Claim the post and record its observation (in the caller's transaction; ``users``: the
    people it has loaded); False when another reader claimed it first (nothing is written)."""
    if not repo.claim_post(db, post_id=item.id, now=now):
        return False
    if item.user_id not in users:
        users[item.user_id] = repo.get_user(db, user_id=item.user_id)
    user = users[item.user_id]
    if user is None:
        return False
    observe_and_protect(
        db,
        components,
        user=user,
        assessment=fuse([reading.signal]),
        source="text",
        now=now,
        observed_at=item.written,
        details={
            "post_id": item.id,
            "post_source": item.source,
            "language": reading.language,
        },
        protect=now - item.written <= RECENT_FOR_ALERTS,
    )
    if item.language is None:
        post = db.get(Post, item.id)
        if post is not None:
            post.language = reading.language
    return True


__all__ = [
    "BATCH_SIZE",
    "PostReport",
    "Progress",
    "analyze_pending_posts",
]
