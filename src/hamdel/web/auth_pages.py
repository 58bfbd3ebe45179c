"""Signing up (with the e-mailed confirmation where mail is set up), in and out."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from hamdel.core.errors import AuthError, InputError, RateLimitError, UnconfirmedError
from hamdel.core.languages import LANGUAGES
from hamdel.server.actions import limited_sign_in, limited_sign_up
from hamdel.server.deps import DB, AppState, State
from hamdel.server.schemas import SignUp
from hamdel.server.security import SESSION_COOKIE, token_hash
from hamdel.server.sessions import confirm_account, end_session, start_browser_session
from hamdel.store.models import User
from hamdel.web.pages import SITE_FORM, FormStr, Viewer, csrf_ok, page_language, redirect, render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: Viewer, state: State) -> Response:
    if user is not None:
        return redirect("/home")
    return render(request, "index.html", state=state, user=None)


def _signed_in(db: DB, state: AppState, user: User) -> Response:
    """A new browser session, then the home page."""
    response = redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "signup.html", state=state, user=user)


def _signup_page(request: Request, state: AppState, status: int, **context: Any) -> Response:
    return render(request, "signup.html", state=state, user=None, status=status, **context)


@router.post("/signup", response_class=HTMLResponse, dependencies=[SITE_FORM])
def signup_submit(
    request: Request,
    db: DB,
    state: State,
    email: FormStr = "",
    password: FormStr = "",
    display_name: FormStr = "",
    language: FormStr = "",
) -> Response:
    lang = language if language in LANGUAGES else page_language(request, None, state)
    try:
        body = SignUp(
            email=email, password=password, language=lang, display_name=display_name or None
        )
        user = limited_sign_up(db, request, state, body)
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors()})
        return _signup_page(request, state, 400, error="error_form", bad_fields=fields, email=email)
    except RateLimitError:
        return _signup_page(request, state, 429, error="error_too_many", email=email)
    except InputError:
        return _signup_page(
            request, state, 400, error="error_weak_password", bad_fields=["password"], email=email
        )
    if state.settings.confirms_email:  # one page for a new and a taken address: mail tells which
        return _signup_page(request, state, 202, lang=lang, sent_to=f"\u2066{body.email}\u2069")
    if user is None:  # no mail to tell the owner: the page says so (5 sign-ups an hour)
        return _signup_page(request, state, 409, error="error_exists")
    return _signed_in(db, state, user)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "login.html", state=state, user=user)


def _login_refused(
    request: Request, state: AppState, status: int, error: str, email: str
) -> Response:
    return render(
        request, "login.html", state=state, user=None, status=status, error=error, email=email
    )


@router.post("/login", response_class=HTMLResponse, dependencies=[SITE_FORM])
def login_submit(
    request: Request, db: DB, state: State, email: FormStr = "", password: FormStr = ""
) -> Response:
    try:
        user = limited_sign_in(db, request, state, email=email, password=password)
    except RateLimitError:
        return _login_refused(request, state, 429, "error_too_many", email)
    except UnconfirmedError:
        return _login_refused(request, state, 403, "error_unconfirmed", email)
    except AuthError:
        return _login_refused(request, state, 401, "error_credentials", email)
    return _signed_in(db, state, user)


@router.get("/account/confirm", response_class=HTMLResponse)
def account_confirm_page(request: Request, state: State, token: str = "") -> Response:
    """The e-mailed link opens a page with a button: following a link alone changes nothing
    (mail scanners open links too)."""
    return render(request, "account_confirm.html", state=state, user=None, token=token)


@router.post("/account/confirm", response_class=HTMLResponse, dependencies=[SITE_FORM])
def account_confirm_submit(
    request: Request, db: DB, state: State, token: FormStr = "", csrf_token: FormStr = ""
) -> Response:
    user = confirm_account(db, token=token) if token else None
    if user is None:
        return render(
            request, "account_confirm.html", state=state, user=None, status=404, invalid=True
        )
    return _signed_in(db, state, user)


@router.post("/logout")
def logout_submit(request: Request, db: DB, csrf_token: FormStr = "") -> Response:
    response = redirect("/")
    raw = request.cookies.get(SESSION_COOKIE)
    if raw and csrf_ok(request, csrf_token):
        end_session(db, token_hash_value=token_hash(raw), response=response)
    return response
