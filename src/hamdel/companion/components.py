"""Load the perceivers and the recommender once and adapt them to what a turn needs.

Each loader returns the adapter or ``None`` with the reason logged; the crisis check is never
optional: without it no turn is handled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hamdel.companion.assessment import Assessment, Signal
from hamdel.companion.greeting import TopicOf
from hamdel.companion.reply import PersonContext, Recommend
from hamdel.companion.service import (
    Components,
    CrisisCheck,
    Heard,
    HeartReader,
    MediaReading,
    Sentiment,
    SentimentReader,
    VoiceReader,
)
from hamdel.core.errors import HamdelError
from hamdel.core.languages import LANGUAGES
from hamdel.core.settings import PROJECT_ROOT
from hamdel.safety import AlertPolicy, Sender, Smtp

if TYPE_CHECKING:
    from hamdel.companion.reading import BatchTextReader
    from hamdel.perception.text.analyzer import TextAnalyzer
    from hamdel.recommend.engine import Recommender
    from hamdel.store import Sessions
    from hamdel.voice_out import Speaker

logger = logging.getLogger(__name__)
T = TypeVar("T")
SHIPPED_MODELS = PROJECT_ROOT / "models"
HEART_NOT_VALIDATED = (
    "the heart-rate stress estimate comes from a model that is not validated; it is shown, "
    "but it does not change the reply"
)


def _optional(name: str, loader: Callable[[], T]) -> T | None:
    try:
        return loader()
    except (HamdelError, ImportError, OSError, ValueError) as exc:
        logger.warning(
            "component unavailable", extra={"fields": {"component": name, "why": str(exc)}}
        )
        return None


def load_crisis_check() -> CrisisCheck:
    """The lexicon alone: what runs when the text models cannot load (degraded, and said so)."""
    from hamdel.perception.text.crisis import CrisisDetector, CrisisLexicon

    detector = CrisisDetector(CrisisLexicon.load(), (), None, ("text models not loaded",))

    def check(text: str) -> Signal:
        return crisis_signal(detector.predict(text))

    return check


def crisis_signal(result: Any, **fields: Any) -> Signal:
    """A text signal carrying a :class:`~hamdel.perception.text.crisis.CrisisResult`."""
    return Signal(
        source="text",
        crisis=result.flag,
        check_in=result.check_in,
        evidence=_evidence_ids(result.fired),
        reasons=tuple(result.reasons),
        language=result.language,
        **fields,
    )


def _evidence_ids(fired: Sequence[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"crisis:{e.source}:{e.pattern_id}" for e in fired))


@lru_cache(maxsize=4)
def _text_analyzer(root: Path) -> TextAnalyzer:
    """One analyzer per models folder per process (it holds the e5 embedder, ~0.5 s to load)."""
    from hamdel.perception.text.analyzer import TextAnalyzer

    return TextAnalyzer.load(root)


def _models_root(models_dir: Path | None, probe: str) -> Path:
    """``models_dir`` when it holds ``probe``; otherwise the models shipped in the checkout."""
    if models_dir is not None and (models_dir / probe).is_dir():
        return models_dir
    return SHIPPED_MODELS


def load_text(models_dir: Path | None) -> BatchTextReader:
    """The text analyzer as the companion reads it: ``reader.check`` is its crisis check
    (lexicon, context cues, screen, embedding head, subreddit classifier), the reader itself
    gives emotion, depression and stress, reusing the check's result for the same text instead
    of running it twice, and reads imported posts in batches. Raises when it cannot load."""
    from hamdel.companion.reading import BatchTextReader

    return BatchTextReader(_text_analyzer(_models_root(models_dir, "text_crisis")))


def crisis_degraded(models_dir: Path | None) -> tuple[str, ...]:
    """Crisis layers that should be there and are not (empty when the check is whole)."""
    try:
        analyzer = _text_analyzer(_models_root(models_dir, "text_crisis"))
    except (HamdelError, ImportError, OSError, ValueError) as exc:
        return (f"text models: {exc}",)
    return analyzer.crisis.degraded


@lru_cache(maxsize=1)
def _sentiment_scorer() -> Any:
    """The lexicons of both languages, built once per process (~40 MB of tables)."""
    from hamdel.perception.sentiment import SentimentScorer

    return SentimentScorer.load()


def load_sentiment(sessions: Sessions | None = None) -> SentimentReader:
    """The scorer with the shipped eSM2 weights; given ``sessions``, with the latest fit from
    people's ratings, loaded now and checked again at most every 5 minutes (one-row query)."""
    shared = _sentiment_scorer()
    scorer = shared.with_weights(shared.weights)  # this service's own weights, shared lexicons
    live = None
    if sessions is not None:
        from hamdel.companion.sentiment_ratings import LiveWeights

        live = LiveWeights(scorer, sessions)
        live.poll()  # never raises: the shipped weights when the database cannot say

    def read(text: str, language: str, profile: Mapping[str, Any]) -> Sentiment:
        if live is not None:
            live.poll()
        lang = language if language in LANGUAGES else None
        r = scorer.score(text, lang=lang, profile=dict(profile) or None)
        return Sentiment(r.raw, r.corrected, r.theme, r.intensity)

    return read


