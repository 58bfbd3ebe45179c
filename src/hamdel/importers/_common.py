"""What every reader shares: limits, languages, ids where the archive has none, mojibake."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from hamdel.core.errors import InputError
from hamdel.core.languages import LANGUAGES, MAX_TEXT_CHARS
from hamdel.importers._types import ArchivePost
from hamdel.perception.text.normalize import detect_language

MAX_POST_CHARS = MAX_TEXT_CHARS
"""A longer post is an :class:`InputError` naming it (no one writes a 20,000-character post)."""
MAX_NATIVE_ID = 128
"""``posts.native_id`` holds this many characters; a longer archive id is replaced by its digest."""

_UNDETERMINED = {"und", "zxx", "mul", "art"}
_NOT_WORDS = re.compile(r"https?://\S+|(?<!\w)[@#]\w+")
"""Mentions, hashtags and links: left out when telling the language from the letters."""


def language_of(text: str, declared: str | None = None) -> str | None:
    """``"en"``/``"fa"`` as the archive declares it; another real language: ``None``; nothing
    or an undetermined tag (X ``und``, ``zxx``, ``qme``…): from the text's script (mentions,
    hashtags and links aside), ``None`` when it is mixed or has no letters."""
    tag = (declared or "").strip().lower().replace("_", "-").split("-")[0]
    if tag in LANGUAGES:
        return tag
    if tag and tag not in _UNDETERMINED and not (len(tag) == 3 and tag.startswith("q")):
        return None
    found = detect_language(_NOT_WORDS.sub(" ", text))
    return found if found in LANGUAGES else None


def mend_mojibake(text: str) -> str:
    """Undo Facebook's and Instagram's encoding slip: UTF-8 bytes written as ``\\u00XX``
    Latin-1 characters. Text that does not round-trip (already right) is kept as it is.

    >>> mend_mojibake("\\u00d8\\u00b3\\u00d9\\u0084\\u00d8\\u00a7\\u00d9\\u0085")
    'سلام'
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def from_unix(value: object, where: str) -> datetime:
    """A UTC moment from seconds since 1970 (an int, float or digit string)."""
    try:
        seconds = float(str(value).strip())
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(f"{where}: {str(value)[:40]!r} is not a date") from None


def short_id(native: str) -> str:
    """The archive's own id, or its digest when it is longer than the column."""
    if len(native) <= MAX_NATIVE_ID:
        return native
    return "sha256:" + hashlib.sha256(native.encode("utf-8")).hexdigest()[:40]


class DigestIds:
    """Stable ids for formats without their own: a digest of date, author and text, with an
    occurrence counter so two identical messages at the same second differ. Reading the same
    archive twice gives the same ids, in the same order."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, when: datetime | None, author: str, text: str) -> str:
        stamp = when.isoformat() if when is not None else ""
        base = hashlib.sha256(f"{stamp}\x1f{author}\x1f{text}".encode()).hexdigest()[:32]
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        return f"d:{base}" if count == 0 else f"d:{base}:{count}"


def make_post(
    source: str,
    native_id: str,
    text: str,
    when: datetime | None,
    where: str,
    *,
    declared: str | None = None,
) -> ArchivePost:
    """An :class:`ArchivePost`, its length checked (``where`` names it in the error)."""
    if len(text) > MAX_POST_CHARS:
        raise InputError(
            f"{where}: a post of {len(text)} characters is too long (at most {MAX_POST_CHARS})"
        )
    return ArchivePost(
        source=source,
        native_id=short_id(native_id),
        text=text,
        posted_at=when,
        language=language_of(text, declared),
    )


def at_least_one(posts: Iterator[ArchivePost], message: str) -> Iterator[ArchivePost]:
    """``posts`` as they come; :class:`InputError` ``message`` after the last when there
    were none (an archive without a post of the person's)."""
    found = False
    for post in posts:
        found = True
        yield post
    if not found:
        raise InputError(message)


class AuthorNeeded(InputError):
    """A chat with several people and no author chosen: ``authors`` are (name, messages), most
    first, for the person to pick themselves (the reader counted them already)."""

    def __init__(self, message: str, authors: list[tuple[str, int]]) -> None:
        super().__init__(message)
        self.authors = authors


__all__ = [
    "MAX_NATIVE_ID",
    "MAX_POST_CHARS",
    "AuthorNeeded",
    "DigestIds",
    "at_least_one",
    "from_unix",
    "language_of",
    "make_post",
    "mend_mojibake",
    "short_id",
]
