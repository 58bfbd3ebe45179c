"""Fuse the signals of one turn (text, voice, heart) into an assessment.

Rules, written down so they can be argued with:

- Emotion: a weighted average of the emotion distributions present; each is weighted by its
  source (text and voice 1, heart 0) times its mass off "neutral" (``informativeness``), so
  neutral words do not drown a sad voice, nor a flat voice sad words. The dominant class is the
  emotion. No distribution → neutral. Measured (docs/benchmarks.md, "fusion"): neutral overall:
  it helps flat voice + emotional words and costs as much on truly neutral notes; on RAVDESS
  within noise. Both text models have a neutral class (Persian since 2026-12-07) and are
  calibrated (one temperature each), as is the voice head, so the fusion mixes calibrated
  distributions.
- Crisis: any signal's crisis outcome makes the turn a crisis (recall first); otherwise any
  signal's check-in outcome makes it a check-in (the normal reply plus one direct question).
  The evidence and the reasons say which.
- Depression / stress probability: the maximum over signals that report one (a single strong
  signal is enough to act on; alerts have their own threshold and cooldown).
- Stress level: the heart model's level when a wearable spoke and its model is validated (the
  shipped heart model is not: its estimate is shown with a caveat but never drives the reply);
  else from the text stress probability (>= 0.7 high, >= 0.4 medium, else low).
- Notes: every perceiver's caveats (e.g. rough Persian depression estimates), once each.
- Intensity (lower / intermediate / extreme): the eSM2-corrected sentiment's level when the text
  was scored; otherwise from the dominant emotion's probability (< 0.5 lower, < 0.8 intermediate);
  with no emotion evidence at all (a heart-only turn), from the stress level (high → extreme,
  medium → intermediate, else lower).
- Stress levels are ``low``, ``medium``, ``high`` (``core.profile.STRESS_LEVELS``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from hamdel.core.emotions import EMOTIONS, Emotion, is_negative


@dataclass(frozen=True)
class Signal:
    """What one perceiver said about one input."""

    source: Literal["text", "voice", "heart"]
    emotion_scores: Mapping[str, float] | None = None
    depression_p: float | None = None
    stress_p: float | None = None
    stress_level: str | None = None
    sentiment: float | None = None
    intensity: str | None = None
    theme: str | None = None
    crisis: bool = False
    check_in: bool = False
    """Uncertain crisis language: the reply asks one direct question."""
    evidence: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    """Why the crisis check decided as it did (every outcome keeps its reasons)."""
    notes: tuple[str, ...] = ()
    language: str | None = None
    """The language the text was read in (text signals)."""


@dataclass(frozen=True)
class Assessment:
    emotion: str
    emotion_scores: dict[str, float]
    negative: bool
    intensity: str
    crisis: bool
    depression_p: float | None
    stress_p: float | None
    stress_level: str | None
    sentiment: float | None
    theme: str | None
    sources: tuple[str, ...]
    evidence: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)
    check_in: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def crisis_outcome(self) -> str:
        """``crisis``, ``check_in`` or ``none``."""
        return "crisis" if self.crisis else "check_in" if self.check_in else "none"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["sources"], out["evidence"] = list(self.sources), list(self.evidence)
        out["notes"], out["reasons"] = list(self.notes), list(self.reasons)
        out["crisis_outcome"] = self.crisis_outcome
        return out


WEIGHTS = {"text": 1.0, "voice": 1.0, "heart": 0.0}
MIN_INFORMATIVE = 0.1


def informativeness(scores: Mapping[str, float]) -> float:
    """How much a signal says beyond "nothing in particular": its probability mass off
    ``neutral`` (floored at ``MIN_INFORMATIVE``). A voice note's neutral words must not drown
    a sad voice, and a flat voice must not drown sad words: each is weighted by this."""
    total = sum(float(v) for v in scores.values()) or 1.0
    return max(MIN_INFORMATIVE, 1.0 - float(scores.get("neutral", 0.0)) / total)


def _stress_level(stress_p: float | None) -> str | None:
    if stress_p is None:
        return None
    return "high" if stress_p >= 0.7 else "medium" if stress_p >= 0.4 else "low"


def _max(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def fuse(signals: Sequence[Signal]) -> Assessment:
    """One assessment from the turn's signals (an empty turn is neutral)."""
    totals = dict.fromkeys((e.value for e in EMOTIONS), 0.0)
    weight = 0.0
    for s in signals:
        if s.emotion_scores and WEIGHTS[s.source] > 0:
            w = WEIGHTS[s.source] * informativeness(s.emotion_scores)
            for name in totals:
                totals[name] += w * float(s.emotion_scores.get(name, 0.0))
            weight += w
    scores = {k: v / weight for k, v in totals.items()} if weight else {**totals, "neutral": 1.0}
    emotion = max(scores, key=lambda k: scores[k])
    text = next((s for s in signals if s.source == "text"), None)
    heart = next((s for s in signals if s.source == "heart" and s.stress_level), None)
    stress_p = _max([s.stress_p for s in signals])
    if text is not None and text.intensity:
        intensity = text.intensity
    elif not weight:
        stress = heart.stress_level if heart else _stress_level(stress_p)
        intensity = {"high": "extreme", "medium": "intermediate"}.get(stress or "", "lower")
    else:
        top = scores[emotion]
        intensity = "lower" if top < 0.5 else "intermediate" if top < 0.8 else "extreme"
    evidence = tuple(e for s in signals for e in s.evidence)
    crisis = any(s.crisis for s in signals)
    return Assessment(
        emotion=emotion,
        emotion_scores={k: round(v, 4) for k, v in scores.items()},
        negative=is_negative(Emotion(emotion)),
        intensity=intensity,
        crisis=crisis,
        depression_p=_max([s.depression_p for s in signals]),
        stress_p=stress_p,
        stress_level=heart.stress_level if heart else _stress_level(stress_p),
        sentiment=text.sentiment if text else None,
        theme=text.theme if text else None,
        sources=tuple(s.source for s in signals),
        evidence=evidence,
        notes=tuple(dict.fromkeys(n for s in signals for n in s.notes)),
        check_in=not crisis and any(s.check_in for s in signals),
        reasons=tuple(dict.fromkeys(r for s in signals for r in s.reasons)),
    )


__all__ = ["WEIGHTS", "Assessment", "Signal", "fuse", "informativeness"]
