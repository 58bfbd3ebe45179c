"""One turn of the conversation, end to end: perceive, assess, protect, reply, record.

The faces (API, web, CLI) call :func:`text_turn` with components loaded once at start-up.
Order matters and is tested: the crisis check runs before anything else (once per message,
inside the text reading), a crisis reply carries crisis resources only, and a check-in reply is
the normal reply plus one direct question (:func:`answer_check_in` takes the answer).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from hamdel.companion.alerting import Notified, alert_contacts
from hamdel.companion.assessment import Assessment, Signal, fuse
from hamdel.companion.greeting import TopicOf
from hamdel.companion.reply import (
    CHECK_IN_TEXT,
    PersonContext,
    Recommend,
    Reply,
    attempt_in_progress,
    check_in_answered,
    crisis_reply,
    respond,
)
from hamdel.companion.study import variant_for
from hamdel.companion.thread import Said, record_turn
from hamdel.core.emotions import Emotion, is_negative
from hamdel.core.errors import ConflictError, NotFoundError, TextError
from hamdel.core.languages import LANGUAGES, MAX_TEXT_CHARS, storable_text
from hamdel.safety import ATTEMPT, CRISIS, DEPRESSION, AlertPolicy, Sender
from hamdel.store import Session, timeline
from hamdel.store import repositories as repo
from hamdel.store.models import DeliveredMessage, Observation, Post, User

if TYPE_CHECKING:
    from hamdel.voice_out import Speaker

logger = logging.getLogger(__name__)
ESM2_ATTRIBUTES = ("age_range", "gender", "education", "region")


class CrisisCheck(Protocol):
    def __call__(self, text: str) -> Signal:
        """A text signal with only the crisis outcome (``crisis``, ``check_in``), its evidence
        and reasons, and the detected ``language``."""
        ...


class TextReader(Protocol):
    def __call__(self, text: str, language: str) -> Signal:
        """Emotion, depression and stress of one text (``language``: ``en`` or ``fa``). The
        crisis outcome comes from :class:`CrisisCheck`, which always runs first; a reader that
        shares its models may reuse that result instead of checking twice."""
        ...


@dataclass(frozen=True)
class MediaReading:
    """What a voice or heart perceiver made of one upload."""

    signal: Signal
    details: Mapping[str, Any]


class VoiceReader(Protocol):
    def __call__(self, data: bytes) -> MediaReading: ...


class HeartReader(Protocol):
    def __call__(self, path: Path, rate: float | None, kind: str) -> MediaReading: ...


@dataclass(frozen=True)
class Heard:
    """The words of a recording and the language they were said in (``en`` or ``fa``)."""

    words: str
    language: str


class Transcribe(Protocol):
    def __call__(self, data: bytes, language: str = "auto") -> Heard | None:
        """What a recording says; ``None`` when speech-to-text is not available on this
        machine. ``language``: the person's, when known (detecting the language alone doubles
        Whisper's cost); "auto" detects English or Persian."""
        ...


@dataclass(frozen=True)
class Sentiment:
    """A text's Sentimeter reading: the raw score and the eSM2-corrected one (-5..+5), its
    theme and intensity level (``lower``, ``intermediate``, ``extreme``)."""

    raw: float
    corrected: float
    theme: str | None
    intensity: str


class SentimentReader(Protocol):
    def __call__(self, text: str, language: str, profile: Mapping[str, Any]) -> Sentiment:
        """``language``: ``en``, ``fa``, or anything else to let the scorer detect it;
        ``profile``: the eSM2 attributes the person consented to."""
        ...


@dataclass
class Components:
    """Everything a turn needs, loaded once. ``None`` means not installed (``hamdel doctor``)."""

    crisis: CrisisCheck
    crisis_degraded: tuple[str, ...] = ()
    """Crisis layers that should be there and could not load (``/health`` is degraded)."""
    text: TextReader | None = None
    sentiment: SentimentReader | None = None
    topic: TopicOf | None = None
    """What a message talks about, said back to its writer (the greeting on return)."""
    recommend: Recommend | None = None
    voice: VoiceReader | None = None
    heart: HeartReader | None = None
    transcribe: Transcribe | None = None
    speaker: Speaker | None = None
    alert_policy: AlertPolicy = field(default_factory=AlertPolicy)
    sender: Sender = field(default_factory=Sender)
    """How contacts are reached (what is set up decides who can be)."""
    novelty_days: int = 7


def _check_text(text: str) -> str:
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise TextError("the message is empty")
    if not storable_text(cleaned):
        raise TextError("the message holds characters that are not text")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise TextError(
            f"the message is too long ({len(cleaned)} characters, limit {MAX_TEXT_CHARS})"
        )
    return cleaned


