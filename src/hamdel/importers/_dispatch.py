"""Which reader reads which source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from hamdel.core.errors import InputError
from hamdel.importers._csv import read_csv
from hamdel.importers._files import Progress
from hamdel.importers._mastodon import read_mastodon
from hamdel.importers._meta import read_facebook, read_instagram
from hamdel.importers._telegram import authors_telegram, read_telegram
from hamdel.importers._types import SOURCES, ArchivePost
from hamdel.importers._whatsapp import authors_whatsapp, read_whatsapp
from hamdel.importers._x import read_x


class Reader(Protocol):
    def __call__(
        self, path: Path, *, author: str | None = ..., progress: Progress | None = ...
    ) -> Iterator[ArchivePost]: ...


READERS: dict[str, Reader] = {
    "csv": read_csv,
    "telegram": read_telegram,
    "instagram": read_instagram,
    "facebook": read_facebook,
    "x": read_x,
    "mastodon": read_mastodon,
    "whatsapp": read_whatsapp,
}
AUTHORS: dict[str, Callable[[Path], list[tuple[str, int]]]] = {
    "telegram": authors_telegram,
    "whatsapp": authors_whatsapp,
}
assert set(READERS) == set(SOURCES)


def reader_for(source: str) -> Reader:
    if source not in READERS:
        raise InputError(f"unknown archive kind {source!r}; one of {', '.join(SOURCES)}")
    return READERS[source]


def authors_for(source: str) -> Callable[[Path], list[tuple[str, int]]]:
    if source not in AUTHORS:
        raise InputError(f"{source!r} archives have one author; only chats list their people")
    return AUTHORS[source]


__all__ = ["AUTHORS", "READERS", "Reader", "authors_for", "reader_for"]
