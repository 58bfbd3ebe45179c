"""Importing a person's archive: read it whole and check every post before anything is stored,
leave out what is already stored, store the rest in short transactions (pending: the monitor
reads them, :func:`~hamdel.companion.posts.analyze_pending_posts`).

Every face goes through here: ``hamdel monitor import``, the web import page, ``POST
/api/uploads/posts``, the drop folder (:mod:`hamdel.companion.import_drop`) and the Mastodon
fetch (:mod:`hamdel.companion.import_mastodon`). Importing the same archive twice adds nothing:
a post is known by its source and its id in the archive (``posts.native_id``). A malformed
archive is refused whole with the first bad entry named, and nothing is stored.

>>> report = import_archive(sessions, user_id=1, source=None, path=Path("x.zip"))  # doctest: +SKIP
>>> report.new, report.already  # doctest: +SKIP
(120, 0)
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamdel.core.errors import InputError
from hamdel.core.jsonable import jsonable
from hamdel.core.languages import storable_text
from hamdel.importers import (
    MAX_NATIVE_ID,
    SOURCES,
    ArchivePost,
    Progress,
    detect_source,
    read_archive,
)
from hamdel.store import transaction
from hamdel.store.imports import add_archive_posts, stored_native_ids

if TYPE_CHECKING:
    from hamdel.store import Sessions

logger = logging.getLogger(__name__)

MAX_POSTS = 200_000
"""Posts in one import (a 100 MB archive holds well under this of one person's own)."""
ROWS_PER_TRANSACTION = 5_000
"""Posts stored per transaction: an archive of a few thousand posts is one transaction; a
larger one is several short ones (each well under a second), so no other writer waits on
SQLite's write lock for the whole import. Every post was checked before the first is stored;
if the process dies midway, importing the same archive again stores the rest (and nothing
twice)."""
SAMPLE_SIZE = 5
READERS = threading.BoundedSemaphore(2)
"""Archives read at once in this process (a third waits): each holds its posts until they are
stored, about 350 bytes a post beside its text (≈ 60 MB for 150,000 short posts)."""


@dataclass(frozen=True)
class Gathered:
    """Every post of one archive, checked: unique by native id, in archive order."""

    source: str
    posts: tuple[ArchivePost, ...]
    repeated: int
    """Posts whose id came a second time in the archive (kept once)."""


@dataclass(frozen=True)
class ImportReport:
    """What one import did: ``new`` stored, ``already`` there before, of ``read`` in the
    archive."""

    source: str
    read: int
    new: int
    already: int
    repeated: int = 0

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ArchivePreview:
    """What importing would do, for the person to look at first."""

    source: str
    posts: int
    already: int
    first: datetime | None
    last: datetime | None
    languages: tuple[tuple[str, int], ...]
    """``(language, posts)``, most first; ``"?"`` where neither the archive nor the text says."""
    sample: tuple[ArchivePost, ...]

    @property
    def new(self) -> int:
        return self.posts - self.already


def choose_source(path: Path, source: str | None) -> str:
    """``source`` checked, or detected from the file when ``None``."""
    if source is not None:
        if source not in SOURCES:
            raise InputError(f"unknown source {source!r}; one of {', '.join(SOURCES)}")
        return source
    found = detect_source(path)
    if found is None:
        raise InputError(
            f"{path.name}: not an archive hamdel knows; name its kind ({', '.join(SOURCES)})"
        )
    return found


def gather(posts: Iterable[ArchivePost], *, source: str, limit: int = MAX_POSTS) -> Gathered:
    """Every post of ``posts`` checked and kept once per native id; :class:`InputError` naming
    the first bad post, or when there are more than ``limit``."""
    kept: list[ArchivePost] = []
    seen: set[str] = set()
    repeated = 0
    for number, post in enumerate(posts, start=1):
        _check(post, source, number)
        if post.native_id in seen:
            repeated += 1
            continue
        if len(kept) >= limit:
            raise InputError(f"more than {limit:,} posts; import at most {limit:,} at a time")
        seen.add(post.native_id)
        kept.append(post)
    if not kept:
        raise InputError("the archive holds no post of yours")
    return Gathered(source, tuple(kept), repeated)


def _check(post: ArchivePost, source: str, number: int) -> None:
    where = f"post {number} (id {post.native_id[:40]!r})"
    if post.source != source:
        raise InputError(f"{where}: from {post.source!r}, not {source!r}")
    if not post.native_id or len(post.native_id) > MAX_NATIVE_ID:
        raise InputError(f"post {number}: no usable id")
    if not post.text.strip() or not storable_text(post.text):
        raise InputError(f"{where}: empty, or characters no database keeps")
    if post.posted_at is not None and post.posted_at.tzinfo is None:
        raise InputError(f"{where}: a date without a time zone")


def relabel(gathered: Gathered, source: str) -> Gathered:
    """The same posts said to come from ``source`` (a CSV of posts written on X, say)."""
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}; one of {', '.join(SOURCES)}")
    posts = tuple(replace(p, source=source) for p in gathered.posts)
    return Gathered(source, posts, gathered.repeated)


