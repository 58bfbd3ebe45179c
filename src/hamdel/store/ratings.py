"""Sentiment ratings and eSM2 fits: the person's own rating of what they wrote, beside the
Sentimeter's raw score of it, and the weights fitted from everyone's ratings.

Ratings are user-scoped (keyed by the observation of the rated message: rating it again
replaces the first rating). Fits are the service's, not a person's: they hold no personal data,
only weights, their date, ``n`` and the fit report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hamdel.store.models import (
    Esm2Fit,
    Observation,
    ProfileAttribute,
    SentimentRating,
    ThreadEntry,
)


@dataclass(frozen=True)
class WrittenEntry:
    """A message the person wrote in the conversation, with what its observation recorded."""

    entry: ThreadEntry
    observation: Observation | None


def written_entries(session: Session, *, user_id: int, limit: int = 40) -> list[WrittenEntry]:
    """The person's latest written messages (``kind == "text"``), newest first, each with its
    observation (``None`` when it was deleted)."""
    stmt = (
        select(ThreadEntry, Observation)
        .outerjoin(
            Observation,
            (Observation.id == ThreadEntry.observation_id) & (Observation.user_id == user_id),
        )
        .where(
            ThreadEntry.user_id == user_id,
            ThreadEntry.role == "person",
            ThreadEntry.kind == "text",
        )
        .order_by(ThreadEntry.id.desc())
        .limit(limit)
    )
    return [WrittenEntry(entry, obs) for entry, obs in session.execute(stmt).tuples()]


def written_entry(session: Session, *, user_id: int, entry_id: int) -> WrittenEntry | None:
    """One of the person's thread entries with its observation; ``None`` when not theirs."""
    stmt = (
        select(ThreadEntry, Observation)
        .outerjoin(
            Observation,
            (Observation.id == ThreadEntry.observation_id) & (Observation.user_id == user_id),
        )
        .where(ThreadEntry.user_id == user_id, ThreadEntry.id == entry_id)
    )
    row = session.execute(stmt).tuples().first()
    return WrittenEntry(row[0], row[1]) if row is not None else None


def ratings_of(
    session: Session, *, user_id: int, observation_ids: Iterable[int]
) -> dict[int, SentimentRating]:
    """The person's ratings of these observations, by observation id."""
    ids = list(observation_ids)
    if not ids:
        return {}
    stmt = select(SentimentRating).where(
        SentimentRating.user_id == user_id, SentimentRating.observation_id.in_(ids)
    )
    return {r.observation_id: r for r in session.scalars(stmt) if r.observation_id is not None}


def put_rating(
    session: Session,
    *,
    user_id: int,
    observation_id: int | None,
    score: float,
    theme: str | None,
    language: str,
    rating: float,
    at: datetime,
) -> bool:
    """Record a rating; a second rating of the same observation replaces the first (then
    ``True``)."""
    row = None
    if observation_id is not None:
        row = ratings_of(session, user_id=user_id, observation_ids=[observation_id]).get(
            observation_id
        )
    replaced = row is not None
    if row is None:
        row = SentimentRating(user_id=user_id, observation_id=observation_id)
        session.add(row)
    row.at, row.score, row.theme, row.language, row.rating = at, score, theme, language, rating
    session.flush()
    return replaced


def count_ratings(session: Session, *, user_id: int) -> int:
    stmt = (
        select(func.count()).select_from(SentimentRating).where(SentimentRating.user_id == user_id)
    )
    return int(session.scalar(stmt) or 0)


def all_ratings(session: Session) -> list[SentimentRating]:
    """Everyone's ratings, oldest first: what ``hamdel sentiment calibrate --from-db`` fits."""
    return list(session.scalars(select(SentimentRating).order_by(SentimentRating.id)))


def consented_profiles(session: Session, *, user_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The consented attributes of each person, as they are now (withdrawn consent: absent)."""
    ids = sorted(set(user_ids))
    out: dict[int, dict[str, Any]] = {uid: {} for uid in ids}
    if not ids:
        return out
    stmt = select(ProfileAttribute).where(
        ProfileAttribute.user_id.in_(ids), ProfileAttribute.consent.is_(True)
    )
    for attribute in session.scalars(stmt):
        if attribute.value is not None:
            out[attribute.user_id][attribute.name] = attribute.value
    return out


def add_fit(session: Session, *, fitted_at: datetime, n: int, weights: dict[str, Any]) -> Esm2Fit:
    row = Esm2Fit(fitted_at=fitted_at, n=n, weights=weights)
    session.add(row)
    session.flush()
    return row


def latest_fit(session: Session) -> Esm2Fit | None:
    stmt = select(Esm2Fit).order_by(Esm2Fit.fitted_at.desc(), Esm2Fit.id.desc()).limit(1)
    return session.scalar(stmt)


def latest_fit_id(session: Session) -> int | None:
    """The latest fit's id only: the cheap query a running service polls."""
    stmt = select(Esm2Fit.id).order_by(Esm2Fit.fitted_at.desc(), Esm2Fit.id.desc()).limit(1)
    return session.scalar(stmt)


def count_fits(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Esm2Fit)) or 0)


__all__ = [
    "WrittenEntry",
    "add_fit",
    "all_ratings",
    "consented_profiles",
    "count_fits",
    "count_ratings",
    "latest_fit",
    "latest_fit_id",
    "put_rating",
    "ratings_of",
    "written_entries",
    "written_entry",
]
