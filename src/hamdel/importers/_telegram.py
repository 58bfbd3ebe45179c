"""Telegram Desktop's JSON export (``result.json``), full or one chat.

The full export ("Export Telegram data") holds ``personal_information.user_id`` and
``chats.list[].messages[]`` (and ``left_chats``); the single-chat export ("Export chat history")
holds ``name``, ``type``, ``id`` and ``messages[]`` at the top. A message is the person's own when
its ``from_id`` is ``user<user_id>``; without ``personal_information`` (a single chat) when its
``from`` is ``author``, which is then required. Service messages, forwarded messages, messages
sent through an inline bot and media without a caption are skipped.

Dates: ``date_unixtime`` (seconds, UTC) where the export has it (Telegram Desktop 3.x on);
else ``date``, which is the exporting computer's local time without a zone: it is taken as UTC.
``native_id`` is ``<chat id>:<message id>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from hamdel.core.errors import InputError
from hamdel.importers._common import AuthorNeeded, at_least_one, from_unix, make_post
from hamdel.importers._files import Counted, Entry, Progress, read_each
from hamdel.importers._json import Event, events, items
from hamdel.importers._types import ArchivePost

PATTERN = r"(^|/)result\.json$"
_CHAT_IDS = ("chats.list.item.id", "id")
_ME = "personal_information.user_id"
T = TypeVar("T")


def _exports(
    path: Path, progress: Progress | None, read: Callable[[Entry, Counted], Iterator[T]]
) -> Iterator[T]:
    return read_each(path, PATTERN, "a Telegram export", "result.json", progress, read)


def _text(msg: dict[str, Any], where: str) -> str:
    raw = msg.get("text")
    if raw is None or raw == "":
        raw = msg.get("text_entities", "")
    if isinstance(raw, str):
        return raw.strip()
    if not isinstance(raw, list):
        raise InputError(f"{where}: text is neither a string nor a list")
    parts = []
    for part in raw:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text", ""), str):
            parts.append(part.get("text", ""))
        else:
            raise InputError(f"{where}: a piece of its text is not text")
    return "".join(parts).strip()


def _when(msg: dict[str, Any], where: str) -> datetime:
    if msg.get("date_unixtime") not in (None, ""):
        return from_unix(msg["date_unixtime"], where)
    raw = msg.get("date")
    if not isinstance(raw, str) or not raw:
        raise InputError(f"{where}: no date")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{where}: {raw[:40]!r} is not a date") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _Where:
    """What the stream has said so far: whose export it is, which chat it is in."""

    def __init__(self) -> None:
        self.me: str | None = None
        self.chat: str | None = None

    def watch(self, stream: Iterator[Event]) -> Iterator[Event]:
        """Pass the events on, noting the user id and chat ids; ``left_chats`` are passed as
        ``chats`` so one item prefix reads both."""
        watched = (*_CHAT_IDS, _ME, "chats.list.item")
        for item in stream:
            prefix = item[0]
            if prefix[:1] == "l" and prefix.startswith("left_chats"):
                prefix = "chats" + prefix[10:]
                item = (prefix, item[1], item[2])
            if prefix in watched:
                event, value = item[1], item[2]
                if prefix == "chats.list.item":
                    if event == "end_map":
                        self.chat = None
                elif event == "number" or event == "string":
                    if prefix == _ME:
                        self.me = f"user{value}"
                    else:
                        self.chat = str(value)
            yield item


def _messages(entry: Entry, stream: Counted, where: _Where) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(chat id, message)`` for every message of one result.json; ``where.me`` is the user
    id once the export has said it (the full export says it before its chats)."""
    stream_events = where.watch(events(stream, entry.base, "a Telegram export"))
    prefix = ""
    for key_prefix, event, value in stream_events:  # up to the first chat's messages
        if key_prefix == "" and event == "map_key" and value in ("chats", "messages"):
            prefix = "messages.item" if value == "messages" else "chats.list.item.messages.item"
            break
    if not prefix:
        raise InputError(f"this is not a Telegram export: {entry.base} has no messages")
    for msg in items(stream_events, prefix, entry.base):
        if where.chat is None:
            raise InputError(f"{entry.base}: a message comes before its chat's id")
        if not isinstance(msg, dict):
            raise InputError(f"{entry.base}, chat {where.chat}: a message is not an object")
        yield where.chat, msg


def _own(msg: dict[str, Any]) -> bool:
    """A message the sender wrote: not a service message, not forwarded, not via a bot."""
    return (
        msg.get("type", "message") == "message"
        and not msg.get("forwarded_from")
        and not msg.get("via_bot")
    )


def _posts(path: Path, author: str | None, entry: Entry, stream: Counted) -> Iterator[ArchivePost]:
    """The person's own messages with text in one result.json (``path``: the export)."""
    where = _Where()
    for chat_id, msg in _messages(entry, stream, where):
        if where.me is None and author is None:
            authors = authors_telegram(path)
            names = ", ".join(name for name, _ in authors[:30])
            raise AuthorNeeded(
                "this Telegram export does not say whose it is: choose your name "
                f"(author) among: {names}",
                authors,
            )
        mine = msg.get("from_id") == where.me if where.me is not None else msg.get("from") == author
        if not mine or not _own(msg):
            continue
        label = f"{entry.base}, chat {chat_id} message {msg.get('id', '?')}"
        if "id" not in msg:
            raise InputError(f"{label}: no message id")
        text = _text(msg, label)
        if not text:
            continue
        when = _when(msg, label)
        yield make_post("telegram", f"{chat_id}:{msg['id']}", text, when, label)


def read_telegram(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The person's own messages in a Telegram Desktop export (see the module's docstring)."""
    posts = _exports(path, progress, partial(_posts, path, author))
    who = f" from {author}" if author else " of yours"
    return at_least_one(posts, f"no messages{who} with text in this Telegram export")


def _writers(entry: Entry, stream: Counted) -> Iterator[str]:
    """The sender of each message with text in one result.json."""
    for _, msg in _messages(entry, stream, _Where()):
        name = msg.get("from")
        if _own(msg) and isinstance(name, str) and name and _text(msg, entry.base):
            yield name


def authors_telegram(path: Path) -> list[tuple[str, int]]:
    """Who wrote the messages with text in a Telegram export, and how many, most first."""
    counts = Counter(_exports(path, None, _writers))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


__all__ = ["PATTERN", "authors_telegram", "read_telegram"]
