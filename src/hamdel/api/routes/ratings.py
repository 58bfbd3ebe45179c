"""/api/sentiment-ratings: rate how negative or positive your own messages felt (−5..+5).

What hamdel learns its profile correction (eSM2) from. ``GET`` lists a few of your own recent
written messages to rate (never one that raised a concern); ``POST`` records a rating of one of
them by its thread entry id (rating it again replaces the first rating). The text is not copied.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from hamdel.companion import sentiment_ratings as ratings
from hamdel.server.deps import DB, State, UserId
from hamdel.server.schemas import Input
from hamdel.store import ratings as store
from hamdel.store.models import utcnow

router = APIRouter(tags=["sentiment ratings"])


class SentimentRatingIn(Input):
    entry_id: Annotated[int, Field(ge=1, le=2**62, description="the thread entry (your message)")]
    rating: Annotated[
        int, Field(ge=-5, le=5, description="-5 very negative, 0 neither, +5 very positive")
    ]


@router.get("/api/sentiment-ratings", response_model=dict[str, Any])
def offered(
    user_id: UserId,
    db: DB,
    state: State,
    limit: Annotated[int, Query(ge=1, le=10)] = ratings.OFFERED,
) -> dict[str, Any]:
    """Messages of yours to rate (newest first, not yet rated) and how many you rated."""
    found = ratings.offers(db, user_id=user_id, reader=state.components.sentiment, limit=limit)
    return {
        "offered": [o.to_dict() for o in found],
        "rated": store.count_ratings(db, user_id=user_id),
    }


@router.post("/api/sentiment-ratings", response_model=dict[str, Any])
def rate(
    body: SentimentRatingIn,
    user_id: UserId,
    db: DB,
    state: State,
) -> dict[str, Any]:
    """Record your rating of message ``entry_id`` beside hamdel's raw score of it. 404 for a
    message that is not yours; 422 for one that cannot be rated (not a written message of
    yours, or one that raised a concern); 503 when sentiment scoring is not installed."""
    rated = ratings.rate(
        db,
        state.components.sentiment,
        user_id=user_id,
        entry_id=body.entry_id,
        rating=body.rating,
        now=utcnow(),
    )
    return rated.to_dict()


__all__ = ["SentimentRatingIn", "router"]
