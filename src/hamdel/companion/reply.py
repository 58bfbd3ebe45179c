"""From an assessment to a reply: crisis resources first and alone; for a check-in the normal
reply plus one direct question with the crisis lines in view; otherwise empathy, three
suggestions and possibly one message.

Asking directly about suicide is what crisis-line practice recommends: it does not put the idea
in anyone's head, and it tells the person they may speak about it."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from hamdel.companion.alerting import NOBODY_TOLD, Notified
from hamdel.companion.assessment import Assessment
from hamdel.companion.empathy import NOT_A_THERAPIST, acknowledge
from hamdel.safety import CrisisResources, crisis_resources
from hamdel.safety.texts import safety_text

if TYPE_CHECKING:
    from hamdel.recommend import Recommendation, Recommended


@dataclass(frozen=True)
class PersonContext:
    """What the recommender may know of a person: consented profile, recent deliveries (item
    id, when), ratings (item id, +1 / 0 / -1; 0 is a satisfaction of 3), oldest first, and the
    variant that chooses for them (their study arm, else the product's)."""

    profile: Mapping[str, Any]
    recent: Sequence[tuple[str, datetime]] = ()
    ratings: Sequence[tuple[str, int]] = ()
    variant: str = "sentiment+ontology"


class Recommend(Protocol):
    """What the companion needs from the recommender (adapted in ``components.py``)."""

    def __call__(
        self,
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
        """Suggestions and a message for ``person`` (their variant chooses). ``now``: UTC;
        ``want``: ``both``, ``suggestions`` or ``message``; ``assessment=None``: nothing
        posted yet; ``concern``: a check-in or crisis in the last days; ``sustained``: low mood
        has lasted days (one suggestion points to professional help); ``words``: what they
        said this turn (a suggestion for a situation they named may be offered)."""
        ...


CHECK_IN_TEXT = {
    "en": {
        "question": "Sometimes when people feel this way, they think about ending their life. "
        "Are you having thoughts of ending your life or hurting yourself?",
        "yes": "Yes",
        "no": "No",
        "thanks_no": "Thank you for telling me. I'm here whenever you want to talk, and the "
        "lines below are there for you any time, day or night.",
        "thanks_yes": "Thank you for telling me. That took courage, and you don't have to face "
        "this alone.",
    },
    "fa": {
        "question": "گاهی آدم وقتی این‌طور حالش بده، به تموم کردن زندگیش فکر می‌کنه. "
        "الان به خودکشی یا آسیب زدن به خودت فکر می‌کنی؟",
        "yes": "آره",
        "no": "نه",
        "thanks_no": "ممنون که بهم گفتی. هر وقت خواستی حرف بزنی من اینجام، و شماره‌های پایین "
        "هم شبانه‌روز در دسترس‌ان.",
        "thanks_yes": "ممنون که بهم گفتی. گفتنش شجاعت می‌خواد، و لازم نیست با این تنها روبه‌رو بشی.",
    },
}


@dataclass(frozen=True)
class CheckInQuestion:
    """The direct question of a check-in; answer it with ``id`` (the observation it belongs to)."""

    id: int
    language: str
    question: str
    yes: str
    no: str

    @classmethod
    def for_language(cls, observation_id: int, language: str) -> CheckInQuestion:
        lang = "fa" if language == "fa" else "en"
        t = CHECK_IN_TEXT[lang]
        return cls(observation_id, lang, t["question"], t["yes"], t["no"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answers": {"yes": self.yes, "no": self.no},
        }


def attempt_in_progress(assessment: Assessment) -> bool:
    """The crisis words say an attempt may be under way (pills taken, on the roof)."""
    return any(e.endswith(".attempt_now") for e in assessment.evidence)


def notified_sentence(notified: Notified, language: str) -> str | None:
    """What the crisis reply says of the contacts: being told now, or that none could be."""
    if notified.queued:
        return safety_text(language, "person_contacts_told")
    return safety_text(language, "person_contacts_none") if notified.unreachable else None


@dataclass(frozen=True)
class Reply:
    kind: Literal["crisis", "support"]
    language: str
    text: str
    crisis: CrisisResources | None
    """Crisis resources: the whole reply for a crisis; shown beside a check-in question."""
    suggestions: tuple[Recommended, ...]
    message: Recommended | None
    assessment: Assessment
    disclaimer: str
    check_in: CheckInQuestion | None = None
    notified: Notified = NOBODY_TOLD
    variant: str | None = None
    """The recommender variant that chose the suggestions and message (None: none chosen)."""

    def spoken_text(self) -> str:
        """What to read aloud: the reply and, for a crisis, every line to call; otherwise the
        acknowledgement, the suggestions, the message and a check-in question."""
        if self.kind == "crisis" and self.crisis is not None:
            lines = [f"{line.name}: {line.contact}." for line in self.crisis.lines]
            return " ".join([self.text, *lines, self.crisis.emergency])
        parts = [self.text, *(s.text for s in self.suggestions)]
        if self.message is not None:
            parts.append(self.message.text)
        if self.check_in is not None:
            parts.append(self.check_in.question)
        return " ".join(p.strip() for p in parts if p and p.strip())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "language": self.language,
            "text": self.text,
            "crisis": self.crisis.to_dict() if self.crisis else None,
            "check_in": self.check_in.to_dict() if self.check_in else None,
            "contacts_notified": self.notified.queued,
            "contacts_not_reached": self.notified.unreachable,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "message": self.message.to_dict() if self.message is not None else None,
            "assessment": self.assessment.to_dict(),
            "disclaimer": self.disclaimer,
        }

    def asking(self, check_in_id: int, country: str | None) -> Reply:
        """This reply with the check-in question (``check_in_id``: the observation it answers)
        and the crisis lines in view."""
        return replace(
            self,
            check_in=CheckInQuestion.for_language(check_in_id, self.language),
            crisis=crisis_resources(country, self.language),
        )


def respond(
    assessment: Assessment,
    *,
    language: str,
    person: PersonContext,
    recommend: Recommend | None,
    seed: int,
    now: datetime | None = None,
    notified: Notified = NOBODY_TOLD,
    concern: bool = False,
    sustained: bool = False,
    words: str | None = None,
) -> Reply:
    """The reply for one assessment. A crisis gets crisis resources and nothing else (and says
    whether contacts were told); otherwise an acknowledgement, and the suggestions and message
    the person's variant picks (the safety rules hold in every variant). A check-in's question
    is added once its observation is stored (:meth:`Reply.asking`)."""
    lang = "fa" if language == "fa" else "en"
    country = person.profile.get("country")
    if assessment.crisis:
        return crisis_reply(assessment, lang, country, notified)
    chosen = None
    if recommend is not None:
        chosen = recommend(
            assessment,
            person=person,
            language=lang,
            now=now or datetime.now(UTC),
            seed=seed,
            concern=concern or assessment.check_in,
            sustained=sustained,
            words=words,
        )
    return Reply(
        kind="support",
        language=lang,
        text=acknowledge(assessment.emotion, lang, random.Random(seed)),
        crisis=None,
        suggestions=chosen.suggestions if chosen is not None else (),
        message=chosen.message if chosen is not None else None,
        assessment=assessment,
        disclaimer=NOT_A_THERAPIST[lang],
        variant=chosen.variant if chosen is not None else None,
    )


def crisis_reply(
    assessment: Assessment,
    language: str,
    country: str | None,
    notified: Notified = NOBODY_TOLD,
    opening: str | None = None,
) -> Reply:
    """Crisis resources for the person's country and nothing else; ``opening`` goes first, and
    whether contacts were told goes last."""
    lang = "fa" if language == "fa" else "en"
    resources = crisis_resources(country, lang, attempt=attempt_in_progress(assessment))
    told = notified_sentence(notified, lang)
    text = " ".join(p for p in (resources.urgent, opening, resources.message, told) if p)
    return Reply(
        kind="crisis",
        language=lang,
        text=text,
        crisis=resources,
        suggestions=(),
        message=None,
        assessment=assessment,
        disclaimer=NOT_A_THERAPIST[lang],
        notified=notified,
    )


def check_in_answered(
    assessment: Assessment, language: str, country: str | None, notified: Notified, yes: bool
) -> Reply:
    """The reply to a check-in answer: "yes" is the crisis path, "no" a thank-you with the
    lines still in view."""
    lang = "fa" if language == "fa" else "en"
    if yes:
        return crisis_reply(assessment, lang, country, notified, CHECK_IN_TEXT[lang]["thanks_yes"])
    return Reply(
        kind="support",
        language=lang,
        text=CHECK_IN_TEXT[lang]["thanks_no"],
        crisis=crisis_resources(country, lang),
        suggestions=(),
        message=None,
        assessment=assessment,
        disclaimer=NOT_A_THERAPIST[lang],
    )


__all__ = [
    "CHECK_IN_TEXT",
    "CheckInQuestion",
    "PersonContext",
    "Recommend",
    "Reply",
    "attempt_in_progress",
    "check_in_answered",
    "crisis_reply",
    "notified_sentence",
    "respond",
]
