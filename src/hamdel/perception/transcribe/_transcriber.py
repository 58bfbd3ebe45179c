"""Speech-to-text with faster-whisper (CTranslate2), offline: a local model folder, no downloads.

>>> transcriber = Transcriber.load()                     # doctest: +SKIP
>>> transcriber.transcribe("note.webm", lang="auto").text  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import AudioError, InputError, ModelUnavailableError
from hamdel.perception.transcribe._files import (
    INSTALL_HINT,
    assemble_whisper_base,
    default_model_dir,
    is_model_dir,
)

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
LANGUAGES = ("en", "fa", "auto")
MAX_SECONDS = 600.0
"""Longest audio :meth:`Transcriber.transcribe` accepts by default (10 minutes)."""


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float

    def to_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "text": self.text,
                "avg_logprob": round(self.avg_logprob, 3),
                "no_speech_prob": round(self.no_speech_prob, 3)}  # fmt: skip


@dataclass(frozen=True)
class Transcript:
    """What was said: the text, its language (en or fa) and timed segments."""

    text: str
    language: str
    language_probability: float
    seconds: float
    segments: tuple[Segment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "language_probability": round(self.language_probability, 3),
            "seconds": round(self.seconds, 2),
            "segments": [s.to_dict() for s in self.segments],
        }


def _as_samples(audio: str | Path | bytes | np.ndarray) -> np.ndarray:
    if isinstance(audio, np.ndarray):
        if audio.ndim != 1:
            raise AudioError(f"audio array must be mono (1-D), got shape {audio.shape}")
        samples = audio.astype(np.float32, copy=False)
    else:
        from hamdel.perception.voice import decode_audio

        samples = decode_audio(audio)
    if samples.size == 0:
        raise AudioError("empty audio")
    if not np.all(np.isfinite(samples)):
        raise AudioError("audio has NaN or infinite samples")
    return samples


class Transcriber:
    """A loaded Whisper model. Use :meth:`load`; the constructor only stores the model."""

    def __init__(self, model: Any, model_dir: Path, beam_size: int = 1) -> None:
        self.model = model
        self.model_dir = model_dir
        self.beam_size = beam_size

    @classmethod
    def load(
        cls,
        model_dir: Path | str | None = None,
        *,
        cpu_threads: int = 1,
        compute_type: str = "int8",
        beam_size: int = 1,
    ) -> Transcriber:
        """Load a CTranslate2 Whisper folder (``model.bin``, ``config.json``, ``tokenizer.json``).

        Without ``model_dir`` the packaged multilingual Whisper base is joined (once) into the
        user cache and loaded from there. Nothing is ever downloaded (``HF_HUB_OFFLINE=1``).
        """
        os.environ["HF_HUB_OFFLINE"] = "1"
        folder = Path(model_dir) if model_dir is not None else default_model_dir()
        if model_dir is None:
            folder = assemble_whisper_base(folder)
        elif not is_model_dir(folder):
            raise ModelUnavailableError(
                f"{folder} is not a faster-whisper model folder (model.bin, config.json, "
                f"tokenizer.json); for the default model: {INSTALL_HINT}"
            )
        try:
            from faster_whisper import WhisperModel  # type: ignore[import-untyped]
        except ImportError as exc:
            raise ModelUnavailableError(f"faster-whisper is not installed: {INSTALL_HINT}") from exc
        try:
            model = WhisperModel(str(folder), device="cpu", compute_type=compute_type,
                                 cpu_threads=cpu_threads, local_files_only=True)  # fmt: skip
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelUnavailableError(f"cannot load Whisper from {folder}: {exc}") from exc
        return cls(model, folder, beam_size)

    def detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        """English or Persian, whichever Whisper finds likelier (other languages are ignored)."""
        _, _, probs = self.model.detect_language(samples)
        table = dict(probs)
        en, fa = table.get("en", 0.0), table.get("fa", 0.0)
        lang = "fa" if fa > en else "en"
        total = en + fa
        return lang, (max(en, fa) / total if total > 0 else 0.5)

    def transcribe(
        self,
        audio: str | Path | bytes | np.ndarray,
        lang: str = "auto",
        *,
        max_seconds: float = MAX_SECONDS,
    ) -> Transcript:
        """Transcribe a file, encoded bytes or a 16 kHz mono float32 array.

        ``lang`` is "en", "fa" or "auto" (detects English vs Persian only). Raises AudioError for
        unreadable, empty or too long audio, InputError for another language.
        """
        if lang not in LANGUAGES:
            raise InputError(f"unsupported language {lang!r}; use one of {list(LANGUAGES)}")
        samples = _as_samples(audio)
        seconds = len(samples) / SAMPLE_RATE
        if seconds > max_seconds:
            raise AudioError(
                f"audio too long to transcribe: {seconds:.0f} s (limit {max_seconds:.0f} s)"
            )
        if lang == "auto":
            lang, probability = self.detect_language(samples)
        else:
            probability = 1.0
        pieces, _info = self.model.transcribe(
            samples, language=lang, beam_size=self.beam_size, vad_filter=False,
            condition_on_previous_text=False, without_timestamps=False,
        )  # fmt: skip
        segments = tuple(
            Segment(float(s.start), float(s.end), s.text.strip(), float(s.avg_logprob),
                    float(s.no_speech_prob))
            for s in pieces
        )  # fmt: skip
        text = " ".join(s.text for s in segments if s.text).strip()
        return Transcript(text, lang, float(probability), seconds, segments)


__all__ = ["LANGUAGES", "MAX_SECONDS", "Segment", "Transcriber", "Transcript"]
