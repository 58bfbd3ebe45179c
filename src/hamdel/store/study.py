"""Queries of the recommender study: participants, ratings, surveys.

Keyword-only, user-scoped where a person is concerned; nothing here commits. The report's
readers (:func:`study_ratings`, :func:`study_surveys`) read every current participant at once:
they are for the operator's ``hamdel study report``, never a face.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from hamdel.store.models import (
    DeliveredMessage,
    Feedback,
    Post,
    StudyParticipant,
    SurveyAnswer,
    ThreadEntry,
)

STUDY_LOCK_KEY = 0x6861_6D64_656C_5354  # "hamdelST": the PostgreSQL advisory lock of assignment

R = TypeVar("R", Feedback, SurveyAnswer)  # a rating or a survey


@dataclass(frozen=True)
class Participant:
    """A person in the study and the variant they were given."""

    user_id: int
    variant: str
    assigned_at: datetime


@dataclass(frozen=True)
class StudyRating:
    """One rating by a current participant, given since they joined."""

    user_id: int
    arm: str
    """The variant the person was assigned."""
    variant: str | None
    """The variant that chose the rated item (the arm, unless the item came before joining)."""
    satisfaction: int | None
    """1..5; ``None`` for a thumb."""
    rating: int
    at: datetime


@dataclass(frozen=True)
class StudySurvey:
    """One survey a current participant answered (or dismissed) since joining."""

    user_id: int
    arm: str
    answers: dict[str, Any]
    at: datetime


def lock_study(session: Session) -> None:
    """Serialise assignments for the rest of the transaction, across people: PostgreSQL takes
    a transaction-level advisory lock; on SQLite the caller's write (``repo.lock_user``, taken
    first) already holds the database's single write lock."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STUDY_LOCK_KEY})


def _participant(row: StudyParticipant) -> Participant:
    return Participant(row.user_id, row.variant, row.assigned_at)


def get_participant(session: Session, *, user_id: int) -> Participant | None:
    row = session.scalar(select(StudyParticipant).where(StudyParticipant.user_id == user_id))
    return None if row is None else _participant(row)


def arm_counts(session: Session) -> dict[str, int]:
    """Current participants per variant."""
    stmt = select(StudyParticipant.variant, func.count()).group_by(StudyParticipant.variant)
    return {variant: int(n) for variant, n in session.execute(stmt)}


def add_participant(
    session: Session, *, user_id: int, variant: str, assigned_at: datetime
) -> Participant:
    row = StudyParticipant(user_id=user_id, variant=variant, assigned_at=assigned_at)
    session.add(row)
    session.flush()
    return _participant(row)


def delete_participant(session: Session, *, user_id: int) -> bool:
    done = session.execute(delete(StudyParticipant).where(StudyParticipant.user_id == user_id))
    return bool(getattr(done, "rowcount", 0))


def last_delivered_at(session: Session, *, user_id: int, item_id: str) -> datetime | None:
    """When the item was last delivered to the person (None: never)."""
    return session.scalar(
        select(DeliveredMessage.delivered_at)
        .where(DeliveredMessage.user_id == user_id, DeliveredMessage.item_id == item_id)
        .order_by(DeliveredMessage.delivered_at.desc(), DeliveredMessage.id.desc())
        .limit(1)
    )


def item_variant(
    session: Session, *, user_id: int, item_id: str, look_back: int = 200
) -> str | None:
    """The variant recorded on the newest of the person's last ``look_back`` hamdel entries
    that delivered ``item_id`` (None when none says)."""
    stmt = (
        select(ThreadEntry.details)
        .where(ThreadEntry.user_id == user_id, ThreadEntry.role == "hamdel")
        .order_by(ThreadEntry.id.desc())
        .limit(look_back)
    )
    for details in session.scalars(stmt):
        if not details:
            continue
        ids = [s.get("id") for s in details.get("suggestions") or ()]
        message = details.get("message") or {}
        if item_id in ids or message.get("id") == item_id:
            variant = details.get("variant")
            return str(variant) if variant else None
    return None


def recent_post_texts(session: Session, *, user_id: int, limit: int = 20) -> list[str]:
    """The person's newest ``limit`` posts (chat lines and imports), oldest first: what the
    content-based recommender reads."""
    stmt = (
        select(Post.text)
        .where(Post.user_id == user_id)
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(limit)
    )
    return list(reversed(list(session.scalars(stmt))))


