"""Settings: language, reading replies aloud, password, signing out everywhere, deleting."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hamdel.core.errors import (
    AuthError,
    InputError,
)
from hamdel.server.deps import DB
from hamdel.server.security import (
    CSRF_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    token_hash,
)
from hamdel.server.sessions import (
    change_password,
    erase_account,
    sign_out_everywhere,
)
from hamdel.web.pages import (
    SITE_FORM,
    FormStr,
    MemberForm,
    State,
    Viewer,
    redirect,
    render,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "settings.html", state=state, user=user)


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
    if language not in ("en", "fa"):
        return render(
            request, "settings.html", state=state, user=user, status=400, error="error_form"
        )
    response = redirect("/settings?saved=1")
    if user is not None:
        user.language = language
        if voice_setting:
            user.speak_replies = speak_replies == "yes"
        db.flush()
    response.set_cookie(
        LANG_COOKIE,
        language,
        max_age=365 * 86400,
        httponly=True,
        secure=state.settings.cookie_secure,
        samesite="lax",
        path="/",
    )
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
        return render(
            request, "settings.html", state=state, user=user, status=401,
            error="error_password_current", password_error="current",
        )  # fmt: skip
    except InputError:
        return render(
            request, "settings.html", state=state, user=user, status=400,
            error="error_weak_password", password_error="new",
        )  # fmt: skip
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
        return render(
            request, "settings.html", state=state, user=user, status=400,
            error="error_delete_confirm", delete_error="confirm",
        )  # fmt: skip
    language = user.language
    try:
        erase_account(db, user=user, password=password)
    except AuthError:
        return render(
            request, "settings.html", state=state, user=user, status=401,
            error="error_delete_password", delete_error="password",
        )  # fmt: skip
    response = render(request, "goodbye.html", state=state, user=None, lang=language)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
