"""Importing posts from the browser: choose a CSV export, see what would be imported (how many,
from when to when, the first few), then import them or cancel. Between the two steps the file
waits in the server's cache folder under a random name bound to the person, and is deleted on
import, on cancel, or after an hour."""

from __future__ import annotations

import logging
import secrets
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from hamdel.companion.posts import import_posts, parse_posts_csv
from hamdel.core.calendar import long_date
from hamdel.core.errors import InputError
from hamdel.core.languages import localize_digits
from hamdel.server.deps import DB
from hamdel.web.pages import (
    FormStr,
    Member,
    MemberForm,
    State,
    page_language,
    redirect,
)
from hamdel.web.pages import render as _render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
KEEP_SECONDS = 3600
MAX_BYTES = 5 * 2**20


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """The page, with numbers and dates as the person reads them."""
    lang = page_language(request, context["user"], context["state"])
    return _render(
        request, template, lang=lang,
        digits=lambda value: localize_digits(str(value), lang),
        local=lambda moment: long_date(moment.date(), lang), **context,
    )  # fmt: skip


def _folder(state: State) -> Path:
    folder = Path(state.settings.cache_dir) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for old in folder.glob("*.csv"):  # nothing waits longer than an hour
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _waiting(state: State, user_id: int, token: str) -> Path | None:
    if not token.isalnum() or not 16 <= len(token) <= 64:
        return None
    path = _folder(state) / f"{user_id}-{token}.csv"
    return path if path.is_file() else None


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Member, state: State) -> Response:
    return render(request, "import.html", state=state, user=user,
                  done=request.query_params.get("done", ""))  # fmt: skip


@router.post("/import", response_class=HTMLResponse)
def import_preview(
    request: Request,
    user: MemberForm,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Check the whole file and show what would be imported; nothing is stored yet."""
    data = file.file.read(MAX_BYTES + 1) if file is not None else b""
    try:
        if not data:
            raise InputError("empty")
        if len(data) > MAX_BYTES:
            raise InputError("larger than 5 MiB")
        posts = parse_posts_csv(data)
    except InputError as exc:
        logger.info("import refused", extra={"fields": {"why": str(exc)[:200]}})
        return render(request, "import.html", state=state, user=user, status=422,
                      error="import_unreadable", detail_row=_row_of(str(exc)))  # fmt: skip
    token = secrets.token_hex(16)
    (_folder(state) / f"{user.id}-{token}.csv").write_bytes(data)
    dated = sorted(p[1] for p in posts if p[1] is not None)
    return render(
        request, "import.html", state=state, user=user, token=token, count=len(posts),
        first=dated[0] if dated else None, last=dated[-1] if dated else None,
        sample=[p[0][:280] for p in posts[:5]],
    )  # fmt: skip


def _row_of(message: str) -> str | None:
    """The row a parsing error names ("row 7: ..."), to show the person where to look."""
    head = message.split(":", 1)[0]
    return head if head.startswith("row ") else None


@router.post("/import/confirm", response_class=HTMLResponse)
def import_confirm(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    token: FormStr = "",
    action: FormStr = "",
) -> Response:
    path = _waiting(state, user.id, token)
    if path is None:
        return render(request, "import.html", state=state, user=user, status=404,
                      error="import_expired")  # fmt: skip
    try:
        if action != "import":
            return redirect("/import?done=cancelled")
        count = import_posts(db, user_id=user.id, posts=parse_posts_csv(path.read_bytes()),
                             source="csv")  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    db.commit()  # the reader runs in another thread: it must see them
    if state.monitor is not None:
        state.monitor.wake()
    return redirect(f"/import?done={count}")


__all__ = ["router"]
