"""The Speaker: finds the voices, picks the best per language, speaks text as WAV or OGG/Opus.

>>> speaker = Speaker.load(models_dir, cache_dir)          # doctest: +SKIP
>>> audio = speaker.speak("۲۵ نفس عمیق", "fa", format="ogg")  # doctest: +SKIP
>>> audio.mime_type, audio.voice_id                         # doctest: +SKIP
('audio/ogg; codecs=opus', 'mbrola:mb-ir1')
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from hamdel.core.errors import AudioError, InputError, ModelUnavailableError, TextError
from hamdel.core.languages import MAX_TEXT_CHARS
from hamdel.voice_out import _espeak, _glow, _piper
from hamdel.voice_out._cache import AudioCache, cache_key
from hamdel.voice_out._encode import encode, resample
from hamdel.voice_out._normalize import has_speech, normalize_text
from hamdel.voice_out._split import chunk_sentences, script_runs
from hamdel.voice_out._types import (
    FORMATS,
    LANGUAGES,
    MIME_TYPES,
    AudioFormat,
    Speech,
    SpeechAudio,
    VoiceInfo,
)

logger = logging.getLogger(__name__)

Preference = Literal["quality", "speed"]
NEURAL_BACKENDS = frozenset({"piper", "glow-tts"})
"""Longest text :meth:`Speaker.speak` accepts (~20 minutes of speech); longer is a TextError."""
MAX_SPOKEN_WORDS = 4_000
"""Most words :meth:`Speaker.speak` says once numbers are read out (work, not characters)."""
_CHUNK_GAP_SECONDS = 0.15


class Voice(Protocol):
    @property
    def info(self) -> VoiceInfo: ...

    def synthesize(self, text: str) -> Speech: ...


class Speaker:
    """Text-to-speech over all installed backends (Glow-TTS, Piper, MBROLA, espeak-ng).

    Use :meth:`load`; the constructor only stores what it is given.
    """

    def __init__(
        self, voices: list[Voice], cache: AudioCache, prefer: Preference = "quality"
    ) -> None:
        self.prefer = prefer
        self.voices = sorted(
            voices, key=lambda v: (v.info.language, -self._rank(v.info), v.info.voice_id)
        )
        self.cache = cache
        self._broken: dict[str, str] = {}

    def _rank(self, info: VoiceInfo) -> int:
        slow = self.prefer == "speed" and info.backend in NEURAL_BACKENDS
        return info.rank - 100 if slow else info.rank

    @classmethod
    def load(
        cls,
        models_dir: Path | None = None,
        cache_dir: Path | None = None,
        *,
        threads: int = 1,
        probe: bool = True,
        prefer: Preference = "quality",
    ) -> Speaker:
        """Discover voices: ``<models_dir>/voices/`` (Glow-TTS folders, Piper ``.onnx``), the
        packaged Piper voice, MBROLA and espeak-ng. Audio is cached in ``<cache_dir>/voice_out``.

        ``prefer="speed"`` ranks the neural voices (Piper, Glow-TTS: real-time factor ~0.1 on one
        core) after MBROLA and espeak-ng (~0.005), for small servers.
        """
        voices: list[Voice] = []
        if models_dir is not None:
            voices += _glow.folder_voices(Path(models_dir) / "voices", threads)
            voices += _piper.folder_voices(Path(models_dir) / "voices", threads)
        voices += _piper.packaged_voices(threads)
        voices += _espeak.espeak_voices(probe=probe)
        cache = AudioCache(Path(cache_dir) / "voice_out" if cache_dir is not None else None)
        return cls(voices, cache, prefer)

    def warm_up(self, languages: tuple[str, ...] = LANGUAGES) -> None:
        """Load the chosen voice of each language now (a Piper voice takes seconds to load), so
        the first request does not wait; a voice that fails is marked and the next one tried."""
        for lang in languages:
            if self._usable(lang):
                self._say("ok" if lang == "en" else "باشه", lang, None)

    def available_voices(self) -> list[VoiceInfo]:
        """Every voice known, available or not, best first within each language, with a ``why``."""
        return [self._info(v) for v in self.voices]

    def _info(self, voice: Voice) -> VoiceInfo:
        info = voice.info
        if self._rank(info) != info.rank:
            why = f"{info.why}; ranked after the fast voices (prefer=speed)"
            info = VoiceInfo(**{**info.to_dict(), "rank": self._rank(info), "why": why})
        problem = self._broken.get(info.voice_id)
        if problem is None:
            return info
        return VoiceInfo(**{**info.to_dict(), "available": False, "why": problem})

    def _usable(self, lang: str) -> list[Voice]:
        return [v for v in self.voices if v.info.language == lang and v.info.available
                and v.info.voice_id not in self._broken]  # fmt: skip

    def choose(self, lang: str) -> VoiceInfo:
        """The voice :meth:`speak` uses for ``lang``."""
        _check_language(lang)
        usable = self._usable(lang)
        if not usable:
            raise ModelUnavailableError(f"no voice for {lang!r}: install espeak-ng (apt-get)")
        return usable[0].info

    def _backend_of(self, voice_id: str) -> str:
        return next(v.info.backend for v in self.voices if v.info.voice_id == voice_id)

    def _voice(self, voice_id: str, lang: str) -> Voice:
        for voice in self.voices:
            if voice.info.voice_id == voice_id:
                if not voice.info.available:
                    raise ModelUnavailableError(f"voice {voice_id} unavailable: {voice.info.why}")
                if voice.info.language != lang:
                    raise InputError(
                        f"voice {voice_id} speaks {voice.info.language!r}, not {lang!r}"
                    )
                return voice
        raise InputError(
            f"unknown voice {voice_id!r}; known: {[v.info.voice_id for v in self.voices]}"
        )

    def _say(self, text: str, lang: str, pinned: Voice | None) -> tuple[Speech, str]:
        """Synthesize one run with the pinned voice, or the best one, falling back on failure."""
        candidates = [pinned] if pinned is not None else self._usable(lang)
        last: Exception | None = None
        for voice in candidates:
            try:
                return voice.synthesize(text), voice.info.voice_id
            except (AudioError, ModelUnavailableError) as exc:
                last = exc
                if pinned is None:
                    logger.warning("voice %s failed, trying the next: %s", voice.info.voice_id, exc)
                if pinned is None and isinstance(exc, ModelUnavailableError):
                    # cannot load: skip it from now on (a failed run of one text is not that)
                    self._broken[voice.info.voice_id] = f"failed at run time: {exc}"
        if last is not None:
            raise last
        raise ModelUnavailableError(f"no voice for {lang!r}: install espeak-ng (apt-get)")

    def synthesize(
        self, text: str, lang: str, voice: str | None = None
    ) -> tuple[Speech, tuple[str, ...]]:
        """Raw speech (float32) and the voice ids used; see :meth:`speak`."""
        spoken = prepare_text(text, lang)
        pinned = self._voice(voice, lang) if voice else None
        rate = pinned.info.sample_rate if pinned else None
        parts: list[np.ndarray] = []
        used: list[str] = []
        for chunk in chunk_sentences(spoken):
            for run_lang, run in script_runs(chunk, lang):
                if not has_speech(run):
                    continue
                speech, voice_id = self._say(run, run_lang, pinned if run_lang == lang else None)
                rate = rate or speech.sample_rate
                parts.append(resample(speech.samples, speech.sample_rate, rate))
                used += [] if voice_id in used else [voice_id]
            if parts:
                parts.append(np.zeros(int(_CHUNK_GAP_SECONDS * (rate or 16_000)), np.float32))
        if not parts or rate is None:
            raise TextError("nothing to say: the text has no words to speak")
        return Speech(np.concatenate(parts), rate), tuple(used)

    def speak(
        self, text: str, lang: str, format: AudioFormat = "wav", voice: str | None = None
    ) -> SpeechAudio:
        """Speak ``text`` in ``lang`` ("en" or "fa") as WAV (16-bit PCM) or OGG/Opus.

        Numbers, dates and abbreviations are read out; Latin words inside Persian text (and
        Persian inside English) are spoken by a voice of their own language. The result is cached
        by (text, language, voice, format).

        Raises
        ------
        TextError
            Empty text, no words (emoji only), or longer than ``MAX_TEXT_CHARS``.
        InputError
            Unsupported language, format or voice.
        ModelUnavailableError
            No voice at all for the language.
        """
        _check_language(lang)
        if format not in FORMATS:
            raise InputError(f"unsupported audio format {format!r}; use one of {list(FORMATS)}")
        prepare_text(text, lang)  # bad text fails before the cache is asked
        pinned = voice or self.choose(lang).voice_id
        others = tuple(self.choose(o).voice_id for o in LANGUAGES if o != lang and self._usable(o))
        key = cache_key(text, lang, (pinned, *others), format)
        hit = self.cache.get(key, format)
        if hit is not None:
            return hit
        speech, used = self.synthesize(text, lang, voice)
        primary = used[0] if used else pinned
        audio = SpeechAudio(
            data=encode(speech, format), format=format, mime_type=MIME_TYPES[format],
            sample_rate=speech.sample_rate if format == "wav" else 48_000,
            seconds=speech.seconds, voice_id=primary,
            backend=self._backend_of(primary), language=lang,
        )  # fmt: skip
        if primary == pinned:  # audio from a fallback voice is not filed under the chosen one
            self.cache.put(key, audio)
        return audio


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}; hamdel speaks {list(LANGUAGES)}")


def prepare_text(text: object, lang: str) -> str:
    """Check and normalise text for synthesis; raises TextError for text with nothing to say."""
    _check_language(lang)
    if not isinstance(text, str):
        raise TextError(f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise TextError("nothing to say: the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise TextError(
            f"text too long to speak: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})"
        )
    spoken = normalize_text(text, lang)
    if not has_speech(spoken):
        raise TextError("nothing to say: the text has no words (only emoji, symbols or spaces)")
    words = len(spoken.split())
    if words > MAX_SPOKEN_WORDS:  # work is bounded by what is said: "000..." reads digit by digit
        raise TextError(
            f"text too long to speak: {words:,} words once numbers are read out "
            f"(limit {MAX_SPOKEN_WORDS:,})"
        )
    return spoken


__all__ = ["MAX_SPOKEN_WORDS", "MAX_TEXT_CHARS", "Speaker", "Voice", "prepare_text"]
