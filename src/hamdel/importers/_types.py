"""What every importer yields: one post the person wrote, as it was in the archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SOURCES = ("csv", "telegram", "instagram", "facebook", "x", "mastodon", "whatsapp")
"""The archive kinds hamdel reads (``posts.source``)."""


@dataclass(frozen=True)
class ArchivePost:
    """One post of the person's own, read from an archive.

    ``native_id`` is the post's id in its archive (Telegram ``chat id:message id``, tweet id,
    Mastodon post id…) or, where the format has none (WhatsApp, Instagram, Facebook, CSV without an
    ``id`` column), a stable digest of its date and text: the same archive read twice gives the
    same ids. ``posted_at`` is timezone-aware (UTC where the archive gives no zone) or ``None``
    when the archive has no date; ``language`` is ``"en"``/``"fa"`` when the archive says so or
    the text is plainly one of them, else ``None`` (the analyzer then detects it).
    """

    source: str
    native_id: str
    text: str
    posted_at: datetime | None
    language: str | None
