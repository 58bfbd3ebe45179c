"""Settings: language, reading replies aloud, the recommender study (take part, leave), password,
signing out everywhere, deleting."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hamdel.companion import study
from hamdel.core.errors import AuthError, InputError
from hamdel.core.languages import LANGUAGES
from hamdel.server.deps import DB, AppState, State
from hamdel.server.security import CSRF_COOKIE, SESSION_COOKIE, token_hash
from hamdel.server.sessions import change_password, erase_account, sign_out_everywhere
from hamdel.store import repositories as repo
from hamdel.store.models import User, utcnow
from hamdel.web.formatting import local_moment
from hamdel.web.pages import (
    SITE_FORM,
    FormStr,
    MemberForm,
    Viewer,
    redirect,
    remember_language,
    render,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def settings_page(
    request: Request, db: DB, user: User | None, state: AppState, **context: Any
) -> HTMLResponse:
    """The settings page, with the person's place in the study when signed in."""
    joined = study.participation(db, user_id=user.id) if user is not None else None
    since = None
    if user is not None and joined is not None:
        profile = repo.consented_profile(db, user_id=user.id)
        since = local_moment(joined.assigned_at, profile, user.language, now=utcnow())
    return render(
        request, "settings.html", state=state, user=user, study_joined=joined,
        study_since=since, **context,
    )  # fmt: skip


@router.get("/settings", response_class=HTMLResponse)
def settings_form(request: Request, db: DB, user: Viewer, state: State) -> Response:
    return settings_page(request, db, user, state)


@router.post("/study/join", response_class=HTMLResponse)
def study_join(db: DB, user: MemberForm) -> Response:
    """Take part in the recommender study (the settings page says what it means)."""
    study.join(db, user_id=user.id, now=utcnow())
    return redirect("/settings?study=joined#study")


@router.post("/study/leave", response_class=HTMLResponse)
def study_leave(db: DB, user: MemberForm) -> Response:
    """Leave the study: the usual way of choosing suggestions comes back at once."""
    study.leave(db, user_id=user.id)
    return redirect("/settings?study=left#study")


@router.post("/settings", response_class=HTMLResponse, dependencies=[SITE_FORM])
def settings_submit(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    language: FormStr = "",
    speak_replies: FormStr = "",
    voice_setting: FormStr = "",
) -> Response:
    """Switch the interface language: stored on the account, or in a cookie when signed out;
    and, signed in, whether every reply is read aloud (``voice_setting`` marks a form that
    carries the checkbox, so an unticked box turns it off and no other form does)."""
    if language not in LANGUAGES:
        return settings_page(request, db, user, state, status=400, error="error_form")
    response = redirect("/settings?saved=1")
    if user is not None:
        user.language = language
        if voice_setting:
            user.speak_replies = speak_replies == "yes"
        db.flush()
    remember_language(response, language, state)
    return response


@router.post("/account/password", response_class=HTMLResponse)
def password_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    current: FormStr = "",
    new: FormStr = "",
) -> Response:
    """Change the password; every other session ends, this one stays."""
    raw = request.cookies.get(SESSION_COOKIE)
    try:
        change_password(
            db, user=user, current=current, new=new, keep_token=token_hash(raw) if raw else None
        )
    except AuthError:
        return settings_page(request, db, user, state, status=401, error="error_password_current")
    except InputError:
        return settings_page(request, db, user, state, status=400, error="error_weak_password")
    return redirect("/settings?password=1")


@router.post("/account/sign-out-everywhere")
def everywhere_submit(db: DB, user: MemberForm) -> Response:
    """End every session and token of the person, this one included."""
    response = redirect("/login")
    sign_out_everywhere(db, user=user)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- deleting the account --------------------------------------------------------------------


@router.post("/account/delete", response_class=HTMLResponse)
def account_delete(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    password: FormStr = "",
    confirm: FormStr = "",
) -> Response:
    """Password and an explicit tick, then everything is deleted and the session ends."""
    if confirm != "yes":
        return settings_page(request, db, user, state, status=400, error="error_delete_confirm")
    language = user.language
    try:
        erase_account(db, user=user, password=password)
    except AuthError:
        return settings_page(request, db, user, state, status=401, error="error_delete_password")
    response = render(request, "goodbye.html", state=state, user=None, lang=language)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
