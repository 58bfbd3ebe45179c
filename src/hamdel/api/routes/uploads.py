"""/api/uploads: a voice recording or a wearable export, analysed and answered.

Multipart uploads (the only non-JSON bodies the API takes), capped by ``max_upload_bytes``.
The raw upload is analysed and discarded; only the observation is stored. The handlers are
plain functions: FastAPI runs them in worker threads, so decoding and perceiving never block
the event loop (and the media turns bound how many run at once).
"""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, UploadFile

from hamdel.companion.media import heart_turn, voice_turn
from hamdel.companion.posts import import_posts, parse_posts_csv
from hamdel.core.errors import InputError, JobError
from hamdel.server.deps import DB, AppState, CurrentPrincipal, get_state
from hamdel.store.models import utcnow

logger = logging.getLogger(__name__)
router = APIRouter(tags=["uploads"])
State = Annotated[AppState, Depends(get_state)]


def _safe_name(filename: str | None) -> str:
    """The upload's own base name (so errors name the person's file), restricted to safe chars."""
    base = Path(filename or "upload.txt").name
    cleaned = re.sub(r"[^\w.\-]+", "_", base)[:80].lstrip(".")
    return cleaned or "upload.txt"


def _read(upload: UploadFile) -> bytes:
    data = upload.file.read()
    if not data:
        raise InputError(f"{upload.filename or 'the upload'} is empty")
    return data


@router.post("/api/uploads/posts", status_code=202, response_model=dict[str, Any])
def upload_posts(
    principal: CurrentPrincipal,
    db: DB,
    state: State,
    file: Annotated[UploadFile, File(description="CSV export with a text column")],
    source: Annotated[Literal["csv", "facebook", "x", "mastodon"], Form()] = "csv",
) -> dict[str, Any]:
    """Import posts for monitoring (a CSV export: a ``text`` column, optional ``posted_at`` and
    ``language``). The whole file is checked before anything is kept; the posts are read in the
    background (depression, stress, emotion, crisis language) and join the timeline; posts of
    the last 7 days can warn your confirmed contacts, as a conversation can."""
    name = _safe_name(file.filename)
    data = _read(file)
    try:
        posts = parse_posts_csv(data)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from exc
    count = import_posts(db, user_id=principal.user.id, posts=posts, source=source)
    db.commit()  # the reader runs in another thread: it must see them
    if state.monitor is not None:
        state.monitor.wake()
        when = "now"
    elif state.queue.backend == "celery":
        try:
            state.queue.submit("hamdel.monitor.tick")
            when = "now"
        except JobError:  # stored all the same: the next tick that can run reads them
            logger.warning("job queue unreachable: imported posts wait for the next tick")
            when = "later: the job queue is unreachable now; the posts are stored"
    else:
        when = "at the next `hamdel monitor run` (the monitor is off)"
    return {"imported": count, "source": source, "read": when}


@router.post("/api/uploads/voice", response_model=dict[str, Any])
def upload_voice(
    principal: CurrentPrincipal,
    db: DB,
    state: State,
    file: Annotated[UploadFile, File(description="wav, flac, ogg/opus, mp3 or webm")],
) -> dict[str, Any]:
    """How does this recording sound? Emotion in the voice, then a reply."""
    data = _read(file)
    user = db.merge(principal.user)
    reply, reading = voice_turn(
        db, state.components, user=user, data=data, now=utcnow(), seed=secrets.randbelow(2**31)
    )
    return {"reply": reply.to_dict(), "voice": dict(reading.details)}


@router.post("/api/uploads/heart", response_model=dict[str, Any])
def upload_heart(
    principal: CurrentPrincipal,
    db: DB,
    state: State,
    file: Annotated[UploadFile, File(description="RR intervals (txt/csv) or ECG/PPG CSV")],
    kind: Annotated[Literal["rr", "ecg", "ppg"], Form()] = "rr",
    rate: Annotated[float | None, Form(gt=0, le=10_000, description="sampling rate (Hz)")] = None,
) -> dict[str, Any]:
    """Heart-rate variability from a wearable export: stress per window, then a reply."""
    data = _read(file)
    with tempfile.TemporaryDirectory(prefix="hamdel-upload-") as folder:
        path = Path(folder) / _safe_name(file.filename)
        path.write_bytes(data)
        user = db.merge(principal.user)
        try:
            reply, reading = heart_turn(
                db,
                state.components,
                user=user,
                path=path,
                rate=rate,
                kind=kind,
                now=utcnow(),
                seed=secrets.randbelow(2**31),
            )
        except InputError as exc:  # name the person's file, not our temporary folder
            raise InputError(str(exc).replace(str(path), path.name)) from exc
    return {"reply": reply.to_dict(), "heart": dict(reading.details)}
