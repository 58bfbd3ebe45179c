"""Labelled clips for training and evaluation, with an on-disk cache of trimmed audio and features.

The cache lives outside the repository (``$HAMDEL_VOICE_CACHE`` or the user cache directory,
``.../hamdel/voice``) and is keyed by file path, size, modification time and front-end settings,
so a changed file or setting is recomputed and never served stale.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

import numpy as np

from hamdel.core.errors import AudioError
from hamdel.core.labels.speech import map_speech_label
from hamdel.perception.voice._audio import AudioLimits, load_audio, trim_speech
from hamdel.perception.voice._corpora import ManifestRow
from hamdel.perception.voice._features import MelConfig, features

log = logging.getLogger(__name__)

TRAIN_LIMITS = AudioLimits(min_speech_seconds=0.3, max_seconds=30.0)
"""Training accepts shorter clips than serving (TurEV-DB has many one-word clips)."""


def cache_dir() -> Path:
    """Where trimmed waveforms and features are cached."""
    explicit = os.environ.get("HAMDEL_VOICE_CACHE")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hamdel")) / "voice"


def _key(path: Path, *parts: object) -> str:
    st = path.stat()
    raw = json.dumps([str(path.resolve()), st.st_size, st.st_mtime_ns, *map(str, parts)])
    return hashlib.sha1(raw.encode()).hexdigest()


def atomic_save(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a cache file under a temporary name, then rename (safe with parallel workers)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _savez(handle: BinaryIO, arrays: dict[str, np.ndarray]) -> None:
    np.savez(handle, **arrays)  # type: ignore[arg-type]


def cached_speech(path: Path, limits: AudioLimits = TRAIN_LIMITS) -> np.ndarray:
    """Decoded and voice-trimmed 16 kHz waveform of ``path`` (cached as int16)."""
    if not path.is_file():
        raise AudioError(f"{path}: no such file")
    target = cache_dir() / "speech" / f"{_key(path, limits)}.npy"
    if target.is_file():
        return np.asarray(np.load(target).astype(np.float32) / 32767.0, dtype=np.float32)
    speech = trim_speech(load_audio(path, limits=limits), limits=limits, name=str(path))
    pcm = np.round(speech * 32767.0).astype(np.int16)
    atomic_save(target, lambda h: np.save(h, pcm))
    return speech


@dataclass
class ClipSet:
    """Usable clips of a manifest: waveforms, class indices, speakers; and what was skipped."""

    rows: list[ManifestRow] = field(default_factory=list)
    speech: list[np.ndarray] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.rows)

    def subset(self, indices: np.ndarray | list[int]) -> ClipSet:
        out = ClipSet()
        for i in indices:
            out.rows.append(self.rows[i])
            out.speech.append(self.speech[i])
            out.labels.append(self.labels[i])
        return out

    @property
    def speakers(self) -> list[str]:
        return [f"{r.corpus}:{r.speaker}" for r in self.rows]


def load_clips(
    rows: list[ManifestRow], classes: tuple[str, ...], limits: AudioLimits = TRAIN_LIMITS
) -> ClipSet:
    """Map labels and load speech; unmapped labels and unusable audio are skipped and counted."""
    out = ClipSet()
    index = {c: i for i, c in enumerate(classes)}
    for row in rows:
        emotion = map_speech_label(row.emotion, row.corpus)
        if emotion is None or emotion.value not in index:
            out.skipped[f"label:{row.emotion}"] += 1
            continue
        try:
            speech = cached_speech(row.path, limits)
        except AudioError as exc:
            log.info("skipped %s", exc)
            out.skipped["audio"] += 1
            continue
        out.rows.append(row)
        out.speech.append(speech)
        out.labels.append(index[emotion.value])
    return out


def feature_versions(
    clips: ClipSet, mel: MelConfig, n_aug: int, seed: int
) -> list[list[np.ndarray]]:
    """For each clip: the clean log-mel and ``n_aug`` waveform-augmented log-mels (cached)."""
    from hamdel.perception.voice._augment import augment_waveform

    out: list[list[np.ndarray]] = []
    for row, speech in zip(clips.rows, clips.speech, strict=True):
        target = cache_dir() / "mel" / f"{_key(row.path, mel.to_dict(), n_aug, seed)}.npz"
        if target.is_file():
            with np.load(target) as data:
                out.append([data[f"v{i}"].astype(np.float32) for i in range(n_aug + 1)])
            continue
        rng = np.random.default_rng([seed, int(_key(row.path)[:8], 16)])
        versions = [features(speech, mel)]
        versions += [features(augment_waveform(speech, rng), mel) for _ in range(n_aug)]
        arrays = {f"v{i}": v.astype(np.float16) for i, v in enumerate(versions)}
        atomic_save(target, partial(_savez, arrays=arrays))
        out.append([v.astype(np.float16).astype(np.float32) for v in versions])
    return out


__all__ = [
    "TRAIN_LIMITS",
    "ClipSet",
    "cache_dir",
    "cached_speech",
    "feature_versions",
    "load_clips",
]