@dataclass(frozen=True)
class TextRead:
    """One text read whole: the signal (crisis outcome, emotion, depression, stress and
    sentiment) and the language the models read it in."""

    signal: Signal
    language: str


def model_language(language: str, detected: str | None) -> str:
    """The language the models read a text in: the asked one, else the detected one, else
    English (mixed or unknown text)."""
    if language in LANGUAGES:
        return language
    return detected if detected in LANGUAGES else "en"


def read_text(
    components: Components, text: str, language: str, profile: Mapping[str, Any]
) -> TextRead:
    """Crisis first; then emotion, depression, stress and sentiment where installed
    (``language``: ``en``, ``fa`` or ``auto``; ``profile``: the writer's consented one)."""
    crisis = components.crisis(text)
    lang = model_language(language, crisis.language)
    base = components.text(text, lang) if components.text is not None else Signal(source="text")
    return complete_reading(components, text, language, profile, crisis=crisis, base=base)


def complete_reading(
    components: Components,
    text: str,
    language: str,
    profile: Mapping[str, Any],
    *,
    crisis: Signal,
    base: Signal,
) -> TextRead:
    """The reading of one text from its crisis outcome and the text models' ``base`` signal,
    with its sentiment (what :func:`read_text` and the batch reading of imported posts share)."""
    lang = model_language(language, crisis.language)
    sentiment = None
    if components.sentiment is not None:
        esm2_profile = {k: v for k, v in profile.items() if k in ESM2_ATTRIBUTES}
        # explicit language, else the scorer's own detection (it handles mixed scripts)
        sentiment = components.sentiment(text, language, esm2_profile)
    signal = replace(
        base,
        crisis=crisis.crisis,
        check_in=crisis.check_in,
        evidence=crisis.evidence + tuple(e for e in base.evidence if e not in crisis.evidence),
        reasons=crisis.reasons,
        sentiment=sentiment.corrected if sentiment is not None else None,
        intensity=sentiment.intensity if sentiment is not None else None,
        theme=sentiment.theme if sentiment is not None else None,
        language=lang,
    )
    return TextRead(signal, lang)


def text_turn(
    db: Session,
    components: Components,
    *,
    user: User,
    text: str,
    language: str | None,
    now: datetime,
    seed: int,
) -> Reply:
    """Handle one written message from ``user`` and record what was observed and sent."""
    text = _check_text(text)
    profile = repo.consented_profile(db, user_id=user.id)
    read = read_text(components, text, language or "auto", profile)
    reply_language = language or read.language
    return finish_turn(
        db,
        components,
        user=user,
        signals=[read.signal],
        source="text",
        language=reply_language,
        now=now,
        seed=seed,
        profile=profile,
        said=Said("text", text, reply_language),
        post_source="chat",
    )


def finish_turn(
    db: Session,
    components: Components,
    *,
    user: User,
    signals: list[Signal],
    source: str,
    language: str,
    now: datetime,
    seed: int,
    profile: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    said: Said | None = None,
    post_source: str | None = None,
) -> Reply:
    """Assess the turn's signals and reply. Everything is read and the suggestions are chosen
    first; then the turn is written at once, in the caller's transaction: the person's words as
    a post (``post_source``), the observation, any alert, the deliveries and both sides of the
    thread (``said``: the person's side)."""
    profile = repo.consented_profile(db, user_id=user.id) if profile is None else profile
    assessment = fuse(signals)
    ask = assessment.check_in and _ask_check_in(db, user_id=user.id, assessment=assessment, now=now)
    support = None
    if not assessment.crisis:  # the recommender runs before anything is written
        since = now - timedelta(days=components.novelty_days)
        person = person_context(db, user_id=user.id, since=since, profile=profile)
        support = respond(
            assessment,
            language=language,
            person=person,
            recommend=components.recommend,
            now=now,
            seed=seed,
            concern=repo.concern_since(db, user_id=user.id, since=now - CONCERN_DAYS),
            sustained=_sustained(db, components.alert_policy, user.id, now, assessment),
            words=said.text if said is not None else None,
        )
    if post_source is not None and said is not None:
        repo.add_owned(
            db, Post, user_id=user.id, source=post_source, text=said.text,
            language=said.language, analyzed_at=now,
        )  # fmt: skip
    observed = observe_and_protect(
        db, components, user=user, assessment=assessment, source=source, now=now,
        details=details, ask=ask,
    )  # fmt: skip
    country = profile.get("country")
    if support is None:
        reply = crisis_reply(assessment, language, country, observed.notified)
    else:
        reply = support.asking(observed.observation_id, country) if observed.asked else support
    _record_deliveries(db, user_id=user.id, reply=reply, now=now)
    record_turn(
        db, user_id=user.id, said=said, reply=reply, now=now,
        observation_id=observed.observation_id,
    )  # fmt: skip
    logger.info(
        "turn",
        extra={
            "fields": {
                "user_id": user.id,
                "source": source,
                "kind": reply.kind,
                "crisis_outcome": assessment.crisis_outcome,
                "emotion": assessment.emotion,
            }
        },
    )
    return reply


