"""Load the perceivers and the recommender once and adapt them to what a turn needs.

Each loader returns the adapter or ``None`` with the reason logged; the crisis check is never
optional: without it no turn is handled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from hamdel.companion.assessment import Signal
from hamdel.companion.service import (
    Components,
    CrisisCheck,
    HeartReader,
    MediaReading,
    SentimentReader,
    VoiceReader,
)
from hamdel.core.errors import HamdelError
from hamdel.safety import AlertPolicy, Channel, SmtpChannel, WebhookChannel

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _optional(name: str, loader: Callable[[], T]) -> T | None:
    try:
        return loader()
    except (HamdelError, ImportError, OSError, ValueError) as exc:
        logger.warning(
            "component unavailable", extra={"fields": {"component": name, "why": str(exc)}}
        )
        return None


def load_crisis_check() -> CrisisCheck:
    from hamdel.perception.text.crisis import CrisisDetector

    detector = CrisisDetector.load()

    def check(text: str) -> tuple[bool, tuple[str, ...], str]:
        result = detector.predict(text)
        return result.flag, tuple(f"crisis:{e.pattern_id}" for e in result.fired), result.language

    return check


def load_sentiment() -> SentimentReader:
    from hamdel.perception.sentiment import SentimentScorer

    scorer = SentimentScorer.load()

    def read(text: str, language: str, profile: Mapping[str, Any]) -> dict[str, Any]:
        lang = language if language in ("en", "fa") else None
        r = scorer.score(text, lang=lang, profile=dict(profile) or None)
        return {"raw": r.raw, "corrected": r.corrected, "theme": r.theme, "intensity": r.intensity}

    return read


def _model_dir(models_dir: Path | None, name: str) -> Path | None:
    """``<models_dir>/<name>`` when it exists; ``None`` lets the model use its shipped default."""
    if models_dir is not None and (models_dir / name).is_dir():
        return models_dir / name
    return None


def load_voice(models_dir: Path | None) -> VoiceReader:
    from hamdel.perception.voice import VoiceEmotionModel

    model = VoiceEmotionModel.load(_model_dir(models_dir, "voice_emotion"))

    def read(data: bytes) -> MediaReading:
        p = model.predict(data)
        return MediaReading(
            signal=Signal(source="voice", emotion_scores=dict(p.scores)),
            details={"speech_seconds": round(p.speech_seconds, 2), "voice_emotion": str(p.emotion)},
        )

    return read


def load_heart(models_dir: Path | None) -> HeartReader:
    from hamdel.perception.heart import HeartStressModel, analyze, read_rr, read_signal

    model = HeartStressModel.load(_model_dir(models_dir, "heart_stress"))

    def read(path: Path, rate: float | None, kind: str) -> MediaReading:
        if kind in ("ecg", "ppg"):
            rr = read_signal(path, rate, kind="ecg" if kind == "ecg" else "ppg")
        else:
            rr = read_rr(path)
        duration_s = float(rr.rr_ms[rr.rr_ms == rr.rr_ms].sum()) / 1000.0
        window_s = 300.0 if duration_s >= 600 else 60.0
        wins = analyze(rr, window_s=window_s, model=model)
        estimates = [w.stress for w in wins if not w.flagged and w.stress is not None]
        stress_p = sum(e.probability for e in estimates) / len(estimates) if estimates else None
        summary = {
            "windows": len(wins),
            "flagged": sum(w.flagged for w in wins),
            "with_estimate": len(estimates),
            "window_s": window_s,
            "stress_p": None if stress_p is None else round(stress_p, 4),
            "level": model.level(stress_p) if stress_p is not None else None,
            "validated": bool(estimates and estimates[0].validated),
            "note": next((w.stress_note for w in wins if w.stress_note), None),
        }
        raw_level = summary["level"] if isinstance(summary["level"], str) else None
        level = {"moderate": "medium"}.get(raw_level or "", raw_level)  # core.profile.STRESS_LEVELS
        return MediaReading(
            signal=Signal(source="heart", stress_p=stress_p, stress_level=level),
            details={"summary": summary, "windows": [w.to_dict() for w in wins]},
        )

    return read


def make_channels(
    *,
    smtp_host: str | None,
    smtp_port: int,
    smtp_from: str | None,
    smtp_user: str | None,
    smtp_password: str | None,
    smtp_starttls: bool,
) -> dict[str, Channel]:
    channels: dict[str, Channel] = {"webhook": WebhookChannel()}
    if smtp_host and smtp_from:
        channels["email"] = SmtpChannel(
            host=smtp_host,
            port=smtp_port,
            sender=smtp_from,
            user=smtp_user,
            password=smtp_password,
            starttls=smtp_starttls,
        )
    return channels


def load_components(
    *,
    models_dir: Path | None,
    channels: Mapping[str, Channel],
    alert_policy: AlertPolicy | None = None,
) -> Components:
    """Everything installed, loaded once (the crisis check must load, or this raises)."""
    return Components(
        crisis=load_crisis_check(),
        text=None,
        sentiment=_optional("sentiment", load_sentiment),
        recommend=None,
        voice=_optional("voice", lambda: load_voice(models_dir)),
        heart=_optional("heart", lambda: load_heart(models_dir)),
        alert_policy=alert_policy or AlertPolicy(),
        channels=channels,
    )


__all__ = [
    "load_components",
    "load_crisis_check",
    "load_heart",
    "load_sentiment",
    "load_voice",
    "make_channels",
]
