"""From an assessment to a reply: crisis resources first and alone, otherwise empathy, three
suggestions and possibly one message."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from hamdel.companion.assessment import Assessment
from hamdel.companion.empathy import NOT_A_THERAPIST, acknowledge
from hamdel.safety import CrisisResources, crisis_resources


class Recommend(Protocol):
    """What the companion needs from the recommender (adapted in ``components.py``)."""

    def __call__(
        self,
        assessment: Assessment | None,
        *,
        language: str,
        profile: Mapping[str, Any],
        recent: Sequence[tuple[str, datetime]],
        feedback: Sequence[tuple[str, int]],
        now: datetime,
        seed: int,
        want: str = "both",
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Suggestions and a message. ``recent``: (item id, delivered at) within the novelty
        window; ``feedback``: (item id, +1 or -1), oldest first; ``now``: UTC; ``want``:
        ``both``, ``suggestions`` or ``message``. ``assessment=None``: nothing posted yet."""
        ...


@dataclass(frozen=True)
class Reply:
    kind: Literal["crisis", "support"]
    language: str
    text: str
    crisis: CrisisResources | None
    suggestions: tuple[dict[str, Any], ...]
    message: dict[str, Any] | None
    assessment: Assessment
    disclaimer: str

    def spoken_text(self) -> str:
        """What to read aloud: the reply and, for a crisis, every line to call; otherwise the
        acknowledgement, the suggestions and the message."""
        if self.crisis is not None:
            lines = [f"{line.name}: {line.contact}." for line in self.crisis.lines]
            return " ".join([self.text, *lines, self.crisis.emergency])
        parts = [self.text, *(str(s["text"]) for s in self.suggestions)]
        if self.message is not None:
            parts.append(str(self.message["text"]))
        return " ".join(p.strip() for p in parts if p and p.strip())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "language": self.language,
            "text": self.text,
            "crisis": self.crisis.to_dict() if self.crisis else None,
            "suggestions": list(self.suggestions),
            "message": self.message,
            "assessment": self.assessment.to_dict(),
            "disclaimer": self.disclaimer,
        }


def respond(
    assessment: Assessment,
    *,
    language: str,
    country: str | None,
    recommend: Recommend | None,
    profile: Mapping[str, Any],
    recent: Sequence[tuple[str, datetime]],
    seed: int,
    feedback: Sequence[tuple[str, int]] = (),
    now: datetime | None = None,
) -> Reply:
    """The reply for one assessment. A crisis gets crisis resources and nothing else."""
    lang = "fa" if language == "fa" else "en"
    if assessment.crisis:
        resources = crisis_resources(country, lang)
        return Reply(
            kind="crisis",
            language=lang,
            text=resources.message,
            crisis=resources,
            suggestions=(),
            message=None,
            assessment=assessment,
            disclaimer=NOT_A_THERAPIST[lang],
        )
    rng = random.Random(seed)
    suggestions: list[dict[str, Any]] = []
    message: dict[str, Any] | None = None
    if recommend is not None:
        suggestions, message = recommend(
            assessment,
            language=lang,
            profile=profile,
            recent=recent,
            feedback=feedback,
            now=now or datetime.now(UTC),
            seed=seed,
        )
    return Reply(
        kind="support",
        language=lang,
        text=acknowledge(assessment.emotion, lang, rng),
        crisis=None,
        suggestions=tuple(suggestions),
        message=message,
        assessment=assessment,
        disclaimer=NOT_A_THERAPIST[lang],
    )


__all__ = ["Recommend", "Reply", "respond"]
