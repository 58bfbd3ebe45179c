"""Drop folders: archives a person (or a sync tool of theirs) puts in a folder on the server are
imported by the monitor at its next tick.

Layout, under ``HAMDEL_DROP_DIR`` (default: ``drop`` in the user data directory)::

    drop/
      .key                      32 random bytes (0600), made on first use
      42-3f9c0a6d1e2b4c5d6e7f/  the person with id 42: "<id>-<HMAC-SHA256(key, id), 20 hex>"
        author.txt              optional: the person's name as it appears in their chats
        twitter-2024.zip        waiting: imported at the next tick
        done/                   imported archives are moved here
        refused/                refused ones, each with <name>.why.txt in the person's language

A folder is tied to its person by its name: the id, then a keyed digest of it that nobody can
compute without the key file, so nobody who can only reach the drop root (not list it: make it
``0711``) can guess another person's folder, and a folder whose digest does not match is
ignored. Nothing new is stored in the database.

A file still being copied is left alone: ``*.part`` files, hidden files, and anything changed in
the last ``settle_seconds``. Each archive is imported whole or not at all
(:func:`~hamdel.companion.imports.import_archive`), then moved away, so it is never imported
twice (and if a move fails, importing it again adds nothing). One person's bad file, or a
failing folder, stops no one else's.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamdel.companion.imports import import_archive
from hamdel.core.errors import InputError
from hamdel.core.jsonable import jsonable
from hamdel.core.languages import LANGUAGES, read_texts
from hamdel.importers import detect_source
from hamdel.store import repositories as repo
from hamdel.store import transaction

if TYPE_CHECKING:
    from hamdel.store import Sessions

logger = logging.getLogger(__name__)

KEY_FILE = ".key"
DONE, REFUSED = "done", "refused"
AUTHOR_FILE = "author.txt"
TEXTS_DIR = Path(__file__).resolve().parents[3] / "data" / "imports"
_DIGEST_HEX = 20


@dataclass(frozen=True)
class DropReport:
    """One pickup: archives imported and refused, posts added, folders that failed."""

    imported: int = 0
    refused: int = 0
    new_posts: int = 0
    failed: int = 0
    """Archives left in place after an unexpected error (tried again at the next tick)."""

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]


def _key(root: Path) -> bytes:
    """The drop root's key, made (0600) on first use; concurrent first uses agree on one."""
    root.mkdir(parents=True, exist_ok=True, mode=0o711)
    path = root / KEY_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it right now
            key = path.read_bytes()
            if len(key) == 32:
                return key
            time.sleep(0.02)
        raise InputError(
            f"{path}: not a drop key (32 bytes); delete it to make a new one"
        ) from None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def folder_name(root: Path, user_id: int, key: bytes | None = None) -> str:
    """``<id>-<digest>``: the name of the person's drop folder (``key``: the root's, when the
    caller has read it already)."""
    digest = hmac.new(key or _key(root), f"hamdel-drop:{user_id}".encode(), hashlib.sha256)
    return f"{user_id}-{digest.hexdigest()[:_DIGEST_HEX]}"


def person_folder(root: Path, user_id: int) -> Path:
    """The person's drop folder, created (0700) when missing."""
    folder = root / folder_name(root, user_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def owner_of(root: Path, name: str, key: bytes | None = None) -> int | None:
    """The person a folder name belongs to, or ``None`` when its digest does not match."""
    head, _, digest = name.partition("-")
    if not head.isdigit() or len(digest) != _DIGEST_HEX:
        return None
    expected = folder_name(root, int(head), key)
    return int(head) if hmac.compare_digest(expected, name) else None


@cache
def _texts(language: str) -> dict[str, str]:
    return read_texts(TEXTS_DIR, language if language in LANGUAGES else "en")


def why_text(language: str, name: str, why: str, kind: str | None) -> str:
    """The note left beside a refused archive, in the person's language."""
    texts = _texts(language)
    parts = [texts["refused"].format(name=name, why=why)]
    if kind is None:
        parts.append(texts["unknown_kind"])
    elif kind in ("telegram", "whatsapp"):
        parts.append(texts["chat_hint"])
    return "\n\n".join(parts) + "\n"


def _settled(path: Path, now: float, settle_seconds: float) -> bool:
    """Whether ``path`` (a file, or a folder and everything in it) is complete."""
    if path.name.startswith(".") or path.name.endswith((".part", ".crdownload", ".tmp")):
        return False
    stamps = [path.stat().st_mtime]
    if path.is_dir():
        stamps += [p.stat().st_mtime for p in path.rglob("*")]
    return now - max(stamps) >= settle_seconds


def waiting(folder: Path, *, now: float, settle_seconds: float) -> Iterator[Path]:
    """The complete archives waiting in a person's folder, oldest first."""
    entries = [
        p
        for p in folder.iterdir()
        if p.name not in (DONE, REFUSED, AUTHOR_FILE) and not p.is_symlink()
    ]
    for path in sorted(entries, key=lambda p: (p.stat().st_mtime, p.name)):
        if _settled(path, now, settle_seconds):
            yield path


def _move(path: Path, into: Path) -> Path:
    """``path`` moved into ``into`` (a name already there gets a time suffix)."""
    into.mkdir(exist_ok=True, mode=0o700)
    target = into / path.name
    if target.exists():
        target = (
            into
            / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}{path.suffix}"
        )
    shutil.move(str(path), target)
    return target


