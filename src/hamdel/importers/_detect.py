"""Telling an archive's kind from its name, the names inside it, or its first bytes."""

from __future__ import annotations

import re
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.importers import _csv, _files, _mastodon, _meta, _telegram, _x
from hamdel.importers._files import Archive, Meter

_BY_NAME = (
    ("telegram", _telegram.PATTERN),
    ("x", _x.PATTERN),
    ("mastodon", _mastodon.PATTERN),
    ("facebook", _meta.FACEBOOK),
    ("instagram", _meta.INSTAGRAM),
    ("whatsapp", r"(^|/)(_chat\.txt|WhatsApp[^/]*\.txt)$"),
)
_WHATSAPP_LINE = re.compile(
    r"^\u200e?\[?[0-9۰-۹]{1,4}[./-][0-9۰-۹]{1,2}[./-][0-9۰-۹]{1,4}\.?[,،]?\s+[0-9۰-۹]{1,2}[:.][0-9۰-۹]{2}"
)
HEAD_BYTES = 4096


def _from_names(names: list[str]) -> str | None:
    for source, pattern in _BY_NAME:
        rx = re.compile(pattern)
        if any(rx.search(n) and not n.startswith("__MACOSX/") for n in names):
            return source
    if any(n.lower().endswith(".csv") for n in names):
        return "csv"
    return None


def _from_head(head: bytes) -> str | None:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("window.YTD."):
        return "x"
    if text.startswith("{"):
        if "OrderedCollection" in text or '"orderedItems"' in text:
            return "mastodon"
        if '"personal_information"' in text or '"messages"' in text or '"chats"' in text:
            return "telegram"
        if '"status_updates' in text:
            return "facebook"
        return None
    if _WHATSAPP_LINE.match(text):
        return "whatsapp"
    if text.startswith("["):
        first_key = re.match(r'\[\s*\{\s*"(\w+)"', text)
        key = first_key[1] if first_key else ""
        if key in ("media", "creation_timestamp", "title"):
            return "instagram"
        if key in ("timestamp", "data", "attachments", "tags"):
            return "facebook"
        return None
    first = text.split("\n", 1)[0].lower()
    if any(col in re.split(r"[,;\t]", first) for col in _csv.TEXT_COLUMNS):
        return "csv"
    return None


def _from_heads(arch: Archive) -> str | None:
    """The kind of the first text file inside (a chat export named in another language)."""
    texts = [
        e for e in arch.find(r"\.(txt|json|js|csv)$") if e.size <= _files.MAX_UNCOMPRESSED_BYTES
    ]
    for entry in sorted(texts, key=lambda e: e.name.count("/"))[:3]:
        with arch.opened(entry, Meter(entry.size, None)) as stream:
            found = _from_head(stream.read(HEAD_BYTES))
        if found is not None:
            return found
    return None


def detect(path: Path) -> str | None:
    """See :func:`hamdel.importers.detect_source`."""
    try:
        arch = Archive(path)
    except InputError:
        return None
    try:
        if arch.is_zip or path.is_dir():
            by_names = _from_names([e.name for e in arch.entries])
            return by_names if by_names is not None else _from_heads(arch)
        by_name = _from_names([path.name])
        if by_name is not None and by_name != "csv":
            return by_name
        with arch.opened(arch.entries[0], Meter(arch.entries[0].size, None)) as stream:
            head = stream.read(HEAD_BYTES)
        return _from_head(head) or by_name
    finally:
        arch.close()


__all__ = ["detect"]
