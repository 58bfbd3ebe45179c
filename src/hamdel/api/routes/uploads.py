"""/api/uploads: a voice recording or a wearable export, analysed and answered; an archive of
posts, imported for monitoring.

Multipart uploads (the only non-JSON bodies the API takes), capped by ``max_upload_bytes``
(archives: ``max_import_bytes``).
The raw upload is analysed and discarded; only the observation is stored. The handlers are
plain functions: FastAPI runs them in worker threads, so decoding and perceiving never block
the event loop (and the media turns bound how many run at once).
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile

from hamdel.companion.imports import choose_source, read_posts, relabel, store
from hamdel.companion.media import voice_turn
from hamdel.core.errors import InputError
from hamdel.importers import detect_source
from hamdel.server.actions import heart_upload, read_posts_soon, safe_name, save_upload
from hamdel.server.deps import DB, CurrentPrincipal, State
from hamdel.store.models import utcnow

logger = logging.getLogger(__name__)
router = APIRouter(tags=["uploads"])


def _read(upload: UploadFile) -> bytes:
    data = upload.file.read()
    if not data:
        raise InputError(f"{upload.filename or 'the upload'} is empty")
    return data


SourceField = Literal["csv", "telegram", "instagram", "facebook", "x", "mastodon", "whatsapp"]


@router.post("/api/uploads/posts", status_code=202, response_model=dict[str, Any])
def upload_posts(
    principal: CurrentPrincipal,
    state: State,
    file: Annotated[
        UploadFile,
        File(
            description="The archive: the service's .zip, or one file of it (result.json, "
            "posts_1.json, your_posts_1.json, tweets.js, outbox.json, a WhatsApp .txt, a CSV)"
        ),
    ],
    source: Annotated[
        SourceField | None,
        Form(
            description="The archive's kind; detected from the file when omitted. A CSV file "
            "is read as CSV whatever this says, and its posts are labelled with it."
        ),
    ] = None,
    author: Annotated[
        str | None,
        Form(
            max_length=200,
            description="Chats (telegram, whatsapp): your name as it appears "
            "in the chat; a 422 lists the names when it is needed",
        ),
    ] = None,
) -> dict[str, Any]:
    """Import your own posts for monitoring from a social network's archive (Telegram Desktop,
    Instagram, Facebook, X, Mastodon, WhatsApp) or a CSV (a ``text`` column, optional
    ``posted_at``, ``language`` and ``id``). The whole archive is checked before anything is
    kept: a malformed one is refused (422) naming the first bad entry, and nothing is stored.
    Importing the same archive again adds only what is new (``already`` counts the rest). Up
    to ``max_import_bytes`` (100 MB) and 200,000 posts at a time. The posts are read in the
    background (depression, stress, emotion, crisis language) and join the timeline; posts of
    the last 7 days can warn your confirmed contacts, as a conversation can."""
    with tempfile.TemporaryDirectory(prefix="hamdel-import-") as folder:
        path = Path(folder) / safe_name(file.filename, "upload.txt")
        save_upload(file, path, state.settings.max_import_bytes)
        try:
            detected = detect_source(path)  # read once: a given source wins, a CSV stays a CSV
            kind = "csv" if detected == "csv" else choose_source(path, source or detected)
            gathered = read_posts(kind, path, author=author)
        except InputError as exc:  # name the person's file, not our temporary folder
            raise InputError(f"{path.name}: {str(exc).replace(str(path), path.name)}") from exc
    if kind == "csv" and source not in (None, "csv"):
        gathered = relabel(gathered, source)
    report = store(state.sessions, user_id=principal.user.id, gathered=gathered)
    when = read_posts_soon(state) if report.new else "nothing new to read"
    return {
        "imported": report.new,
        "already": report.already,
        "posts": report.read,
        "repeated": report.repeated,
        "source": report.source,
        "read": when,
    }


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
    turn = voice_turn(
        db, state.components, user=user, data=data, now=utcnow(), seed=secrets.randbelow(2**31)
    )
    return {"reply": turn.reply.to_dict(), "voice": dict(turn.reading.details)}


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
    data, name = _read(file), safe_name(file.filename, "upload.txt")
    user = db.merge(principal.user)
    turn = heart_upload(db, state, user=user, data=data, name=name, kind=kind, rate=rate)
    return {"reply": turn.reply.to_dict(), "heart": dict(turn.reading.details)}
