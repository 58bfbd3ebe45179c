"""Turns from a recording (voice) or a wearable export (heart)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from hamdel.companion.reply import Reply
from hamdel.companion.service import Components, MediaReading, finish_turn
from hamdel.core.errors import ModelUnavailableError
from hamdel.store.models import User


def voice_turn(
    db: Session, components: Components, *, user: User, data: bytes, now: datetime, seed: int
) -> tuple[Reply, MediaReading]:
    """Hear the emotion in one recording and reply (in the account's language)."""
    if components.voice is None:
        raise ModelUnavailableError(
            "the voice emotion model is not installed (see `hamdel doctor`)"
        )
    reading = components.voice(data)
    reply = finish_turn(
        db,
        components,
        user=user,
        signals=[reading.signal],
        source="voice",
        language=user.language,
        now=now,
        seed=seed,
        details=reading.details,
    )
    return reply, reading


def heart_turn(
    db: Session,
    components: Components,
    *,
    user: User,
    path: Path,
    rate: float | None,
    kind: str,
    now: datetime,
    seed: int,
) -> tuple[Reply, MediaReading]:
    """Read a wearable export (RR intervals, or ECG/PPG with a rate) and reply."""
    if components.heart is None:
        raise ModelUnavailableError("the heart-rate variability reader is not installed")
    reading = components.heart(path, rate, kind)
    reply = finish_turn(
        db,
        components,
        user=user,
        signals=[reading.signal],
        source="heart",
        language=user.language,
        now=now,
        seed=seed,
        details={"summary": reading.details.get("summary", {})},
    )
    return reply, reading


__all__ = ["heart_turn", "voice_turn"]
