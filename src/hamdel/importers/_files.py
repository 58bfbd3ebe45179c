"""The files of an archive, whether it came bare, as the service's ``.zip`` or as a folder.

A zip is opened in place (nothing is extracted); each file read is checked first against zip
bombs: its declared size (which :mod:`zipfile` enforces while reading) at most
:data:`MAX_UNCOMPRESSED_BYTES` in all, and at most :data:`MAX_RATIO` times its compressed size.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import IO, Any, TypeVar

from hamdel.core.errors import InputError

Progress = Callable[[int, int], None]
T = TypeVar("T")

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
"""What the files read from one zip may add up to, uncompressed."""
MAX_RATIO = 200
"""A file inside a zip may be at most this many times its compressed size (text compresses
10-20 times; a zip bomb thousands of times)."""
_RATIO_FROM = 1024**2
"""Small files are not held to the ratio (a run of spaces compresses well)."""
PROGRESS_STEP = 1024**2


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its path inside the zip or folder (POSIX), or the bare name."""

    name: str
    size: int
    compressed: int

    @cached_property
    def base(self) -> str:
        return PurePosixPath(self.name).name


class Meter:
    """Counts the bytes read across the files of one archive and reports them now and then."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._next = 0

    def add(self, n: int) -> None:
        self.done += n
        if self._progress is not None and self.done >= self._next:
            self._progress(min(self.done, self.total), self.total)
            self._next = self.done + max(PROGRESS_STEP, self.total // 100)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


class Counted(io.RawIOBase):
    """A binary stream that feeds a :class:`Meter`; refuses to read past ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], meter: Meter, limit: int, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._meter = meter
        self._left = limit
        self._name = name

    def read(self, size: int | None = -1) -> bytes:
        data = self._raw.read(-1 if size is None else size)
        self._left -= len(data)
        if self._left < 0:
            raise InputError(f"{self._name}: larger than it says; the archive is damaged")
        self._meter.add(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()
        super().close()

    def text(self) -> io.TextIOWrapper:
        """The stream decoded as UTF-8 (a byte-order mark dropped), universal newlines."""
        return io.TextIOWrapper(io.BufferedReader(self), encoding="utf-8-sig", newline=None)


class Archive:
    """The files of ``path``: a bare file, a zip or a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.entries = [
                Entry(p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_size)
                for p in sorted(path.rglob("*"))
                if p.is_file()
            ]
        elif not path.is_file():
            raise InputError(f"{path.name}: no such file")
        elif zipfile.is_zipfile(path):
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"{path.name}: not a readable zip ({exc})") from None
            self.entries = [
                Entry(i.filename, i.file_size, i.compress_size)
                for i in self._zip.infolist()
                if not i.is_dir()
            ]
        else:
            size = path.stat().st_size
            self.entries = [Entry(path.name, size, size)]

    @property
    def is_zip(self) -> bool:
        return self._zip is not None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def find(self, pattern: str) -> list[Entry]:
        """Entries whose path matches ``pattern`` (a regex searched in the POSIX path), in
        natural order (``part2`` before ``part10``), macOS ``__MACOSX`` copies left out."""
        rx = re.compile(pattern)
        found = [
            e for e in self.entries if rx.search(e.name) and not e.name.startswith("__MACOSX/")
        ]
        return sorted(found, key=lambda e: _natural(e.name))

    def check(self, entries: list[Entry]) -> None:
        """Refuse a zip bomb before reading any of ``entries``."""
        if not self.is_zip:
            return
        if sum(e.size for e in entries) > MAX_UNCOMPRESSED_BYTES:
            raise InputError(
                f"{self.path.name}: the files to read are larger than "
                f"{MAX_UNCOMPRESSED_BYTES // 1024**3} GB uncompressed"
            )
        for e in entries:
            if e.size > _RATIO_FROM and e.size > MAX_RATIO * max(e.compressed, 1):
                raise InputError(
                    f"{e.name}: compressed {e.size // max(e.compressed, 1)} times, refused "
                    "(it looks like a zip bomb)"
                )

    def open(self, entry: Entry, meter: Meter) -> Counted:
        """A stream of ``entry`` (close it; :func:`opened` does)."""
        if self._zip is not None:
            raw: IO[bytes] = self._zip.open(entry.name)
        elif self.path.is_dir():
            raw = (self.path / entry.name).open("rb")
        else:
            raw = self.path.open("rb")
        return Counted(raw, meter, entry.size + 1, entry.name)

    @contextmanager
    def opened(self, entry: Entry, meter: Meter) -> Iterator[Counted]:
        stream = self.open(entry, meter)
        try:
            yield stream
        except zipfile.BadZipFile as exc:
            raise InputError(f"{entry.name}: the zip is damaged ({exc})") from None
        finally:
            stream.close()


def _natural(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


@contextmanager
def archive(path: Path) -> Iterator[Archive]:
    """:class:`Archive` of ``path``, closed after use."""
    arch = Archive(path)
    try:
        yield arch
    finally:
        arch.close()


def pick(arch: Archive, pattern: str, what: str, wanted: str) -> list[Entry]:
    """The entries matching ``pattern``, checked against zip bombs; ``InputError`` "this is not
    ``what``: ``wanted`` not found" when there are none. A bare file is taken whatever its name
    (an upload may have been renamed): its reader checks the content."""
    found = arch.entries if not arch.is_zip and not arch.path.is_dir() else arch.find(pattern)
    if not found:
        raise InputError(f"this is not {what}: {wanted} not found")
    arch.check(found)
    return found


def read_each(
    path: Path,
    pattern: str,
    what: str,
    wanted: str,
    progress: Progress | None,
    read: Callable[[Entry, Counted], Iterator[T]],
    *,
    order: Callable[[Entry], Any] | None = None,
) -> Iterator[T]:
    """What ``read(entry, stream)`` yields from each file of the archive at ``path`` that
    :func:`pick` finds (sorted by ``order`` when given), opened one after the other;
    ``progress`` follows the bytes read across them."""
    with archive(path) as arch:
        entries = pick(arch, pattern, what, wanted)
        if order is not None:
            entries = sorted(entries, key=order)
        meter = Meter(sum(e.size for e in entries), progress)
        for entry in entries:
            with arch.opened(entry, meter) as stream:
                yield from read(entry, stream)
        meter.finish()


__all__ = [
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "Archive",
    "Counted",
    "Entry",
    "Meter",
    "Progress",
    "archive",
    "pick",
    "read_each",
]
