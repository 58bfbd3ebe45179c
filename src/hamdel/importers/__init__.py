"""Readers for the archives people can download from social networks, and a generic CSV.

Every reader yields :class:`ArchivePost` for the posts the person wrote themselves, streaming
(a 100 MB archive is never held whole), and raises :class:`~hamdel.core.errors.InputError`
naming the first bad entry (``"tweets.js, tweet 12: no date"``). The caller collects every post
before storing any, so an error midway leaves nothing half-imported.

>>> from pathlib import Path
>>> source = detect_source(Path("twitter-2024-01-01.zip"))  # doctest: +SKIP
>>> posts = list(read_archive("x", Path("twitter-2024-01-01.zip")))  # doctest: +SKIP

Sources (``SOURCES``): ``csv``, ``telegram``, ``instagram``, ``facebook``, ``x``, ``mastodon``,
``whatsapp``. Each archive may be the bare file (whatever its name: an upload may be renamed),
the ``.zip`` the service hands out (multi-part files inside read in order; zip bombs refused by
their declared sizes) or the unzipped folder. Each format's rules are in its module's docstring.

Times are timezone-aware: X and Mastodon carry their zone; Instagram, Facebook and Telegram's
``date_unixtime`` are seconds since 1970 (UTC); Telegram's older ``date``, WhatsApp's and a
CSV's dates without a zone are the writer's local time, labelled UTC. ``language`` is
``"en"``/``"fa"`` where the archive says so (X ``lang``, Mastodon ``contentMap``), ``None``
where it names another language, else from the text's letters (``None`` when mixed). A post
longer than :data:`MAX_POST_CHARS` is an :class:`InputError`; posts empty after cleaning
(media only, service messages) are skipped; an archive with no post of the person's is an
:class:`InputError`. How many posts one import may hold is the caller's to decide.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hamdel.core.errors import InputError
from hamdel.importers._common import MAX_NATIVE_ID, MAX_POST_CHARS, AuthorNeeded, make_post
from hamdel.importers._files import MAX_UNCOMPRESSED_BYTES, Progress
from hamdel.importers._mastodon import html_to_text
from hamdel.importers._types import SOURCES, ArchivePost


def read_archive(
    source: str,
    path: Path,
    *,
    author: str | None = None,
    progress: Progress | None = None,
) -> Iterator[ArchivePost]:
    """The person's own posts in the archive at ``path``, in archive order.

    Parameters
    ----------
    source
        One of :data:`SOURCES`.
    path
        The bare file (``result.json``, ``tweets.js``, ``outbox.json``, ``posts_1.json``,
        ``_chat.txt``, a ``.csv``), the ``.zip`` the service hands out, or a folder holding them.
    author
        For chats (Telegram without ``personal_information``, WhatsApp): the person's name as it
        appears in the chat (see :func:`list_authors`). Ignored by the other sources.
    progress
        Called now and then with ``(bytes_done, bytes_total)`` of the (uncompressed) files read.

    Raises
    ------
    InputError
        The file is not that kind of archive, an entry is malformed (the message names it), a
        post is longer than 20,000 characters, the archive holds no post of the person's, or a
        chat needs ``author`` (the message lists the names in it).
    """
    from hamdel.importers._dispatch import reader_for

    return reader_for(source)(path, author=author, progress=progress)


def detect_source(path: Path) -> str | None:
    """The archive kind of ``path`` (one of :data:`SOURCES`) from its name, the names inside a
    zip or folder, or its first bytes; ``None`` when it is none of them."""
    from hamdel.importers._detect import detect

    return detect(path)


def list_authors(source: str, path: Path) -> list[tuple[str, int]]:
    """``(name, messages)`` for each person who wrote in a chat (``telegram``, ``whatsapp``),
    most messages first, so the person can pick themselves. Service and media-only messages
    are not counted. Other sources: :class:`InputError` (their posts have one author)."""
    from hamdel.importers._dispatch import authors_for

    return authors_for(source)(path)


__all__ = [
    "MAX_NATIVE_ID",
    "MAX_POST_CHARS",
    "MAX_UNCOMPRESSED_BYTES",
    "SOURCES",
    "ArchivePost",
    "AuthorNeeded",
    "InputError",
    "Progress",
    "detect_source",
    "html_to_text",
    "list_authors",
    "make_post",
    "read_archive",
]
