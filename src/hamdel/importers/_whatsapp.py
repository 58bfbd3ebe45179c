"""WhatsApp's "Export chat" (without media: a ``.txt``; with media: a ``.zip`` with ``_chat.txt``
from an iPhone or ``WhatsApp Chat with ….txt`` from Android).

Each message starts a line with its date and time, then the sender:

- Android: ``12/31/20, 11:59 PM - Name: text`` or ``31/12/2020, 23:59 - Name: text``
- iPhone: ``[31.12.20, 23:59:59] Name: text`` or ``[12/31/20, 11:59:59 PM] Name: text``

and runs on over the following lines until the next such line. Which date field is the day is
decided per file (:mod:`._whatsapp_dates`); Persian digits, «ق.ظ»/«ب.ظ» and Solar Hijri dates
from Persian phones are read. The file has no time zone: the phone's local time is labelled
UTC (a naive time taken as UTC), as for Telegram's ``date``.

Only ``author``'s messages are kept (required: a chat has several people, see
:func:`authors_whatsapp`). Skipped: system lines ("Messages and calls are end-to-end
encrypted…", joins, changes), media (``<Media omitted>``, ``image omitted``, attached files,
locations, deleted messages) and, on iPhone exports, any message whose text WhatsApp itself
marked with a left-to-right mark (U+200E), which it does for all of those. Bidirectional marks
(U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are stripped from the text; the edit note
(``<This message was edited>``) is removed. ``native_id`` is a digest of time, sender and text
with an occurrence counter (two identical messages in the same second differ).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.importers._common import AuthorNeeded, DigestIds, make_post
from hamdel.importers._files import Archive, Entry, Meter, Progress, archive
from hamdel.importers._types import ArchivePost
from hamdel.importers._whatsapp_dates import DateOrder, moment

_D = r"[0-9۰-۹٠-٩]"
_HEADER = re.compile(
    rf"^\[?(?P<date>{_D}{{1,4}}[./-]{_D}{{1,2}}[./-]{_D}{{1,4}})\.?[,،]?\s+"
    rf"(?P<time>{_D}{{1,2}}[:.]{_D}{{2}}(?:[:.]{_D}{{2}})?)"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?|[قب]\.?\s?ظ\.?|قبل\S?\s?از\s?ظهر|بعد\S?\s?از\s?ظهر))?"
    r"(?:\]\s*|\s+[-–]\s+)(?P<rest>.*)$"
)
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LRM = "\u200e"
_EDITED = re.compile(r"\s*<(This message was edited|این پیام ویرایش شد)>\s*$", re.IGNORECASE)
_SKIP = re.compile(
    r"^(<Media omitted>|<[^<>\n]*(omitted|attached)[^<>\n]*>|"
    r"(image|video|audio|sticker|GIF|document|Contact card|video note) omitted|"
    r"This message was deleted\.?|You deleted this message\.?|"
    r"Missed (voice|video) call|Waiting for this message.*|null|"
    r"Messages and calls are end-to-end encrypted.*|"
    r"location: https?://\S+|.*\(file attached\)|"
    r"<رسانه حذف شد>|این پیام حذف شد\.?|این پیام را حذف کردید\.?)$",
    re.IGNORECASE | re.DOTALL,
)
_NAME_TRIM = " \t~\u202f\u00a0"


@dataclass(frozen=True)
class _Message:
    line: int
    date: str
    time: str
    ampm: str | None
    author: str
    text: str


def _chat_entry(arch: Archive) -> Entry:
    if not arch.is_zip and not arch.path.is_dir():
        return arch.entries[0]
    texts = arch.find(r"\.txt$")
    chosen = (
        [e for e in texts if e.base == "_chat.txt"]
        or [e for e in texts if "whatsapp" in e.base.lower()]
        or texts
    )
    if not chosen:
        raise InputError("this is not a WhatsApp chat export: _chat.txt not found")
    if len(chosen) > 1:
        names = ", ".join(e.name for e in chosen[:5])
        raise InputError(f"several chats in one archive ({names}); export them one at a time")
    arch.check(chosen)
    return chosen[0]


def _finish(head: _Message | None, body: list[str]) -> _Message | None:
    if head is None:
        return None
    raw = "\n".join(body)
    text = _EDITED.sub("", _MARKS.sub("", raw)).strip()
    if raw.startswith(_LRM) or not text or _SKIP.match(text):
        return None  # system line, media, deleted
    return _Message(head.line, head.date, head.time, head.ampm, head.author, text)


def _messages(lines: Iterator[str], name: str) -> Iterator[_Message]:
    """The chat's messages with text, in order, dates not yet read."""
    head: _Message | None = None
    body: list[str] = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        match = _HEADER.match(_MARKS.sub("", line[:64]) + line[64:]) if line else None
        if match is None:
            if head is not None:
                body.append(line)
            elif line.strip() and number == 1:
                raise InputError(
                    f"this is not a WhatsApp chat export: the first line of {name} is not "
                    "'date, time - name: message'"
                )
            continue
        done = _finish(head, body)
        if done is not None:
            yield done
        sender, sep, text = match["rest"].partition(": ")
        if not sep:  # a system line: "X joined", "Messages and calls are end-to-end encrypted"
            head, body = None, []
            continue
        author = _MARKS.sub("", sender).strip(_NAME_TRIM)
        head = _Message(number, match["date"], match["time"], match["ampm"], author, "")
        body = [text]
    done = _finish(head, body)
    if done is not None:
        yield done