def read_posts(
    source: str,
    path: Path,
    *,
    author: str | None = None,
    progress: Progress | None = None,
    limit: int = MAX_POSTS,
) -> Gathered:
    """Read the whole archive (streaming) and check every post; nothing is stored."""
    with READERS:
        posts = read_archive(source, path, author=author, progress=progress)
        return gather(posts, source=source, limit=limit)


def preview(sessions: Sessions, *, user_id: int, gathered: Gathered) -> ArchivePreview:
    """How many posts, from when to when, in which languages, the first few, and how many of
    them the person has already imported."""
    stored = _stored(sessions, user_id, gathered.source)
    dated = [p.posted_at for p in gathered.posts if p.posted_at is not None]
    languages = Counter(p.language or "?" for p in gathered.posts)
    return ArchivePreview(
        source=gathered.source,
        posts=len(gathered.posts),
        already=sum(p.native_id in stored for p in gathered.posts),
        first=min(dated, default=None),
        last=max(dated, default=None),
        languages=tuple(languages.most_common()),
        sample=gathered.posts[:SAMPLE_SIZE],
    )


def store(sessions: Sessions, *, user_id: int, gathered: Gathered) -> ImportReport:
    """Store the posts the person does not have yet: one short transaction per
    :data:`ROWS_PER_TRANSACTION` posts (every post was checked before the first)."""
    stored = _stored(sessions, user_id, gathered.source)
    fresh = [p for p in gathered.posts if p.native_id not in stored]
    added = 0
    for start in range(0, len(fresh), ROWS_PER_TRANSACTION):
        with transaction(sessions) as db:
            batch = fresh[start : start + ROWS_PER_TRANSACTION]
            added += add_archive_posts(db, user_id=user_id, posts=batch)
    report = ImportReport(
        source=gathered.source,
        read=len(gathered.posts),
        new=added,
        already=len(gathered.posts) - added,
        repeated=gathered.repeated,
    )
    logger.info("archive imported", extra={"fields": {"user_id": user_id, **report.to_dict()}})
    return report


def import_archive(
    sessions: Sessions,
    *,
    user_id: int,
    source: str | None,
    path: Path,
    author: str | None = None,
    limit: int = MAX_POSTS,
) -> ImportReport:
    """Read, check and store the archive at ``path`` (``source`` detected when ``None``)."""
    kind = choose_source(path, source)
    gathered = read_posts(kind, path, author=author, limit=limit)
    return store(sessions, user_id=user_id, gathered=gathered)


def _stored(sessions: Sessions, user_id: int, source: str) -> set[str]:
    with transaction(sessions) as db:
        return stored_native_ids(db, user_id=user_id, source=source)


__all__ = [
    "MAX_POSTS",
    "ROWS_PER_TRANSACTION",
    "ArchivePreview",
    "Gathered",
    "ImportReport",
    "choose_source",
    "gather",
    "import_archive",
    "preview",
    "read_posts",
    "relabel",
    "store",
]