def _author(folder: Path) -> str | None:
    path = folder / AUTHOR_FILE
    if not path.is_file():
        return None
    name = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return name[0].strip() if name and name[0].strip() else None


def _kind(path: Path) -> str | None:
    try:
        return detect_source(path)
    except InputError:  # a damaged zip, say
        return None


def _one(
    sessions: Sessions, user_id: int, language: str, folder: Path, path: Path
) -> tuple[str, int]:
    """Import one archive and move it away: ``("imported", new posts)`` or ``("refused", 0)``."""
    try:
        report = import_archive(
            sessions, user_id=user_id, source=None, path=path, author=_author(folder)
        )
    except InputError as exc:
        why = str(exc).replace(str(path), path.name)
        target = _move(path, folder / REFUSED)
        note = target.parent / f"{target.name}.why.txt"
        note.write_text(why_text(language, path.name, why, _kind(target)), encoding="utf-8")
        logger.info("drop refused", extra={"fields": {"user_id": user_id}})
        return "refused", 0
    _move(path, folder / DONE)
    return "imported", report.new


def _language(sessions: Sessions, user_id: int) -> str | None:
    """The person's language, or ``None`` when the account no longer exists."""
    with transaction(sessions) as db:
        user = repo.get_user(db, user_id=user_id)
        return user.language if user is not None else None


def _empty_folder(
    sessions: Sessions,
    user_id: int,
    folder: Path,
    *,
    now: float,
    settle_seconds: float,
    counts: dict[str, int],
) -> None:
    """Import every complete archive in one person's folder, adding to ``counts`` (the
    database is asked only when something is waiting)."""
    try:
        ready = list(waiting(folder, now=now, settle_seconds=settle_seconds))
        language = _language(sessions, user_id) if ready else None
        if language is None:
            return  # nothing waiting, or the account is gone (its folder waits for the operator)
        for path in ready:
            try:
                outcome, new = _one(sessions, user_id, language, folder, path)
            except Exception as exc:  # the next archive, and the next person, still run
                counts["failed"] += 1
                _log_failure("drop failed", user_id, exc)
                continue
            counts[outcome] += 1
            counts["new_posts"] += new
    except OSError as exc:  # an unreadable folder: the others still run
        counts["failed"] += 1
        _log_failure("drop folder unreadable", user_id, exc)


def _log_failure(event: str, user_id: int, exc: Exception) -> None:
    logger.error(event, extra={"fields": {"user_id": user_id, "error": type(exc).__name__}})


def pick_up(
    sessions: Sessions,
    *,
    root: Path,
    settle_seconds: float = 60,
    now: float | None = None,
) -> DropReport:
    """Import every complete archive waiting in every person's drop folder under ``root``."""
    counts = {"imported": 0, "refused": 0, "new_posts": 0, "failed": 0}
    if not root.is_dir():
        return DropReport()
    moment = time.time() if now is None else now
    key = _key(root)  # read once for every folder
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        user_id = owner_of(root, folder.name, key)
        if user_id is not None:
            _empty_folder(
                sessions, user_id, folder, now=moment, settle_seconds=settle_seconds, counts=counts
            )
    if counts["imported"] or counts["refused"] or counts["failed"]:
        logger.info("drop folders", extra={"fields": counts})
    return DropReport(**counts)


__all__ = [
    "AUTHOR_FILE",
    "DropReport",
    "folder_name",
    "owner_of",
    "person_folder",
    "pick_up",
    "waiting",
    "why_text",
]
