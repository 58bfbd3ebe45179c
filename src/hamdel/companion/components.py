"""Load the perceivers and the recommender once and adapt them to what a turn needs.

Each loader returns the adapter or ``None`` with the reason logged; the crisis check is never
optional: without it no turn is handled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from hamdel.companion.service import Components, CrisisCheck, SentimentReader
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
        r = scorer.score(text, lang=language, profile=dict(profile) or None)
        return {"raw": r.raw, "corrected": r.corrected, "theme": r.theme, "intensity": r.intensity}

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
    *, models_dir: Path, channels: Mapping[str, Channel], alert_policy: AlertPolicy | None = None
) -> Components:
    """Everything installed, loaded once (the crisis check must load, or this raises)."""
    return Components(
        crisis=load_crisis_check(),
        text=None,
        sentiment=_optional("sentiment", load_sentiment),
        recommend=None,
        alert_policy=alert_policy or AlertPolicy(),
        channels=channels,
    )


__all__ = ["load_components", "load_crisis_check", "load_sentiment", "make_channels"]
