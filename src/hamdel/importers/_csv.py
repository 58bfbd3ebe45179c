"""A generic CSV of posts, the rules of the old ``parse_posts_csv`` read
row by row.

The header names the text column (``text``, ``post``, ``message``, ``content`` or ``body``) and
optionally a date (``posted_at``, ``date``, ``created_at``, ``timestamp``, ``time``: ISO 8601 or
seconds since 1970; without a zone: UTC), a ``language`` (``en``/``fa``; without it, from the
text's script) and an ``id`` (the post's ``native_id``; without it, a digest of date and text).
Empty rows and empty posts are skipped. How many posts one import may hold is the caller's
to decide.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.core.languages import LANGUAGES
from hamdel.importers._common import DigestIds, at_least_one, make_post
from hamdel.importers._files import Counted, Entry, Progress, read_each
from hamdel.importers._types import ArchivePost

TEXT_COLUMNS = ("text", "post", "message", "content", "body")
DATE_COLUMNS = ("posted_at", "date", "created_at", "timestamp", "time")
PATTERN = r"\.csv$"


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


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The non-empty rows, CSV and encoding errors as InputError."""
    try:
        for row in reader:
            if any("\x00" in cell for cell in row):
                raise InputError("the export is not a text file")
            if any(cell.strip() for cell in row):
                yield row
    except UnicodeDecodeError:
        raise InputError("the export is not UTF-8 text") from None
    except csv.Error as exc:
        if "NUL" in str(exc):
            raise InputError("the export is not a text file") from None
        raise InputError(f"the export is not valid CSV: {exc}") from None


def read_csv(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The posts of a CSV export, each row checked as it is read (see the module's docstring)."""
    del author
    read = partial(_read_file, DigestIds())
    posts = read_each(path, PATTERN, "a CSV of posts", "a .csv file", progress, read)
    return at_least_one(posts, "every post in the export is empty")


def _read_file(ids: DigestIds, entry: Entry, stream: Counted) -> Iterator[ArchivePost]:
    del entry  # the rows name themselves
    text = stream.text()
    text.reconfigure(newline="")  # the csv module reads the line ends itself
    return _read_rows(csv.reader(text), ids)


def _read_rows(reader: Iterator[list[str]], ids: DigestIds) -> Iterator[ArchivePost]:
    rows = _rows(reader)
    header = next(rows, None)
    empty = InputError("the export has no posts (a header and at least one row are needed)")
    if header is None:
        raise empty
    text_at = _column(header, TEXT_COLUMNS)
    if text_at is None:
        raise InputError(f"no text column: name one of {', '.join(TEXT_COLUMNS)} in the header")
    date_at = _column(header, DATE_COLUMNS)
    lang_at = _column(header, ("language", "lang"))
    id_at = _column(header, ("id",))
    number = 1
    for number, row in enumerate(rows, start=2):
        if text_at >= len(row):
            raise InputError(f"row {number}: has no text cell")
        post = row[text_at].strip()
        if not post:
            continue
        when = _when(row[date_at], number) if date_at is not None and date_at < len(row) else None
        lang = row[lang_at].strip().lower() if lang_at is not None and lang_at < len(row) else ""
        if lang and lang not in LANGUAGES:
            raise InputError(f"row {number}: language {lang!r}; use en or fa (or leave it empty)")
        native = row[id_at].strip() if id_at is not None and id_at < len(row) else ""
        where = f"row {number}"
        post_id = native or ids(when, "", post)
        yield make_post("csv", post_id, post, when, where, declared=lang or None)
    if number == 1:
        raise empty


__all__ = ["DATE_COLUMNS", "PATTERN", "TEXT_COLUMNS", "read_csv"]