def save_rating(
    session: Session,
    *,
    user_id: int,
    item_kind: str,
    item_id: str,
    rating: int,
    satisfaction: int | None,
    variant: str | None,
    now: datetime,
) -> Feedback:
    """Record a rating; a rating of the same item since its last delivery is replaced (one
    rating per delivery: the last word counts)."""
    since = last_delivered_at(session, user_id=user_id, item_id=item_id)
    stmt = select(Feedback).where(
        Feedback.user_id == user_id, Feedback.item_kind == item_kind, Feedback.item_id == item_id
    )
    if since is not None:
        stmt = stmt.where(Feedback.created_at >= since)
    row = session.scalar(stmt.order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(1))
    if row is None:
        row = Feedback(user_id=user_id, item_kind=item_kind, item_id=item_id)
        session.add(row)
    row.rating = rating
    row.satisfaction = satisfaction
    row.variant = variant
    row.created_at = now
    session.flush()
    return row


@dataclass(frozen=True)
class ItemRating:
    """The person's latest rating of an item: a satisfaction (1..5) or a thumb (``rating``)."""

    satisfaction: int | None
    rating: int


def latest_ratings(session: Session, *, user_id: int, limit: int = 300) -> dict[str, ItemRating]:
    """The latest rating of each item among the person's last ``limit`` ratings."""
    stmt = (
        select(Feedback)
        .where(Feedback.user_id == user_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
    )
    out: dict[str, ItemRating] = {}
    for row in session.scalars(stmt):
        out.setdefault(row.item_id, ItemRating(row.satisfaction, row.rating))
    return out


def ratings_since(session: Session, *, user_id: int, since: datetime) -> int:
    """How many items the person rated since ``since``."""
    stmt = select(func.count(Feedback.id)).where(
        Feedback.user_id == user_id, Feedback.created_at >= since
    )
    return int(session.scalar(stmt) or 0)


def last_survey_at(session: Session, *, user_id: int) -> datetime | None:
    """When the person last answered or dismissed the survey."""
    return session.scalar(
        select(SurveyAnswer.at)
        .where(SurveyAnswer.user_id == user_id)
        .order_by(SurveyAnswer.at.desc())
        .limit(1)
    )


def add_survey(
    session: Session,
    *,
    user_id: int,
    variant: str | None,
    language: str,
    answers: dict[str, Any],
    at: datetime,
) -> SurveyAnswer:
    row = SurveyAnswer(user_id=user_id, variant=variant, language=language, answers=answers, at=at)
    session.add(row)
    session.flush()
    return row


def _since_joining(
    session: Session, model: type[R], at: InstrumentedAttribute[datetime]
) -> list[tuple[R, str]]:
    """Every row of ``model`` that a current participant gave since joining (``at`` is the
    row's moment), oldest first, with the participant's arm."""
    stmt = (
        select(model, StudyParticipant.variant)
        .join(StudyParticipant, StudyParticipant.user_id == model.user_id)
        .where(at >= StudyParticipant.assigned_at)
        .order_by(at, model.id)
    )
    return [(row, arm) for row, arm in session.execute(stmt)]


def study_ratings(session: Session) -> list[StudyRating]:
    """Every rating of every current participant given since they joined, oldest first."""
    return [
        StudyRating(f.user_id, arm, f.variant, f.satisfaction, f.rating, f.created_at)
        for f, arm in _since_joining(session, Feedback, Feedback.created_at)
    ]


def study_surveys(session: Session) -> list[StudySurvey]:
    """Every survey of every current participant since they joined, oldest first."""
    return [
        StudySurvey(s.user_id, arm, dict(s.answers or {}), s.at)
        for s, arm in _since_joining(session, SurveyAnswer, SurveyAnswer.at)
    ]


__all__ = [
    "STUDY_LOCK_KEY",
    "ItemRating",
    "Participant",
    "StudyRating",
    "StudySurvey",
    "add_participant",
    "add_survey",
    "arm_counts",
    "delete_participant",
    "get_participant",
    "item_variant",
    "last_delivered_at",
    "last_survey_at",
    "latest_ratings",
    "lock_study",
    "ratings_since",
    "recent_post_texts",
    "save_rating",
    "study_ratings",
    "study_surveys",
]
