"""Disk cache of synthesized audio, keyed by (text, language, voices, format)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from hamdel.voice_out._types import SpeechAudio

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"
MAX_BYTES = 256 * 1024 * 1024
"""Default size of the cache; past it the least recently used entries are deleted."""
PRUNE_EVERY = 50


def cache_key(text: str, lang: str, voice_ids: tuple[str, ...], fmt: str) -> str:
    raw = "\0".join((CACHE_VERSION, lang, "+".join(voice_ids), fmt, text))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class AudioCache:
    """Files ``<root>/<kk>/<key>.<fmt>`` plus ``<key>.json`` holding the metadata."""

    def __init__(self, root: Path | None, max_bytes: int = MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._puts = 0

    def _paths(self, key: str, fmt: str) -> tuple[Path, Path]:
        assert self.root is not None
        folder = self.root / key[:2]
        return folder / f"{key}.{fmt}", folder / f"{key}.json"

    def get(self, key: str, fmt: str) -> SpeechAudio | None:
        if self.root is None:
            return None
        audio, meta = self._paths(key, fmt)
        try:
            info = json.loads(meta.read_text("utf-8"))
            data = audio.read_bytes()
            os.utime(audio)  # recently used: pruned last
        except (OSError, ValueError):
            return None
        info.pop("bytes", None)
        return SpeechAudio(data=data, **{**info, "cached": True})

    def put(self, key: str, speech: SpeechAudio) -> None:
        if self.root is None:
            return
        audio, meta = self._paths(key, speech.format)
        try:
            audio.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(audio, speech.data)
            _atomic_write(meta, json.dumps(speech.to_dict()).encode("utf-8"))
        except OSError as exc:
            logger.warning("audio cache %s not writable: %s", self.root, exc)
            return
        self._puts += 1
        if self._puts % PRUNE_EVERY == 1:
            self.prune()

    def prune(self) -> int:
        """Delete least recently used entries until the cache fits ``max_bytes``; returns the
        number deleted."""
        if self.root is None or not self.root.is_dir():
            return 0
        entries = []
        for audio in self.root.glob("*/*.*"):
            if audio.suffix in (".wav", ".ogg"):
                try:
                    stat = audio.stat()
                except OSError:
                    continue
                entries.append((stat.st_mtime, stat.st_size, audio))
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, audio in sorted(entries):
            if total <= self.max_bytes:
                break
            audio.unlink(missing_ok=True)
            audio.with_suffix(".json").unlink(missing_ok=True)
            total -= size
            deleted += 1
        return deleted


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["AudioCache", "cache_key"]
