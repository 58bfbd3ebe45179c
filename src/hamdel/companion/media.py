"""Turns from a recording (voice) or a wearable export (heart).

Decoding, perceiving and transcribing are the heavy part: at most :data:`HEAVY_AT_ONCE` run at
once in the whole process (the callers run in worker threads, never on the event loop), so two
cores stay free enough for every other request; the rest wait their turn. They run before the
turn writes anything, so no write transaction is open while they work.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from hamdel.companion.assessment import Signal
from hamdel.companion.reply import Reply
from hamdel.companion.service import Components, Heard, MediaReading, finish_turn, read_text
from hamdel.companion.thread import Said
from hamdel.core.errors import HamdelError, ModelUnavailableError
from hamdel.store import Session
from hamdel.store import repositories as repo
from hamdel.store.models import User

logger = logging.getLogger(__name__)
HEAVY_AT_ONCE = 2
_heavy = threading.BoundedSemaphore(HEAVY_AT_ONCE)
NO_TRANSCRIPT = (
    "speech-to-text is not available here, so the words of this recording were not read "
    "(only the tone of voice); write to hamdel if you want your words read"
)


@dataclasses.dataclass(frozen=True)
class MediaTurn:
    """The reply to an upload and what was read in it."""

    reply: Reply
    reading: MediaReading


def voice_turn(
    db: Session, components: Components, *, user: User, data: bytes, now: datetime, seed: int
) -> MediaTurn:
    """Hear the emotion in one recording, read its words, and reply.

    The words go through the same reading as a written message (crisis language first); the
    transcript is kept as a post (source ``voice``), so it is exported and deleted with the
    account. The reply is in the language spoken, else the account's. Without speech-to-text
    the tone alone is assessed and the reply says so.
    """
    if components.voice is None:
        raise ModelUnavailableError(
            "the voice emotion model is not installed (see `hamdel doctor`)"
        )
    with _heavy:
        reading = components.voice(data)  # rejects corrupt, silent or too short audio first
        heard = _transcribe(components, data, user.language)
    signals: list[Signal] = [reading.signal]
    language = user.language
    details: dict[str, Any] = dict(reading.details)
    profile = repo.consented_profile(db, user_id=user.id)
    if heard is None:
        signals[0] = dataclasses.replace(reading.signal, notes=(NO_TRANSCRIPT,))
        details["transcript"] = None
    elif heard.words.strip():
        read = read_text(components, heard.words, heard.language, profile)
        signals.append(read.signal)
        language = read.language
        details["transcript"] = {"language": language, "words": len(heard.words.split())}
    else:
        details["transcript"] = {"language": None, "words": 0}
    words = heard.words.strip() if heard is not None else ""
    reply = finish_turn(
        db,
        components,
        user=user,
        signals=signals,
        source="voice",
        language=language,
        now=now,
        seed=seed,
        profile=profile,
        details=details,
        post_source="voice" if words else None,
        said=Said(
            "voice",
            words,
            language,
            {
                "emotion": _top(reading.signal.emotion_scores),
                "transcribed": heard is not None,
                "seconds": reading.details.get("speech_seconds"),
            },
        ),
    )
    return MediaTurn(reply, MediaReading(signal=reading.signal, details=details))


def _top(scores: Any) -> str | None:
    """The emotion heard most strongly in the voice (None when nothing was scored)."""
    return max(scores, key=scores.get) if scores else None


def _transcribe(components: Components, data: bytes, language: str) -> Heard | None:
    """The words of a recording, in the person's own language (the account's): Whisper is
    told it rather than detecting it, which halves its cost."""
    if components.transcribe is None:
        return None
    try:
        return components.transcribe(data, language)
    except HamdelError as exc:
        logger.warning("transcription failed", extra={"fields": {"why": str(exc)}})
        return None


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
) -> MediaTurn:
    """Read a wearable export (RR intervals, or ECG/PPG with a rate) and reply."""
    if components.heart is None:
        raise ModelUnavailableError("the heart-rate variability reader is not installed")
    with _heavy:
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
        said=Said("heart", "", user.language, {"summary": reading.details.get("summary", {})}),
    )
    return MediaTurn(reply, reading)


__all__ = [
    "NO_TRANSCRIPT",
    "MediaTurn",
    "heart_turn",
    "voice_turn",
]