def _sustained(
    db: Session, policy: AlertPolicy, user_id: int, now: datetime, assessment: Assessment
) -> bool:
    """Low mood has lasted: depression at the policy's threshold on its number of days within
    its window, this turn's reading included (it is not stored yet)."""
    days = repo.depression_dates(
        db, user_id=user_id, threshold=policy.threshold, since=now - policy.window,
        raw_threshold=policy.raw_threshold,
    )  # fmt: skip
    if (assessment.depression_p or 0.0) >= policy.threshold:
        days.add(now.astimezone(UTC).date())
    return len(days) >= policy.min_days


ASK_AGAIN_AFTER = timedelta(hours=24)
CONCERN_DAYS = timedelta(days=3)
"""After a check-in question or a crisis, suggestions avoid what the ontology says to avoid
then (open water, heights, night outdoors, letting-go imagery) for this long."""


def _ask_check_in(db: Session, *, user_id: int, assessment: Assessment, now: datetime) -> bool:
    """Ask the check-in question, unless the person answered "no" within a day and this
    message's only sign is the whole-text model's (the lexicon saw nothing): one "no" is not
    asked again and again in one conversation. Any crisis wording asks again."""
    if any(e.startswith("crisis:lexicon:") for e in assessment.evidence):
        return True
    answers = repo.check_in_answers_since(db, user_id=user_id, since=now - ASK_AGAIN_AFTER)
    return not (answers and answers[0] == "no")


def answer_check_in(
    db: Session,
    components: Components,
    *,
    user: User,
    check_in_id: int,
    yes: bool,
    now: datetime,
) -> Reply:
    """Record the answer to a check-in question (``check_in_id``: its observation). "Yes" is
    the crisis path: the observation becomes a crisis (scheduled messages pause), the confirmed
    contacts are warned, the reply is crisis resources. "No" is recorded and the conversation
    goes on. A question is answered once.

    Raises
    ------
    NotFoundError
        No such check-in for this person.
    ConflictError
        It was already answered.
    """
    row = repo.get_owned(db, Observation, user_id=user.id, item_id=check_in_id)
    details = dict(row.details or {}) if row is not None else {}
    asked = details.get("check_in")
    if row is None or not isinstance(asked, dict):
        raise NotFoundError("no such check-in question")
    if asked.get("answer") is not None:
        raise ConflictError("this question was already answered")
    details["check_in"] = {
        **asked,
        "answer": "yes" if yes else "no",
        "answered_at": now.isoformat(),
    }
    if yes:
        details["crisis"] = True
        details["crisis_outcome"] = "crisis"
        details["reasons"] = [*details.get("reasons", []), "check-in answered yes"]
    row.details = details  # a new dict: the JSON column sees the change
    profile = repo.consented_profile(db, user_id=user.id)
    assessment = assessment_of(row)
    notified = Notified()
    if yes:
        notified = alert_contacts(
            db,
            user_id=user.id,
            severity=crisis_severity(assessment),
            policy=components.alert_policy,
            sender=components.sender,
            now=now,
        )
    logger.info(
        "check-in answered",
        extra={"fields": {"user_id": user.id, "observation_id": row.id, "yes": yes}},
    )
    reply = check_in_answered(assessment, user.language, profile.get("country"), notified, yes)
    record_turn(
        db, user_id=user.id, reply=reply, now=now, observation_id=row.id,
        said=Said("answer", CHECK_IN_TEXT[reply.language]["yes" if yes else "no"],
                  reply.language, {"answer_to": row.id, "answer": "yes" if yes else "no"}),
    )  # fmt: skip
    return reply


def assessment_of(row: Observation, *, intensity: str = "lower") -> Assessment:
    """The assessment an observation recorded (enough to reply with); ``intensity`` when the
    observation recorded none."""
    details = row.details or {}
    emotion = row.emotion or "neutral"
    return Assessment(
        emotion=emotion,
        emotion_scores=dict(row.emotion_scores or {}),
        negative=is_negative(Emotion(emotion)),
        intensity=str(details.get("intensity") or intensity),
        crisis=bool(details.get("crisis")),
        depression_p=row.depression_p,
        stress_p=row.stress_p,
        stress_level=row.stress_level,
        sentiment=row.sentiment,
        theme=details.get("theme"),
        sources=(row.source,),
        evidence=tuple(details.get("evidence", [])),
        notes=tuple(details.get("notes", [])),
        check_in=details.get("crisis_outcome") == "check_in",
        reasons=tuple(details.get("reasons", [])),
    )


