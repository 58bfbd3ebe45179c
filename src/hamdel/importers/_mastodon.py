"""The Mastodon archive (Preferences → Import and export → Request your archive): ``outbox.json``.

An ActivityPub ``OrderedCollection`` whose ``orderedItems`` are the person's activities: a
``Create`` whose ``object`` is a ``Note`` (or a poll, ``Question``) is a post of theirs; an
``Announce`` (a boost) and an item whose object is only a URL are skipped. The text is the
content warning (``summary``), if any, then ``content`` (HTML) as plain text: paragraphs and line
breaks kept, links as their text. ``published`` carries its zone; ``contentMap``'s key (or
``language``) gives the language; ``native_id`` is the object's ``id`` (its URL).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hamdel.core.errors import InputError
from hamdel.importers._common import at_least_one, make_post
from hamdel.importers._files import Counted, Entry, Progress, read_each
from hamdel.importers._json import events, items, list_at
from hamdel.importers._types import ArchivePost

PATTERN = r"(^|/)outbox\.json$"
_POSTS = ("Note", "Question", "Article", "Page")


class _Text(HTMLParser):
    """Plain text of a status's HTML: ``<p>`` a blank line, ``<br>`` a line break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("p", "blockquote", "li", "pre"):
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "blockquote", "li", "pre"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """``"<p>Hi<br>there</p><p>again</p>"`` → ``"Hi\\nthere\\n\\nagain"``."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _when(raw: Any, where: str) -> datetime:
    if not isinstance(raw, str) or not raw:
        raise InputError(f"{where}: no date")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{where}: {raw[:40]!r} is not a date") from None
    if moment.tzinfo is None:
        raise InputError(f"{where}: {raw[:40]!r} has no time zone")
    return moment


def _post(activity: Any, where: str) -> ArchivePost | None:
    if not isinstance(activity, dict):
        raise InputError(f"{where}: not an activity")
    note = activity.get("object")
    if activity.get("type") != "Create" or not isinstance(note, dict):
        return None  # a boost (Announce), or an object given only by its URL
    if note.get("type") not in _POSTS:
        return None
    native = note.get("id")
    if not isinstance(native, str) or not native:
        raise InputError(f"{where}: its post has no id")
    where = f"{where} ({native})"
    found = note.get("contentMap")
    content_map: dict[str, Any] = found if isinstance(found, dict) else {}
    content = note.get("content")
    if not isinstance(content, str):
        content = next((v for v in content_map.values() if isinstance(v, str)), "")
    declared = next(iter(content_map), None) or note.get("language")
    summary = note.get("summary")
    summary = summary if isinstance(summary, str) else ""
    text = "\n\n".join(t for t in (html_to_text(summary), html_to_text(content)) if t)
    if not text:
        return None
    when = _when(note.get("published") or activity.get("published"), where)
    lang = declared if isinstance(declared, str) else None
    return make_post("mastodon", native, text, when, where, declared=lang)


def _outbox(entry: Entry, stream: Counted) -> Iterator[ArchivePost]:
    base = entry.base
    stream_events = events(stream, base, "a Mastodon archive")
    if list_at(stream_events, ("orderedItems",)) != "orderedItems.item":
        raise InputError(f"this is not a Mastodon archive: {base} has no orderedItems")
    for number, item in enumerate(items(stream_events, "orderedItems.item", base), 1):
        post = _post(item, f"{base}, item {number}")
        if post is not None:
            yield post


def read_mastodon(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The person's own posts in a Mastodon archive (see the module's docstring)."""
    del author  # an archive is one person's
    posts = read_each(path, PATTERN, "a Mastodon archive", "outbox.json", progress, _outbox)
    return at_least_one(posts, "no posts of yours with text in this Mastodon archive")


__all__ = ["PATTERN", "html_to_text", "read_mastodon"]
