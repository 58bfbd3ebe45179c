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


def cache_key(text: str, lang: str, voice_ids: tuple[str, ...], fmt: str) -> str:
    raw = "\0".join((CACHE_VERSION, lang, "+".join(voice_ids), fmt, text))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class AudioCache:
    """Files ``<root>/<kk>/<key>.<fmt>`` plus ``<key>.json`` holding the metadata."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

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
