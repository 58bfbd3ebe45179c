"""Speech-to-text with faster-whisper (CTranslate2), offline: local model folders, no downloads.

Each language is transcribed by the packaged Whisper that :data:`MODEL_FOR_LANGUAGE` names; a
model other than the default (Whisper base) is loaded on the first note in its language, and when
it cannot be had the default transcribes instead: logged once, and said in the transcript's
``notes``.

>>> transcriber = Transcriber.load()                     # doctest: +SKIP
>>> transcriber.transcribe("note.webm", lang="auto").text  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import AudioError, InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES as SPOKEN
from hamdel.perception.transcribe._files import (
    INSTALL_HINT,
    MODELS,
    assemble_whisper,
    is_model_dir,
)

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
LANGUAGES = ("en", "fa", "auto")
MAX_SECONDS = 600.0
"""Longest audio :meth:`Transcriber.transcribe` accepts by default (10 minutes)."""
DEFAULT_MODEL = "base"
"""Loaded with the transcriber: it detects the language, and stands in for a missing model."""
MODEL_FOR_LANGUAGE: dict[str, str] = {"en": "base", "fa": "base"}
"""The packaged Whisper ("base" or "small") that transcribes each language. Whisper small is the
candidate for Persian, but the only small on PyPI is partial, so it could not be measured
(docs/benchmarks.md, "Speech-to-text: Whisper base and small"): base for both until it is."""


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
    model: str = DEFAULT_MODEL
    """Which Whisper transcribed it ("base", "small", or the folder's name when one was given)."""
    notes: tuple[str, ...] = ()
    """What did not go as configured, e.g. a fallback to Whisper base."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "language_probability": round(self.language_probability, 3),
            "seconds": round(self.seconds, 2),
            "segments": [s.to_dict() for s in self.segments],
            "model": self.model,
            "notes": list(self.notes),
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


def _load_folder(folder: Path, cpu_threads: int, compute_type: str) -> Any:
    try:
        from faster_whisper import WhisperModel  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelUnavailableError(f"faster-whisper is not installed: {INSTALL_HINT}") from exc
    try:
        return WhisperModel(str(folder), device="cpu", compute_type=compute_type,
                            cpu_threads=cpu_threads, local_files_only=True)  # fmt: skip
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelUnavailableError(f"cannot load Whisper from {folder}: {exc}") from exc


Loader = Callable[[str], tuple[Any, Path]]
"""Loads a packaged Whisper by name: (faster-whisper model, its folder)."""


class Transcriber:
    """Loaded Whisper model(s). Use :meth:`load`; the constructor only stores them.

    ``model`` (named ``name``) transcribes every language unless ``choice`` maps a language to
    another model name, which ``loader`` then loads on first use (once; a failure is remembered
    and ``model`` stands in, with a note).
    """

    def __init__(
        self,
        model: Any,
        model_dir: Path,
        beam_size: int = 1,
        *,
        name: str = DEFAULT_MODEL,
        choice: Mapping[str, str] | None = None,
        loader: Loader | None = None,
    ) -> None:
        self.model = model
        self.model_dir = model_dir
        self.beam_size = beam_size
        self.name = name
        self.choice = dict(choice or {})
        self._loader = loader
        self._extra: dict[str, Any] = {}
        self._failed: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        model_dir: Path | str | None = None,
        *,
        cpu_threads: int = 1,
        compute_type: str = "int8",
        beam_size: int = 1,
        models: Mapping[str, str] | None = None,
    ) -> Transcriber:
        """Load Whisper for speech-to-text.

        With ``model_dir`` (a CTranslate2 Whisper folder: ``model.bin``, ``config.json``,
        ``tokenizer.json``) that one model transcribes every language. Without it, the packaged
        models are joined (once) into the user cache: Whisper base now, and the model
        ``models`` (default :data:`MODEL_FOR_LANGUAGE`) names for a language on its first note.
        Nothing is ever downloaded (``HF_HUB_OFFLINE=1``).
        """
        os.environ["HF_HUB_OFFLINE"] = "1"
        if model_dir is not None:
            folder = Path(model_dir)
            if not is_model_dir(folder):
                raise ModelUnavailableError(
                    f"{folder} is not a faster-whisper model folder (model.bin, config.json, "
                    f"tokenizer.json); for the default model: {INSTALL_HINT}"
                )
            return cls(_load_folder(folder, cpu_threads, compute_type), folder, beam_size,
                       name=folder.name)  # fmt: skip
        choice = dict(MODEL_FOR_LANGUAGE if models is None else models)
        unknown = sorted({m for m in choice.values() if m not in MODELS} |
                         {lang for lang in choice if lang not in SPOKEN})  # fmt: skip
        if unknown:
            raise InputError(f"unknown language or Whisper model in {choice}: {unknown}")

        def loader(name: str) -> tuple[Any, Path]:
            folder = assemble_whisper(name)
            return _load_folder(folder, cpu_threads, compute_type), folder

        model, folder = loader(DEFAULT_MODEL)
        return cls(model, folder, beam_size, name=DEFAULT_MODEL, choice=choice, loader=loader)

    def model_for(self, lang: str) -> tuple[Any, str, tuple[str, ...]]:
        """The model that transcribes ``lang``: (model, its name, notes on a fallback)."""
        wanted = self.choice.get(lang, self.name)
        if wanted == self.name:
            return self.model, self.name, ()
        with self._lock:
            if wanted in self._extra:
                return self._extra[wanted], wanted, ()
            if wanted not in self._failed:
                try:
                    if self._loader is None:
                        raise ModelUnavailableError("no loader for packaged models")
                    self._extra[wanted], folder = self._loader(wanted)
                    logger.info("loaded Whisper %s for %s from %s", wanted, lang, folder)
                    return self._extra[wanted], wanted, ()
                except (ModelUnavailableError, OSError) as exc:
                    self._failed[wanted] = str(exc)
                    logger.warning(
                        "Whisper %s unavailable, Whisper %s transcribes instead: %s",
                        wanted, self.name, exc,
                        extra={"fields": {"component": "transcribe", "model": wanted,
                                          "fallback": self.name, "why": str(exc)}},
                    )  # fmt: skip
            note = (f"Whisper {wanted} (chosen for {lang}) is unavailable, so Whisper {self.name} "
                    f"transcribed this: {self._failed[wanted]}")  # fmt: skip
            return self.model, self.name, (note,)

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
        model, name, notes = self.model_for(lang)
        pieces, _info = model.transcribe(
            samples, language=lang, beam_size=self.beam_size, vad_filter=False,
            condition_on_previous_text=False, without_timestamps=False,
        )  # fmt: skip
        segments = tuple(
            Segment(float(s.start), float(s.end), s.text.strip(), float(s.avg_logprob),
                    float(s.no_speech_prob))
            for s in pieces
        )  # fmt: skip
        text = " ".join(s.text for s in segments if s.text).strip()
        return Transcript(text, lang, float(probability), seconds, segments, name, notes)


__all__ = [
    "DEFAULT_MODEL",
    "LANGUAGES",
    "MAX_SECONDS",
    "MODEL_FOR_LANGUAGE",
    "Segment",
    "Transcriber",
    "Transcript",
]