def crisis_severity(assessment: Assessment) -> int:
    """``ATTEMPT`` when the words say an attempt may be under way, else ``CRISIS``."""
    return ATTEMPT if attempt_in_progress(assessment) else CRISIS


def person_context(
    db: Session, *, user_id: int, since: datetime, profile: Mapping[str, Any] | None = None
) -> PersonContext:
    """What the recommender may know of the person (``profile``: their consented profile when
    the caller has read it already)."""
    return PersonContext(
        profile=repo.consented_profile(db, user_id=user_id) if profile is None else profile,
        recent=timeline.recent_deliveries(db, user_id=user_id, since=since),
        ratings=timeline.feedback_ratings(db, user_id=user_id),
        variant=variant_for(db, user_id=user_id),
    )


@dataclass(frozen=True)
class Observed:
    """What :func:`observe_and_protect` did: the observation's id, and what happened to any
    alert."""

    observation_id: int
    notified: Notified
    asked: bool = False
    """A check-in question was put to the person (the reply carries it)."""


def observe_and_protect(
    db: Session,
    components: Components,
    *,
    user: User,
    assessment: Assessment,
    source: str,
    now: datetime,
    details: Mapping[str, Any] | None = None,
    observed_at: datetime | None = None,
    protect: bool = True,
    ask: bool | None = None,
) -> Observed:
    """Put the assessment on the timeline as an observation, and warn the person's confirmed
    contacts when the policy says so: a crisis, or depression at the threshold on enough days
    (never a check-in alone: its "yes" does that, :func:`answer_check_in`). ``protect=False``
    (an old imported post) only records. ``ask``: the person is in the conversation, and
    whether this check-in outcome becomes a question to answer (``None``: not in the
    conversation, e.g. an imported post, whose check-in is recorded only)."""
    asking = bool(ask) and assessment.check_in
    row = repo.add_owned(
        db,
        Observation,
        user_id=user.id,
        source=source,
        observed_at=observed_at or now,
        emotion=assessment.emotion,
        emotion_scores=assessment.emotion_scores,
        depression_p=assessment.depression_p,
        stress_p=assessment.stress_p,
        sentiment=assessment.sentiment,
        stress_level=assessment.stress_level,
        details={
            "crisis": assessment.crisis,
            "crisis_outcome": assessment.crisis_outcome,
            "reasons": list(assessment.reasons),
            "evidence": list(assessment.evidence),
            "intensity": assessment.intensity,
            "theme": assessment.theme,
            "notes": list(assessment.notes),
            **({"check_in": {"answer": None}} if asking else {}),
            **(
                {"check_in_not_asked": "answered no within a day; no crisis wording"}
                if assessment.check_in and ask is False
                else {}
            ),
            **(details or {}),
        },
    )
    worrying = assessment.crisis or (
        (assessment.depression_p or 0.0) >= components.alert_policy.threshold
    )
    notified = Notified()
    if protect and worrying:
        told = alert_contacts(
            db,
            user_id=user.id,
            severity=crisis_severity(assessment) if assessment.crisis else DEPRESSION,
            depression_p=assessment.depression_p,
            policy=components.alert_policy,
            sender=components.sender,
            now=now,
        )
        if assessment.crisis:
            notified = told
    return Observed(row.id, notified, asking)


def _record_deliveries(db: Session, *, user_id: int, reply: Reply, now: datetime) -> None:
    chosen = [*reply.suggestions, *([reply.message] if reply.message is not None else [])]
    for item in chosen:
        repo.add_owned(
            db,
            DeliveredMessage,
            user_id=user_id,
            kind=item.kind,  # "suggestion" or "message" (scheduled ones: their message kind)
            item_id=item.id,
            intensity=item.intensity if item.kind == "message" else None,
            language=reply.language,
            text=item.text,
            delivered_at=now,
        )


__all__ = [
    "Components",
    "CrisisCheck",
    "Heard",
    "HeartReader",
    "MediaReading",
    "Observed",
    "Sentiment",
    "SentimentReader",
    "TextRead",
    "TextReader",
    "Transcribe",
    "VoiceReader",
    "answer_check_in",
    "assessment_of",
    "complete_reading",
    "finish_turn",
    "model_language",
    "observe_and_protect",
    "person_context",
    "read_text",
    "text_turn",
]
