"""The engine's value objects: the request, the answer, the weights, and the message policy.

All frozen; bad values raise :class:`~hamdel.core.errors.InputError` when built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS, is_negative
from hamdel.core.errors import InputError
from hamdel.core.languages import LANGUAGES
from hamdel.core.profile import INTENSITY_LEVELS, MESSAGE_KINDS
from hamdel.knowledge import UserGraph
from hamdel.recommend.feedback import FeedbackState

VARIANTS = ("sentiment+ontology", "sentiment", "ontology", "neither")
STRESS_LEVELS = ("low", "medium", "high")
PERIODS = ("morning", "afternoon", "evening", "night")
_EMOTION_NAMES = tuple(e.value for e in EMOTIONS)


def _check(value: Any, options: Sequence[str], what: str) -> None:
    if value not in options:
        raise InputError(f"unknown {what} {value!r}; use one of {', '.join(options)}")


@dataclass(frozen=True)
class Need:
    """What the companion concluded: emotion, eSM2 intensity level, stress level (if known),
    and how sure the emotion read is (its probability; ``None``: sure)."""

    emotion: str
    intensity: str = "intermediate"
    stress: str | None = None
    confidence: float | None = None

    def __post_init__(self) -> None:
        _check(self.emotion, _EMOTION_NAMES, "emotion")
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise InputError("confidence must be between 0 and 1")
        _check(self.intensity, INTENSITY_LEVELS, "intensity level")
        if self.stress is not None:
            _check(self.stress, STRESS_LEVELS, "stress level")


@dataclass(frozen=True)
class Preferences:
    """Message preferences: one or two kinds, messages per day, periods of the day."""

    message_kinds: tuple[str, ...] = ()
    messages_per_day: int | None = None
    periods: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.message_kinds) > 2:
            raise InputError("name at most two preferred message kinds")
        for kind in self.message_kinds:
            _check(kind, MESSAGE_KINDS, "message kind")
        for period in self.periods:
            _check(period, PERIODS, "period of the day")
        if self.messages_per_day is not None and not 0 <= self.messages_per_day <= 10:
            raise InputError("messages per day must be between 0 and 10")

    @classmethod
    def from_user(cls, user: UserGraph) -> Preferences:
        """The preferences the person shared in their profile."""
        return cls(
            message_kinds=tuple(user.preferred_message_kinds),
            messages_per_day=user.shared.get("messages_per_day"),
            periods=tuple(user.shared.get("message_periods", ())),
        )


@dataclass(frozen=True)
class Delivery:
    """An item (suggestion or message id) delivered to the person at a time."""

    item_id: str
    delivered_at: datetime


@dataclass(frozen=True)
class RecommendRequest:
    """One request. ``need=None`` means the person has posted nothing yet."""

    need: Need | None
    user: UserGraph | None = None
    preferences: Preferences | None = None
    language: str = "en"
    recent: tuple[Delivery, ...] = ()
    feedback: FeedbackState = field(default_factory=FeedbackState)
    now: datetime | None = None
    seed: int = 0
    variant: str = "sentiment+ontology"
    want: str = "both"
    n_suggestions: int = 3
    concern: bool = False
    """A check-in question or a crisis in the last days: what the ontology says to avoid then
    (open water, heights, night outdoors, letting-go imagery, ...) is held back."""
    sustained: bool = False
    """Low mood or stress has lasted days: one suggestion points to professional help."""
    helpline: Mapping[str, str] = field(default_factory=dict)
    """The person's own country's helpline by language ("Samaritans, 116 123"), put into the
    professional-help items that name one; a general phrase when there is none."""
    said: str | None = None
    """The person's words this turn: a suggestion that presupposes a situation (a lost pet, an
    exam) is offered only when they name it (:mod:`hamdel.recommend.situations`)."""

    def __post_init__(self) -> None:
        _check(self.language, LANGUAGES, "language")
        _check(self.variant, VARIANTS, "variant")
        _check(self.want, ("both", "suggestions", "message"), "output")
        if not 1 <= self.n_suggestions <= 10:
            raise InputError("ask for 1 to 10 suggestions")


@dataclass(frozen=True)
class Recommended:
    """One suggestion or message, in both languages, with the reason it was chosen."""

    id: str
    kind: str
    text: str
    texts: Mapping[str, str]
    why: str
    score: float
    group: str
    message_kind: str | None = None
    intensity: str | None = None
    minutes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "texts": dict(self.texts),
            "why": self.why,
            "score": round(self.score, 4),
            "group": self.group,
        }
        for key in ("message_kind", "intensity", "minutes"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Recommendation:
    """Up to three suggestions and at most one message; ``notes`` say what was left out and why."""

    suggestions: tuple[Recommended, ...]
    message: Recommended | None
    variant: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "suggestions": [s.to_dict() for s in self.suggestions],
            "message": self.message.to_dict() if self.message is not None else None,
            "variant": self.variant,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class EngineConfig:
    """Weights of the ranking; ``novelty_days`` is how long a delivered item stays out.

    A suggestion's score is ``model + fit_weight * fit + feedback_weight * (mean - prior mean)
    + explore_weight * (Thompson draw - mean) + situation_weight * (its situation named)``: the
    person's votes move the expected score by up to ``feedback_weight`` / 2, and a tempered
    Thompson draw keeps untried items in play without letting luck among hundreds of unrated
    items decide the top three.
    """

    novelty_days: float = 7.0
    feedback_weight: float = 1.0
    explore_weight: float = 0.25
    fit_weight: float = 0.1
    mmr_lambda: float = 0.7
    shortlist: int = 30
    situation_weight: float = 0.5
    """Added to the score of an item whose situation the person's words name."""
    sure: float = 0.7
    """Below this confidence in an anger, fear, happiness or surprise read, suggestions are the
    gentle ones for any moment (those of ``neutral``): exercises that presuppose the feeling
    ("draw your anger", "share your joy", "let the news sink in") misfire when the read is
    wrong; one for a situation the person named and the read emotion stays in play. Sadness and
    neutral reads keep their own (they misfire rarely either way)."""