def load_topic() -> TopicOf:
    return _sentiment_scorer().themes.topic  # type: ignore[no-any-return]


def _model_dir(models_dir: Path | None, name: str) -> Path | None:
    """``<models_dir>/<name>`` when it exists; ``None`` lets the model use its shipped default."""
    if models_dir is not None and (models_dir / name).is_dir():
        return models_dir / name
    return None


@lru_cache(maxsize=2)
def _voice_model(folder: Path | None) -> Any:
    """One voice model per folder per process (its Whisper encoder is ~100 MB): every app of
    one process (the server's, the monitor's, the tests' hundreds) shares it."""
    from hamdel.perception.voice import VoiceEmotionModel

    return VoiceEmotionModel.load(folder)


def load_voice(models_dir: Path | None) -> VoiceReader:
    model = _voice_model(_model_dir(models_dir, "voice_emotion"))

    def read(data: bytes) -> MediaReading:
        p = model.predict(data)
        return MediaReading(
            signal=Signal(source="voice", emotion_scores=dict(p.scores)),
            details={"speech_seconds": round(p.speech_seconds, 2), "voice_emotion": str(p.emotion)},
        )

    return read


def load_heart(models_dir: Path | None) -> HeartReader:
    from hamdel.perception.heart import HeartStressModel, analyze, read_rr, read_signal, summarize

    model = HeartStressModel.load(_model_dir(models_dir, "heart_stress"))

    def read(path: Path, rate: float | None, kind: str) -> MediaReading:
        if kind in ("ecg", "ppg"):
            rr = read_signal(path, rate, kind="ecg" if kind == "ecg" else "ppg")
        else:
            rr = read_rr(path)
        duration_s = float(rr.rr_ms[rr.rr_ms == rr.rr_ms].sum()) / 1000.0
        window_s = 300.0 if duration_s >= 600 else 60.0
        wins = analyze(rr, window_s=window_s, model=model)
        s = summarize(wins, model.level_bands)
        used = s.validated and s.stress_probability is not None
        summary = {
            **s.to_dict(),
            "windows": s.n_windows,
            "window_s": window_s,
            "used_for_reply": used,
        }
        level = {"moderate": "medium"}.get(s.stress_level or "", s.stress_level)
        signal = (
            Signal(source="heart", stress_p=s.stress_probability, stress_level=level)
            if used
            else Signal(
                source="heart",
                notes=(HEART_NOT_VALIDATED,) if s.stress_probability is not None else (),
            )
        )
        return MediaReading(
            signal=signal, details={"summary": summary, "windows": [w.to_dict() for w in wins]}
        )

    return read


@lru_cache(maxsize=2)
def _recommender(scorer_dir: Path | None) -> Recommender:
    from hamdel.recommend.engine import Recommender

    return Recommender.load(scorer_dir)


def load_recommender(models_dir: Path | None) -> Recommend:
    """The engine, asked for the person as :meth:`~hamdel.recommend.Recommender.request_for`
    puts them: their consented profile as an ontology graph, the novelty window from their
    deliveries, their ratings replayed into the bandit, message periods in their own time
    zone, and their variant (the product's ``sentiment+ontology``, or a study participant's
    arm; the safety rules hold in each)."""
    from hamdel.core.profile import ATTRIBUTES
    from hamdel.recommend import Need, Recommendation

    engine = _recommender(_model_dir(models_dir, "suggestion_scorer"))

    def recommend(
        assessment: Assessment | None,
        *,
        person: PersonContext,
        language: str,
        now: datetime,
        seed: int,
        want: str = "both",
        concern: bool = False,
        sustained: bool = False,
        words: str | None = None,
    ) -> Recommendation:
        need = (
            None
            if assessment is None
            else Need(
                assessment.emotion,
                assessment.intensity,
                assessment.stress_level,
                confidence=assessment.emotion_scores.get(assessment.emotion),
            )
        )
        request = engine.request_for(
            need,
            profile={k: v for k, v in person.profile.items() if k in ATTRIBUTES},
            language=language,
            recent=person.recent,
            ratings=person.ratings,
            now=now,
            seed=seed,
            want=want,
            variant=person.variant,
            concern=concern,
            sustained=sustained,
            said=words,
        )
        return engine.recommend(request)

    return recommend


