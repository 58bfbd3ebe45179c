"""Typed, user-scoped reads of what hamdel observed and delivered, filtered and ordered in SQL:
what a turn and a monitor tick need to know about a person's recent past."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hamdel.store.models import DeliveredMessage, Feedback, Observation, User


def recent_deliveries(
    session: Session, *, user_id: int, since: datetime
) -> list[tuple[str, datetime]]:
    """``(item id, delivered at)`` of every suggestion and message delivered since ``since``,
    newest first."""
    stmt = (
        select(DeliveredMessage.item_id, DeliveredMessage.delivered_at)
        .where(DeliveredMessage.user_id == user_id, DeliveredMessage.delivered_at >= since)
        .order_by(DeliveredMessage.delivered_at.desc(), DeliveredMessage.id.desc())
    )
    return [(item_id, at) for item_id, at in session.execute(stmt)]


def feedback_ratings(session: Session, *, user_id: int, limit: int = 5000) -> list[tuple[str, int]]:
    """``(item id, rating)`` of the person's latest ``limit`` ratings (+1 / 0 / -1), oldest
    first: the order the recommender's bandit replays them in."""
    stmt = (
        select(Feedback.item_id, Feedback.rating)
        .where(Feedback.user_id == user_id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
    )
    return [(item_id, rating) for item_id, rating in reversed(session.execute(stmt).all())]


def observations_since(session: Session, *, user_id: int, since: datetime) -> list[Observation]:
    """The person's observations since ``since``, newest first."""
    stmt = (
        select(Observation)
        .where(Observation.user_id == user_id, Observation.observed_at >= since)
        .order_by(Observation.observed_at.desc(), Observation.id.desc())
    )
    return list(session.scalars(stmt))


def last_delivered_at(session: Session, *, user_id: int, kinds: Sequence[str]) -> datetime | None:
    """When the last delivery of one of ``kinds`` reached the person (``None``: never)."""
    return session.scalar(
        select(DeliveredMessage.delivered_at)
        .where(DeliveredMessage.user_id == user_id, DeliveredMessage.kind.in_(list(kinds)))
        .order_by(DeliveredMessage.delivered_at.desc())
        .limit(1)
    )


def user_ids(session: Session) -> list[int]:
    """Every account's id, in order."""
    return list(session.scalars(select(User.id).order_by(User.id)))


__all__ = [
    "feedback_ratings",
    "last_delivered_at",
    "observations_since",
    "recent_deliveries",
    "user_ids",
]
