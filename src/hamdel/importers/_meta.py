"""Instagram's and Facebook's "Download your information" archives, in JSON.

Instagram: ``your_instagram_activity/content/posts_1.json`` (older: ``content/posts_1.json``),
``posts_2.json``…: a list of posts, each with ``media[]`` (``uri``, ``creation_timestamp``,
``title``) and, when it has several pictures, its own ``title`` and ``creation_timestamp``. The
caption (the post's ``title``, else its first picture's) is the text.

Facebook: ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json``
(older: ``posts/your_posts_1.json``): a list of ``{timestamp, data: [{post: …}], title,
attachments}``; the text is what the person wrote (``data[].post``), not the title ("… shared a
link") nor the attachments. Older archives wrap the list in ``status_updates`` (``_v2``).

Both write UTF-8 bytes as ``\\u00XX`` characters (mojibake), mended here. Dates are seconds since
1970 (UTC). Neither has post ids: ``native_id`` is a digest of the date and text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from hamdel.core.errors import InputError
from hamdel.importers._common import DigestIds, at_least_one, from_unix, make_post, mend_mojibake
from hamdel.importers._files import Counted, Entry, Progress, read_each
from hamdel.importers._json import events, items, list_at
from hamdel.importers._types import ArchivePost

INSTAGRAM = r"(^|/)posts_\d+\.json$"
FACEBOOK = r"(^|/)your_posts(__check_ins__photos_and_videos)?(_\d+)?\.json$"
_HOLDERS = ("status_updates", "status_updates_v2", "ig_posts")
"""Keys of older archives that hold the list of posts in an object."""


def _records(what: str, entry: Entry, stream: Counted) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each post record of one file."""
    base = entry.base
    stream_events = events(stream, base, what)
    prefix = list_at(stream_events, _HOLDERS)
    if prefix is None:
        raise InputError(f"this is not {what}: {base} holds no list of posts")
    for number, record in enumerate(items(stream_events, prefix, base), start=1):
        yield f"{base}, post {number}", record


def _str(value: Any) -> str:
    return mend_mojibake(value).strip() if isinstance(value, str) else ""


def _instagram(record: dict[str, Any], where: str) -> tuple[str, Any]:
    media = record.get("media") if isinstance(record.get("media"), list) else []
    first = media[0] if media and isinstance(media[0], dict) else {}
    if "media" not in record and "title" not in record:
        raise InputError(f"{where}: neither media nor a title (not an Instagram post)")
    text = _str(record.get("title")) or _str(first.get("title"))
    when = record.get("creation_timestamp") or first.get("creation_timestamp")
    return text, when


def _facebook(record: dict[str, Any], where: str) -> tuple[str, Any]:
    data = record.get("data")
    if data is None and "timestamp" not in record:
        raise InputError(f"{where}: neither data nor a timestamp (not a Facebook post)")
    pieces = [_str(d.get("post")) for d in data or [] if isinstance(d, dict)]
    return "\n\n".join(p for p in pieces if p), record.get("timestamp")


def _posts(source: str, records: Iterator[tuple[str, Any]]) -> Iterator[ArchivePost]:
    ids = DigestIds()
    pick_text = _instagram if source == "instagram" else _facebook
    for where, record in records:
        if not isinstance(record, dict):
            raise InputError(f"{where}: not a post")
        text, raw_when = pick_text(record, where)
        if not text:
            continue  # pictures without a caption, check-ins, shares without a word
        if raw_when in (None, ""):
            raise InputError(f"{where}: no date")
        when = from_unix(raw_when, where)
        yield make_post(source, ids(when, "", text), text, when, where)


def _read(
    source: str, path: Path, pattern: str, what: str, wanted: str, progress: Progress | None
) -> Iterator[ArchivePost]:
    records = read_each(path, pattern, what, wanted, progress, partial(_records, what))
    message = f"no posts of yours with text in this {what.split(' ', 1)[1]}"
    return at_least_one(_posts(source, records), message)


def read_instagram(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The captions of the person's Instagram posts (see the module's docstring)."""
    del author
    return _read(
        "instagram", path, INSTAGRAM, "an Instagram archive", "content/posts_1.json", progress
    )


def read_facebook(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The person's own Facebook posts (see the module's docstring)."""
    del author
    return _read(
        "facebook", path, FACEBOOK, "a Facebook archive", "posts/your_posts_1.json", progress
    )


__all__ = ["FACEBOOK", "INSTAGRAM", "read_facebook", "read_instagram"]
