"""Value objects that cross the voice_out border: voices, raw speech and encoded audio."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from hamdel.core.languages import LANGUAGES

AudioFormat = Literal["wav", "ogg"]
FORMATS: tuple[AudioFormat, ...] = ("wav", "ogg")
MIME_TYPES: dict[str, str] = {"wav": "audio/wav", "ogg": "audio/ogg; codecs=opus"}


@dataclass(frozen=True)
class VoiceInfo:
    """One voice a backend offers, available or not.

    ``rank`` orders voices of one language (higher is preferred); ``why`` says why the voice is
    chosen, or why it cannot be used and how to get it.
    """

    voice_id: str
    backend: str
    language: str
    name: str
    available: bool
    rank: int
    why: str
    sample_rate: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, eq=False)
class Speech:
    """Raw synthesized speech: mono float32 samples in [-1, 1] at ``sample_rate``."""

    samples: np.ndarray = field(repr=False)
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class SpeechAudio:
    """Encoded speech ready to send or save (WAV 16-bit PCM or OGG/Opus)."""

    data: bytes = field(repr=False)
    format: AudioFormat
    mime_type: str
    sample_rate: int
    seconds: float
    voice_id: str
    backend: str
    language: str
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Everything but the audio bytes."""
        return {
            "format": self.format,
            "mime_type": self.mime_type,
            "sample_rate": self.sample_rate,
            "seconds": round(self.seconds, 3),
            "voice_id": self.voice_id,
            "backend": self.backend,
            "language": self.language,
            "cached": self.cached,
            "bytes": len(self.data),
        }


__all__ = [
    "FORMATS",
    "LANGUAGES",
    "MIME_TYPES",
    "AudioFormat",
    "Speech",
    "SpeechAudio",
    "VoiceInfo",
]