def _scan(arch: Archive, entry: Entry, meter: Meter) -> tuple[str, Counter[str]]:
    """First pass: the file's date order and who wrote how many messages."""
    order = DateOrder()
    authors: Counter[str] = Counter()
    with arch.opened(entry, meter) as stream:
        try:
            for msg in _messages(stream.text(), entry.base):
                order.see(msg.date, msg.ampm is not None)
                authors[msg.author] += 1
        except UnicodeDecodeError:
            raise InputError(f"{entry.base}: not UTF-8 text") from None
    if not authors:
        raise InputError(f"this is not a WhatsApp chat export: no messages in {entry.base}")
    return order.decide(), authors


def _listing(authors: Counter[str]) -> str:
    return ", ".join(name for name, _ in sorted(authors.items(), key=lambda kv: -kv[1])[:30])


def read_whatsapp(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """``author``'s messages in a WhatsApp chat export (see the module's docstring)."""
    with archive(path) as arch:
        entry = _chat_entry(arch)
        meter = Meter(2 * entry.size, progress)  # read twice: the date order, then the messages
        order, authors = _scan(arch, entry, meter)
        if author is None:
            raise AuthorNeeded(
                f"a chat has several people: choose your name (author) among: {_listing(authors)}",
                _ranked(authors),
            )
        wanted = author.strip(_NAME_TRIM)
        if wanted not in authors:
            raise InputError(
                f"no messages from {author} in this chat; the names in it: {_listing(authors)}"
            )
        ids = DigestIds()
        with arch.opened(entry, meter) as stream:
            for msg in _messages(stream.text(), entry.base):
                if msg.author != wanted:
                    continue
                where = f"{entry.base}, line {msg.line}"
                when = moment(msg.date, msg.time, msg.ampm, order, where)
                yield make_post("whatsapp", ids(when, msg.author, msg.text), msg.text, when, where)
        meter.finish()


def authors_whatsapp(path: Path) -> list[tuple[str, int]]:
    """Who wrote the messages with text in a WhatsApp chat export, and how many, most first."""
    with archive(path) as arch:
        entry = _chat_entry(arch)
        _, authors = _scan(arch, entry, Meter(entry.size, None))
    return _ranked(authors)


def _ranked(authors: Counter[str]) -> list[tuple[str, int]]:
    return sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))


__all__ = ["authors_whatsapp", "read_whatsapp"]
