"""Importing posts from the browser: choose an archive (Telegram, Instagram, Facebook, X,
Mastodon, WhatsApp or a CSV; its kind found from the file when not chosen), see what would be
imported (how many, from when to when, in which languages, the first few, how many are already
here; for a chat, first choose which author is you), then import or cancel.

The upload (up to ``max_import_bytes``) is copied in chunks into the server's cache folder, in
a folder with a random name bound to the person, and waits there between the steps; it is
deleted on import, on cancel, or after an hour. The handlers are plain functions: FastAPI runs
them in worker threads, so reading an archive never blocks the event loop.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from hamdel.companion.import_drop import person_folder
from hamdel.companion.imports import choose_source, preview, read_posts, store
from hamdel.core.calendar import long_date
from hamdel.core.errors import InputError
from hamdel.importers import SOURCES, AuthorNeeded
from hamdel.server.actions import Empty, TooLarge, read_posts_soon, safe_name, save_upload
from hamdel.server.deps import AppState, State
from hamdel.store.models import User
from hamdel.web.pages import FormStr, Member, MemberForm, page_language, redirect
from hamdel.web.pages import render as _render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
KEEP_SECONDS = 3600
CHATS = ("telegram", "whatsapp")


class _Refused(Exception):
    """The archive cannot be imported: ``key`` says why in the page language, ``detail`` names
    the entry (as the reader found it, in English)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.key, self.detail = key, detail


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """The page, with numbers and dates as the person reads them."""
    state: AppState = context["state"]
    lang = page_language(request, context["user"], state)
    return _render(
        request, template, lang=lang, sources=SOURCES,
        max_mb=-(-state.settings.max_import_bytes // 1024**2),
        local=lambda moment: long_date(moment.date(), lang), **context,
    )  # fmt: skip


def _root(state: AppState) -> Path:
    """The folder where uploads wait; anything older than an hour is removed."""
    root = Path(state.settings.cache_dir) / "imports"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    for old in root.iterdir():
        try:
            stale = time.time() - old.stat().st_mtime > KEEP_SECONDS
        except FileNotFoundError:  # another request removed it just now
            continue
        if stale and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        elif stale:
            old.unlink(missing_ok=True)
    return root


def _save(state: AppState, user_id: int, upload: UploadFile | None) -> tuple[str, Path]:
    """Copy the upload in chunks into a new waiting folder; ``(token, path)``."""
    limit = state.settings.max_import_bytes
    token = secrets.token_hex(16)
    folder = _root(state) / f"{user_id}-{token}"
    folder.mkdir(mode=0o700)
    path = folder / safe_name(upload.filename if upload is not None else None, "archive")
    try:
        save_upload(upload, path, limit)
    except (TooLarge, Empty) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _Refused(
            "import_too_large" if isinstance(exc, TooLarge) else "import_empty"
        ) from None
    return token, path


def _waiting(state: AppState, user_id: int, token: str) -> Path | None:
    """The file waiting under ``token`` for this person, or ``None``."""
    if not token.isalnum() or not 16 <= len(token) <= 64:
        return None
    folder = _root(state) / f"{user_id}-{token}"
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    return files[0] if len(files) == 1 else None


def _discard(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def _kind(path: Path, source: str) -> str:
    try:
        return choose_source(path, source or None)
    except InputError as exc:
        raise _Refused("import_unknown_kind", str(exc)) from None


@dataclass(frozen=True)
class Step:
    """The form of a step after the upload: the waiting archive's token, its kind and the chat's
    author (each as chosen; empty when not)."""

    token: FormStr = ""
    source: FormStr = ""
    author: FormStr = ""


StepForm = Annotated[Step, Depends()]


def _show(request: Request, user: User, state: AppState, path: Path, step: Step) -> Response:
    """The preview of the waiting archive, or the choice of author for a chat."""
    kind, author = _kind(path, step.source), step.author
    try:
        gathered = read_posts(kind, path, author=author or None)
    except AuthorNeeded as exc:  # a chat: the person picks themselves among its authors
        return render(request, "import.html", state=state, user=user, token=step.token,
                      kind=kind, authors=exc.authors)  # fmt: skip
    except InputError as exc:
        raise _Refused("import_unreadable", str(exc)) from None
    summary = preview(state.sessions, user_id=user.id, gathered=gathered)
    return render(request, "import.html", state=state, user=user, token=step.token, kind=kind,
                  author=author, summary=summary)  # fmt: skip


def _refused(request: Request, user: User, state: AppState, why: _Refused) -> Response:
    logger.info("import refused", extra={"fields": {"why": why.key}})
    return render(request, "import.html", state=state, user=user, status=422, error=why.key,
                  detail=why.detail[:400])  # fmt: skip


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Member, state: State) -> Response:
    try:
        drop: Path | None = person_folder(state.settings.drop_root, user.id)
    except (OSError, InputError):
        drop = None
    q = request.query_params
    return render(request, "import.html", state=state, user=user, drop=drop,
                  done=q.get("done", ""), already=q.get("already", ""))  # fmt: skip


@router.post("/import", response_class=HTMLResponse)
def import_preview(
    request: Request,
    user: MemberForm,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    source: FormStr = "",
    author: FormStr = "",
) -> Response:
    """Check the whole archive and show what would be imported; nothing is stored yet."""
    path: Path | None = None
    try:
        token, path = _save(state, user.id, file)
        return _show(request, user, state, path, Step(token, source, author))
    except _Refused as why:
        if path is not None:
            _discard(path)
        return _refused(request, user, state, why)


@router.post("/import/author", response_class=HTMLResponse)
def import_author(request: Request, user: MemberForm, state: State, step: StepForm) -> Response:
    """The chat's author chosen: now the preview of their messages."""
    path = _waiting(state, user.id, step.token)
    if path is None:
        return _expired(request, state, user)
    try:
        return _show(request, user, state, path, step)
    except _Refused as why:
        _discard(path)
        return _refused(request, user, state, why)


def _expired(request: Request, state: AppState, user: User) -> Response:
    """The archive waited too long (or never was): say so, nothing imported."""
    return render(request, "import.html", state=state, user=user, status=404,
                  error="import_expired")  # fmt: skip


@router.post("/import/confirm", response_class=HTMLResponse)
def import_confirm(
    request: Request, user: MemberForm, state: State, step: StepForm, action: FormStr = ""
) -> Response:
    """Import the waiting archive (``action`` "import"), or cancel; either way it is deleted."""
    path = _waiting(state, user.id, step.token)
    if path is None:
        return _expired(request, state, user)
    try:
        if action != "import":
            return redirect("/import?done=cancelled")
        kind = _kind(path, step.source)
        gathered = read_posts(kind, path, author=step.author or None)
        report = store(state.sessions, user_id=user.id, gathered=gathered)
    except (_Refused, InputError) as exc:
        why = exc if isinstance(exc, _Refused) else _Refused("import_unreadable", str(exc))
        return _refused(request, user, state, why)
    finally:
        _discard(path)
    if report.new:
        read_posts_soon(state)
    already = f"&already={report.already}" if report.already else ""
    return redirect(f"/import?done={report.new}{already}")


__all__ = ["router"]
