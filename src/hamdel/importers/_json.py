"""Streaming JSON with :mod:`ijson`: events or items, ijson's errors turned into InputError."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import ijson  # type: ignore[import-untyped]

from hamdel.core.errors import InputError

Event = tuple[str, str, Any]


class Readable(Protocol):
    """What :mod:`ijson` reads from: ``read(size)`` giving bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def events(stream: Readable, name: str, what: str = "") -> Iterator[Event]:
    """``(prefix, event, value)`` of the JSON in ``stream``; numbers as int or float. A file
    that is not JSON from its first byte is "not ``what``"."""
    started = False
    try:
        for event in ijson.parse(stream, use_float=True):
            started = True
            yield event
    except ijson.JSONError as exc:
        if not started and what:
            raise InputError(f"this is not {what}: {name} is not JSON") from None
        raise InputError(f"{name}: not valid JSON ({_first_line(exc)})") from None
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None


def items(stream: Readable | Iterator[Event], prefix: str, name: str) -> Iterator[Any]:
    """The values at ``prefix`` (``"item"``: each element of a top-level list), from a stream
    or from its :func:`events` (which a caller may watch on their way)."""
    try:
        yield from ijson.items(stream, prefix, use_float=True)
    except ijson.JSONError as exc:
        raise InputError(f"{name}: not valid JSON ({_first_line(exc)})") from None
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None


def list_at(stream: Iterator[Event], keys: tuple[str, ...]) -> str | None:
    """Read ``stream`` up to the list of records: ``"item"`` when the document is a list,
    ``"<key>.item"`` when it is an object holding the list under one of ``keys``; ``None``
    when neither (the events read are spent)."""
    for prefix, event, value in stream:
        if prefix == "" and event == "start_array":
            return "item"
        if prefix == "" and event == "map_key" and value in keys:
            for _, after, _ in stream:
                return f"{value}.item" if after == "start_array" else None
        if prefix == "" and event not in ("start_map", "map_key"):
            return None
    return None


class JsPrefixed:
    """A stream of an X ``.js`` file past its ``window.YTD.tweets.part0 =`` opening, so what is
    left is the JSON array."""

    def __init__(self, raw: Readable, name: str) -> None:
        self._raw = raw
        head = b""
        while b"=" not in head and len(head) < 4096:
            chunk = raw.read(256)
            if not chunk:
                break
            head += chunk
        before, sep, rest = head.partition(b"=")
        if not sep or not before.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"window.YTD."):
            raise InputError(f"this is not an X archive: {name} does not start with window.YTD… =")
        self._pending = rest
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        """Bytes of the array; a closing ``;`` (some archives end the statement) left out."""
        if size < 0:
            data = self._pending + (b"" if self._eof else self._raw.read())
            self._pending, self._eof = b"", True
            return data.rstrip(b" \t\r\n;")
        while not self._eof and len(self._pending) < size + 64:
            chunk = self._raw.read(max(size, 4096))
            if not chunk:
                self._eof = True
                self._pending = self._pending.rstrip(b" \t\r\n;")
            self._pending += chunk
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def readable(self) -> bool:
        return True


__all__ = ["Event", "JsPrefixed", "Readable", "events", "items", "list_at"]