def message_plan(
    need: Need | None, prefs: Preferences, variant: str, rng: np.random.Generator
) -> tuple[str, str, str]:
    """``(kind, intensity, reason code)`` of the message the need calls for."""
    sentiment = variant in ("sentiment+ontology", "sentiment")
    liked = prefs.message_kinds if variant in ("sentiment+ontology", "ontology") else ()
    if variant == "neither":
        return str(rng.choice(MESSAGE_KINDS)), str(rng.choice(INTENSITY_LEVELS)), "random"
    if need is None:
        positive = [k for k in liked if k in ("happy", "motivational")]
        return (positive[0] if positive else "happy"), "lower", "default"
    intensity = need.intensity if sentiment else "intermediate"
    if not sentiment:
        return (liked[0] if liked else "motivational"), intensity, "preferred" if liked else "plain"
    emotion = need.emotion
    options: tuple[str, ...]
    if need.stress == "high":
        options, fallback, code = ("calm", "relaxing"), "calm", "stress"
    elif is_negative(emotion) and intensity == "extreme":
        # a strong negative feeling gets calm and warmth, never "you're unstoppable" hype
        options, fallback, code = ("calm", "relaxing"), "calm", "negative"
    elif is_negative(emotion):
        fallback = {"anger": "calm", "fear": "relaxing", "sadness": "motivational"}[emotion]
        options, code = ("calm", "relaxing", "motivational"), "negative"
    elif emotion == "happiness":
        return "happy", intensity, "happy"
    else:
        options, fallback, code = (
            MESSAGE_KINDS,
            "calm" if emotion == "surprise" else "motivational",
            "other",
        )
    chosen = [k for k in liked if k in options]
    return (chosen[0] if chosen else fallback), intensity, code + ("+preferred" if chosen else "")


def period_of(moment: datetime) -> str:
    """morning 05–12, afternoon 12–17, evening 17–21, night 21–05 (the caller's local time)."""
    hour = moment.hour
    return (
        "morning"
        if 5 <= hour < 12
        else "afternoon"
        if hour < 17 and hour >= 12
        else ("evening" if 17 <= hour < 21 else "night")
    )


__all__ = [
    "PERIODS",
    "STRESS_LEVELS",
    "VARIANTS",
    "Delivery",
    "EngineConfig",
    "Need",
    "Preferences",
    "RecommendRequest",
    "Recommendation",
    "Recommended",
    "message_plan",
    "period_of",
]
