"""What a request does the same way from either face (the JSON API and the browser pages):
sign-up and sign-in counted against their rate limits, inviting a trusted contact, reading an
uploaded wearable export. Each face turns the errors into its own answer."""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
from pathlib import Path

from fastapi import Request, UploadFile

from hamdel.companion import contacts
from hamdel.companion.media import MediaTurn, heart_turn
from hamdel.core.errors import InputError, JobError
from hamdel.server.deps import AppState
from hamdel.server.limits import client_address
from hamdel.server.schemas import ContactIn, SignUp
from hamdel.server.sessions import authenticate, sign_up
from hamdel.store import Session
from hamdel.store.models import User, utcnow

logger = logging.getLogger(__name__)


def limited_sign_up(db: Session, request: Request, state: AppState, body: SignUp) -> User | None:
    """:func:`~hamdel.server.sessions.sign_up`, counted against the address's sign-ups
    (:class:`~hamdel.core.errors.RateLimitError` over the limit); the address is confirmed by
    e-mail where the server sends mail."""
    state.attempts.check("sign_up", address=client_address(request))
    return sign_up(
        db, email=body.email, password=body.password, language=body.language,
        display_name=body.display_name, confirm=state.settings.confirms_email,
    )  # fmt: skip


def limited_sign_in(
    db: Session, request: Request, state: AppState, *, email: str, password: str
) -> User:
    """:func:`~hamdel.server.sessions.authenticate`, counted per address and per account
    (:class:`~hamdel.core.errors.RateLimitError` over the limit, nothing checked)."""
    state.attempts.check("sign_in", address=client_address(request), account=email)
    return authenticate(db, email=email, password=password)


def invite_contact(
    db: Session, state: AppState, *, user: User, body: ContactIn
) -> contacts.Invitation:
    """Store the contact and invite them (:func:`~hamdel.companion.contacts.add_contact`)."""
    return contacts.add_contact(
        db, state.components.sender, user=user, name=body.name, channel=body.channel,
        address=body.address, language=body.language, base_url=state.settings.public_url,
        now=utcnow(),
    )  # fmt: skip


def heart_upload(
    db: Session,
    state: AppState,
    *,
    user: User,
    data: bytes,
    name: str,
    kind: str,
    rate: float | None,
) -> MediaTurn:
    """A wearable export sent as bytes, read from a temporary file and answered
    (:func:`~hamdel.companion.media.heart_turn`); an error names ``name``, the person's file,
    never the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="hamdel-upload-") as folder:
        path = Path(folder) / "upload.txt"
        path.write_bytes(data)
        try:
            return heart_turn(
                db, state.components, user=user, path=path, rate=rate, kind=kind, now=utcnow(),
                seed=secrets.randbelow(2**31),
            )  # fmt: skip
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), name)) from exc


class TooLarge(InputError):
    """An upload over the size limit (nothing of it is kept)."""


class Empty(InputError):
    """An upload with no bytes."""


def safe_name(filename: str | None, default: str) -> str:
    """The upload's own base name (so errors name the person's file), in safe characters."""
    base = Path(filename or default).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base)[:80].lstrip(".")
    return cleaned or default


def save_upload(upload: UploadFile | None, path: Path, limit: int) -> Path:
    """The upload copied to ``path`` in 1 MiB chunks (never held whole), at most ``limit``
    bytes: :class:`TooLarge` past it, :class:`Empty` when nothing came."""
    copied = 0
    with path.open("wb") as out:
        while upload is not None and (chunk := upload.file.read(2**20)):
            copied += len(chunk)
            if copied > limit:
                raise TooLarge(
                    f"{path.name}: larger than {limit // 2**20} MiB; export a shorter period"
                )
            out.write(chunk)
    if copied == 0:
        raise Empty(f"{path.name} is empty")
    return path


def read_posts_soon(state: AppState) -> str:
    """Wake the reader of pending posts (the server's monitor, or a Celery job); when they will
    be read."""
    if state.monitor is not None:
        state.monitor.wake()
        return "now"
    if state.queue.backend == "celery":
        try:
            state.queue.submit("hamdel.monitor.tick")
            return "now"
        except JobError:  # stored all the same: the next tick that can run reads them
            logger.warning("job queue unreachable: imported posts wait for the next tick")
            return "later: the job queue is unreachable now; the posts are stored"
    return "at the next `hamdel monitor run` (the monitor is off)"


__all__ = [
    "Empty",
    "TooLarge",
    "heart_upload",
    "invite_contact",
    "limited_sign_in",
    "limited_sign_up",
    "read_posts_soon",
    "safe_name",
    "save_upload",
]