def load_speaker(models_dir: Path | None, cache_dir: Path | None) -> Speaker:
    """Every installed voice (Piper, MBROLA, espeak-ng), discovered once; audio is cached."""
    from hamdel.voice_out import Speaker

    speaker = Speaker.load(models_dir, cache_dir)
    for lang in LANGUAGES:
        speaker.choose(lang)  # raises when a language has no voice at all
    return speaker


class LazyTranscriber:
    """Whisper, loaded on the first recording (it takes seconds and ~200 MB, and most turns are
    written); a failure to load is remembered and reported once, not retried on every upload."""

    def __init__(self, loader: Callable[[], Any]) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._model: Any = None
        self.error: str | None = None

    def _get(self) -> Any:
        with self._lock:
            if self._model is None and self.error is None:
                try:
                    self._model = self._loader()
                except (HamdelError, ImportError, OSError, RuntimeError) as exc:
                    self.error = str(exc)
                    logger.warning(
                        "component unavailable",
                        extra={"fields": {"component": "transcribe", "why": self.error}},
                    )
            return self._model

    def __call__(self, data: bytes, language: str = "auto") -> Heard | None:
        model = self._get()
        if model is None:
            return None
        heard = model.transcribe(data, language if language in LANGUAGES else "auto")
        return Heard(str(heard.text), str(heard.language))


def load_transcriber() -> LazyTranscriber | None:
    """Speech-to-text when faster-whisper (the ``speech`` extra) is installed; loads lazily."""
    import importlib.util

    if importlib.util.find_spec("faster_whisper") is None:
        logger.warning(
            "component unavailable",
            extra={"fields": {"component": "transcribe", "why": "faster-whisper not installed"}},
        )
        return None
    from hamdel.perception.transcribe import Transcriber

    return LazyTranscriber(Transcriber.load)


def make_sender(
    *,
    smtp_host: str | None,
    smtp_port: int,
    smtp_from: str | None,
    smtp_user: str | None,
    smtp_password: str | None,
    smtp_starttls: bool,
    sms_gateway: str | None = None,
    outbound_allow_private: bool = False,
) -> Sender:
    """The sender from the settings' parts: e-mail when an SMTP host and sender are set,
    phone numbers when an SMS gateway is."""
    smtp = (
        Smtp(smtp_host, smtp_port, smtp_from, smtp_user, smtp_password, smtp_starttls)
        if smtp_host and smtp_from
        else None
    )
    return Sender(smtp=smtp, sms_gateway=sms_gateway, allow_private=outbound_allow_private)


def load_components(
    *,
    models_dir: Path | None,
    sender: Sender,
    alert_policy: AlertPolicy | None = None,
    cache_dir: Path | None = None,
    sessions: Sessions | None = None,
) -> Components:
    """Everything installed, loaded once. The crisis check must load, or this raises: the
    analyzer's three layers when the text models load, else the lexicon alone."""
    reader = _optional("text", lambda: load_text(models_dir))
    crisis = reader.check if reader is not None else load_crisis_check()
    degraded = crisis_degraded(models_dir) if reader is not None else ("text models not loaded",)
    if degraded:
        logger.warning("crisis check degraded", extra={"fields": {"missing": list(degraded)}})
    return Components(
        crisis=crisis,
        crisis_degraded=degraded,
        text=reader,
        sentiment=_optional("sentiment", lambda: load_sentiment(sessions)),
        topic=_optional("themes", load_topic),
        recommend=_optional("recommend", lambda: load_recommender(models_dir)),
        voice=_optional("voice", lambda: load_voice(models_dir)),
        heart=_optional("heart", lambda: load_heart(models_dir)),
        transcribe=load_transcriber(),
        speaker=_optional("speaker", lambda: load_speaker(models_dir, cache_dir)),
        alert_policy=alert_policy or AlertPolicy(),
        sender=sender,
    )


__all__ = [
    "HEART_NOT_VALIDATED",
    "crisis_degraded",
    "crisis_signal",
    "load_components",
    "load_crisis_check",
    "load_heart",
    "load_recommender",
    "load_sentiment",
    "load_speaker",
    "load_text",
    "load_topic",
    "load_transcriber",
    "load_voice",
    "make_sender",
]
