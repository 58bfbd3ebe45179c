"""Voice notes and heart-rate exports sent from the home page, with results in words."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from hamdel.companion.media import voice_turn
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import localize_digits
from hamdel.server.actions import heart_upload
from hamdel.server.deps import DB, State
from hamdel.store.models import utcnow
from hamdel.web.home_pages import home_page
from hamdel.web.i18n import translator
from hamdel.web.pages import MemberForm, page_language

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@router.post("/upload/{what}", response_class=HTMLResponse)
def upload_submit(
    request: Request,
    what: Literal["heart", "voice"],
    db: DB,
    user: MemberForm,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The upload forms on the home page (a wearable export or a voice recording)."""
    data = file.file.read() if file is not None else b""
    name = file.filename if file is not None and file.filename else "upload"
    try:
        if not data:
            raise InputError(f"{name} is empty")
        if what == "voice":
            turn = voice_turn(
                db, state.components, user=user, data=data, now=utcnow(),
                seed=secrets.randbelow(2**31),
            )  # fmt: skip
        else:
            turn = heart_upload(db, state, user=user, data=data, name=name, kind="rr", rate=None)
    except (InputError, ModelUnavailableError) as exc:
        logger.info("upload refused", extra={"fields": {"what": what, "why": str(exc)[:200]}})
        lang = page_language(request, user, state)
        return home_page(request, db, user, state, status=422,
                     upload_error=upload_problem(what, name, exc, lang))  # fmt: skip

    lang = page_language(request, user, state)
    summary = turn.reading.details.get("summary") or {}
    heart = _heart_words(summary, lang) if what == "heart" else None
    return home_page(request, db, user, state, reply=turn.reply, heart=heart)


UPLOAD_PROBLEMS = (
    ("too long", "upload_too_long"),
    ("larger than", "upload_too_big"),
    ("empty", "upload_empty"),
    ("too short", "upload_too_short"),
    ("silent", "upload_silent"),
    ("no usable", "upload_silent"),
    ("not installed", "upload_unavailable"),
)


def upload_problem(what: str, name: str, exc: Exception, language: str) -> str:
    """A refused upload in the page's language, in words (the technical detail is logged)."""
    t = translator(language)
    text = str(exc).lower()
    key = next((k for needle, k in UPLOAD_PROBLEMS if needle in text), None)
    if key is None:
        key = "upload_unreadable_voice" if what == "voice" else "upload_unreadable_heart"
    return t[key].format(name=name)


def _heart_words(summary: dict[str, Any], language: str) -> str:
    """The heart export in plain words: the stress level, and whether hamdel used it."""
    t = translator(language)
    level = summary.get("stress_level")
    rate = summary.get("hr_mean")
    parts = []
    if rate:
        parts.append(t["heart_rate_was"].format(rate=localize_digits(f"{rate:.0f}", language)))
    if level:
        parts.append(t["heart_level_" + str(level)])
        parts.append(t["heart_used"] if summary.get("used_for_reply") else t["heart_not_used"])
    else:
        parts.append(t["heart_unreadable"])
    return " ".join(parts)
