"""Signing up (with the e-mailed confirmation where mail is set up), in and out."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from hamdel.core.errors import (
    AuthError,
    InputError,
    RateLimitError,
    UnconfirmedError,
)
from hamdel.core.languages import LANGUAGES
from hamdel.server.deps import DB
from hamdel.server.limits import client_address
from hamdel.server.schemas import SignUp
from hamdel.server.security import (
    SESSION_COOKIE,
    token_hash,
)
from hamdel.server.sessions import (
    authenticate,
    confirm_account,
    end_session,
    sign_up,
    start_browser_session,
)
from hamdel.web.pages import (
    SITE_FORM,
    FormStr,
    State,
    Viewer,
    csrf_ok,
    page_language,
    redirect,
    render,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: Viewer, state: State) -> Response:
    if user is not None:
        return redirect("/home")
    return render(request, "index.html", state=state, user=None)


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "signup.html", state=state, user=user)


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
    except ValidationError as exc:
        fields = sorted({str(e["loc"][0]) for e in exc.errors()})
        return render(
            request,
            "signup.html",
            state=state,
            user=None,
            status=400,
            error="error_form",
            bad_fields=fields,
            email=email,
        )
    try:
        state.attempts.check("sign_up", address=client_address(request))
        confirm = state.settings.confirms_email
        user = sign_up(
            db,
            email=body.email,
            password=body.password,
            language=body.language,
            display_name=body.display_name,
            confirm=confirm,
        )
    except RateLimitError:
        return render(
            request, "signup.html", state=state, user=None, status=429, error="error_too_many",
            email=email,
        )  # fmt: skip
    except InputError:
        return render(
            request, "signup.html", state=state, user=None, status=400, error="error_weak_password",
            bad_fields=["password"], email=email,
        )  # fmt: skip
    if confirm:  # the same page for a new and a taken address: an e-mail tells which
        return render(
            request,
            "signup.html",
            state=state,
            user=None,
            status=202,
            lang=lang,
            sent_to=f"\u2066{body.email}\u2069",
        )
    if user is None:  # no mail to tell the owner: the page says so (5 sign-ups an hour)
        return render(
            request, "signup.html", state=state, user=None, status=409, error="error_exists"
        )
    response = redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "login.html", state=state, user=user)


@router.post("/login", response_class=HTMLResponse, dependencies=[SITE_FORM])
def login_submit(
    request: Request,
    db: DB,
    state: State,
    email: FormStr = "",
    password: FormStr = "",
) -> Response:
    try:
        state.attempts.check("sign_in", address=client_address(request), account=email)
    except RateLimitError:
        return render(
            request, "login.html", state=state, user=None, status=429, error="error_too_many",
            email=email,
        )  # fmt: skip
    try:
        user = authenticate(db, email=email, password=password)
    except UnconfirmedError:
        return render(
            request, "login.html", state=state, user=None, status=403,
            error="error_unconfirmed", email=email,
        )  # fmt: skip
    except AuthError:
        return render(
            request,
            "login.html",
            state=state,
            user=None,
            status=401,
            error="error_credentials",
            email=email,
        )
    response = redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


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
    response = redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.post("/logout")
def logout_submit(request: Request, db: DB, csrf_token: FormStr = "") -> Response:
    response = redirect("/")
    raw = request.cookies.get(SESSION_COOKIE)
    if raw and csrf_ok(request, csrf_token):
        end_session(db, token_hash_value=token_hash(raw), response=response)
    return response
