"""Browser pages. Forms post back here with a CSRF token; JSON clients use /api instead."""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator, ValidationError
from sqlalchemy.orm import object_session

from hamdel.api.deps import DB, AppState, get_state
from hamdel.api.limits import client_address
from hamdel.api.routes.account import erase_account
from hamdel.api.schemas import ContactIn, SignUp
from hamdel.api.security import (
    CSRF_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    csrf_matches,
    new_token,
    token_hash,
)
from hamdel.api.sessions import (
    authenticate,
    change_password,
    confirm_account,
    end_session,
    sign_out_everywhere,
    sign_up,
    start_browser_session,
)
from hamdel.companion import answer_check_in, contacts, mood, text_turn, thread
from hamdel.companion.alerting import NOT_REACHABLE
from hamdel.companion.components import HEART_NOT_VALIDATED
from hamdel.companion.contacts import contact_status, person_name
from hamdel.companion.greeting import greet, greeting_text
from hamdel.companion.media import NO_TRANSCRIPT, heart_turn, voice_turn
from hamdel.core.errors import (
    AuthError,
    ConflictError,
    ConsentError,
    InputError,
    ModelUnavailableError,
    NotFoundError,
    RateLimitError,
    TextError,
    UnconfirmedError,
)
from hamdel.core.languages import direction, localize_digits, storable_text
from hamdel.perception.text.analyzer import CROSS_LINGUAL_NOTE
from hamdel.safety import alerts
from hamdel.safety.delivery import address_problem
from hamdel.safety.resources import countries, crisis_resources, known_country
from hamdel.safety.texts import safety_text
from hamdel.store import repositories as repo
from hamdel.store.models import (
    Alert,
    Contact,
    Feedback,
    MoodRating,
    Observation,
    User,
    utcnow,
)
from hamdel.web import TEMPLATES_DIR
from hamdel.web.formatting import local_moment
from hamdel.web.forms import (
    SECTIONS,
    SHARE_PREFIX,
    Field,
    fields_from_stored,
    read_profile_form,
    suggested_timezone,
    timezone_names,
)
from hamdel.web.i18n import translator

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
State = Annotated[AppState, Depends(get_state)]


def _storable(value: str) -> str:
    """A form field a database can store: no NUL character, no lone surrogate."""
    if not storable_text(value):
        raise ValueError("invalid characters in the form")
    return value


FormStr = Annotated[str, Form(max_length=400), AfterValidator(_storable)]


def signed_in_user(request: Request, db: DB) -> User | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    token = repo.get_token(db, token_hash=token_hash(raw), now=utcnow())
    if token is None or token.kind != "session":
        return None
    return repo.get_user(db, user_id=token.user_id)


Viewer = Annotated[User | None, Depends(signed_in_user)]


def page_language(request: Request, user: User | None, state: AppState) -> str:
    if user is not None:
        return user.language
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("en", "fa"):
        return chosen
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("fa"):
        return "fa"
    return state.settings.default_language


def _shared_country(user: User | None) -> str | None:
    """The country the person chose to share (crisis lines for it come first), else None."""
    session = object_session(user) if user is not None else None
    if user is None or session is None:
        return None
    country = repo.consented_profile(session, user_id=user.id).get("country")
    return country if isinstance(country, str) else None


def render(
    request: Request,
    template: str,
    *,
    state: AppState,
    user: User | None,
    status: int = 200,
    lang: str | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = lang or page_language(request, user, state)
    csrf = request.cookies.get(CSRF_COOKIE) or new_token()
    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "dir": direction(lang),
            "t": translator(lang),
            "crisis": crisis_resources(_shared_country(user), lang),
            "crisis_choices": countries(lang),
            "csrf": csrf,
            "user": user,
            **context,
        },
        status_code=status,
    )
    if csrf != request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE,
            csrf,
            httponly=False,
            secure=state.settings.cookie_secure,
            samesite="strict",
            path="/",
        )
    return response


def _csrf_ok(request: Request, submitted: str) -> bool:
    return csrf_matches(request.cookies.get(CSRF_COOKIE), submitted)


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303)


@router.get("/crisis", response_class=HTMLResponse)
def crisis_page(
    request: Request, user: Viewer, state: State, country: Annotated[str, Query(max_length=2)] = ""
) -> Response:
    """The crisis lines of a chosen country (nothing is stored: the choice is in the link)."""
    lang = page_language(request, user, state)
    chosen = crisis_resources(known_country(country) or _shared_country(user), lang)
    return render(
        request, "crisis.html", state=state, user=user, lang=lang, chosen=chosen, crisis=chosen,
    )  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: Viewer, state: State) -> Response:
    if user is not None:
        return _redirect("/home")
    return render(request, "index.html", state=state, user=None)


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "signup.html", state=state, user=user)


@router.post("/signup", response_class=HTMLResponse)
def signup_submit(
    request: Request,
    db: DB,
    state: State,
    email: FormStr = "",
    password: FormStr = "",
    display_name: FormStr = "",
    language: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    lang = language if language in ("en", "fa") else page_language(request, None, state)
    if not _csrf_ok(request, csrf_token):
        return render(
            request, "signup.html", state=state, user=None, status=403, error="error_csrf"
        )
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
    response = _redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "login.html", state=state, user=user)


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    db: DB,
    state: State,
    email: FormStr = "",
    password: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    if not _csrf_ok(request, csrf_token):
        return render(request, "login.html", state=state, user=None, status=403, error="error_csrf")
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
    response = _redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.get("/account/confirm", response_class=HTMLResponse)
def account_confirm_page(request: Request, state: State, token: str = "") -> Response:
    """The e-mailed link opens a page with a button: following a link alone changes nothing
    (mail scanners open links too)."""
    return render(request, "account_confirm.html", state=state, user=None, token=token)


@router.post("/account/confirm", response_class=HTMLResponse)
def account_confirm_submit(
    request: Request, db: DB, state: State, token: FormStr = "", csrf_token: FormStr = ""
) -> Response:
    if not _csrf_ok(request, csrf_token):
        return render(
            request, "account_confirm.html", state=state, user=None, status=403,
            error="error_csrf", token=token,
        )  # fmt: skip
    user = confirm_account(db, token=token) if token else None
    if user is None:
        return render(
            request, "account_confirm.html", state=state, user=None, status=404, invalid=True
        )
    response = _redirect("/home")
    start_browser_session(db, user=user, response=response, settings=state.settings)
    return response


@router.post("/logout")
def logout_submit(request: Request, db: DB, csrf_token: FormStr = "") -> Response:
    response = _redirect("/")
    raw = request.cookies.get(SESSION_COOKIE)
    if raw and _csrf_ok(request, csrf_token):
        end_session(db, token_hash_value=token_hash(raw), response=response)
    return response


def _timeline(db: DB, user: User) -> list[Observation]:
    """The last 10 moments, newest first by when they happened (not by when they were stored:
    imported posts arrive late)."""
    rows = repo.list_owned(db, Observation, user_id=user.id, limit=50)
    return sorted(rows, key=lambda o: o.observed_at, reverse=True)[:10]


NOTE_KEYS = {
    HEART_NOT_VALIDATED: "note_heart_not_validated",
    NO_TRANSCRIPT: "note_no_transcript",
    CROSS_LINGUAL_NOTE: "note_cross_lingual",
}
"""The perceivers' caveats, as the page's language says them (an unknown one as written)."""


def _home(
    request: Request, db: DB, user: User, state: AppState, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """The home page: the conversation so far (the current reply, when there is one, is shown
    apart, with its listen button and its question), a greeting, and a question about the last
    suggestions when they were not rated."""
    now = utcnow()
    reply = context.get("reply")
    before = request.query_params.get("before", "")
    found = thread.page(db, user_id=user.id, before=int(before) if before.isdigit() else None)
    items = list(found.items)
    if reply is not None and items and items[-1].role == "hamdel":
        items = items[:-1]  # the reply of this turn is shown in full below the thread
    last = thread.last_said_at(db, user_id=user.id)
    profile = repo.consented_profile(db, user_id=user.id)
    lang = page_language(request, user, state)
    t = translator(lang)
    greeting = greet(
        db, user_id=user.id, name=user.display_name,
        remember=profile.get("remember_topics") == "yes",
        topic_of=state.components.topic, now=now,
    )  # fmt: skip
    today = mood.local_day(now, profile)
    rated = any(r.day == today for r in repo.list_owned(db, MoodRating, user_id=user.id, limit=2))
    return render(
        request, "home.html", state=state, user=user, status=status, lang=lang,
        thread_items=items, earlier=found.earlier, ask_mood=not rated, faces=mood.FACES,
        onboarding=last is None and request.query_params.get("welcomed") != "1",
        shared_country=profile.get("country"),
        mood_saved=request.query_params.get("mood") == "1",
        first_visit=last is None, greeting=greeting, greeting_text=greeting_text(greeting, lang),
        follow_up=None if reply is not None else thread.to_follow_up(db, user_id=user.id, now=now),
        local=lambda moment: local_moment(moment, profile, lang, now=now),
        note_words=lambda note: t.get(NOTE_KEYS.get(note, ""), note),
        timeline=_timeline(db, user), **context,
    )  # fmt: skip


@router.get("/home", response_class=HTMLResponse)
def home(request: Request, db: DB, user: Viewer, state: State) -> Response:
    if user is None:
        return _redirect("/login")
    noted = request.query_params.get("noted") == "1"
    return _home(request, db, user, state, noted=noted)


@router.post("/feedback", response_class=HTMLResponse)
def feedback_submit(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    item_kind: FormStr = "",
    item_id: FormStr = "",
    rating: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """Thumbs up or down on a suggestion or message (it feeds the person's own ranking)."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _home(request, db, user, state, status=403, error="error_csrf")  # fmt: skip
    if (
        item_kind not in ("suggestion", "message")
        or not 0 < len(item_id) <= 64
        or rating
        not in (
            "1",
            "-1",
        )
    ):
        return _home(request, db, user, state, status=400, error="error_form")  # fmt: skip
    repo.add_owned(
        db, Feedback, user_id=user.id, item_kind=item_kind, item_id=item_id, rating=int(rating)
    )
    return _redirect("/home?noted=1")


@router.post("/chat", response_class=HTMLResponse)
def chat_submit(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    text: Annotated[str, Form(max_length=20_000), AfterValidator(_storable)] = "",
    csrf_token: FormStr = "",
) -> Response:
    """The chat form on the home page: one turn, the reply shown on the same page."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _home(request, db, user, state, status=403, error="error_csrf")
    try:
        reply = text_turn(
            db,
            state.components,
            user=user,
            text=text,
            language=None,
            now=utcnow(),
            seed=secrets.randbelow(2**31),
        )
    except TextError:
        return _home(request, db, user, state, status=400, error="error_text")
    return _home(request, db, user, state, reply=reply)


@router.post("/check-in/{check_in_id}", response_class=HTMLResponse)
def check_in_submit(
    request: Request,
    check_in_id: int,
    db: DB,
    user: Viewer,
    state: State,
    answer: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """The Yes/No buttons under a check-in question: "yes" shows the crisis reply."""
    if user is None:
        return _redirect("/login")
    error = None
    if not _csrf_ok(request, csrf_token):
        error, status = "error_csrf", 403
    elif answer not in ("yes", "no") or not 0 < check_in_id < 2**62:
        error, status = "error_form", 400
    if error is None:
        try:
            reply = answer_check_in(
                db,
                state.components,
                user=user,
                check_in_id=check_in_id,
                yes=answer == "yes",
                now=utcnow(),
            )
        except (NotFoundError, ConflictError):
            error, status = "error_check_in", 409
    if error is not None:
        return _home(request, db, user, state, status=status, error=error)  # fmt: skip
    return _home(request, db, user, state, reply=reply)


@router.post("/upload/{what}", response_class=HTMLResponse)
def upload_submit(
    request: Request,
    what: Literal["heart", "voice"],
    db: DB,
    user: Viewer,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: FormStr = "",
) -> Response:
    """The upload forms on the home page (a wearable export or a voice recording)."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _home(request, db, user, state, status=403, error="error_csrf")
    data = file.file.read() if file is not None else b""
    name = file.filename if file is not None and file.filename else "upload"
    try:
        if not data:
            raise InputError(f"{name} is empty")
        if what == "voice":
            reply, reading = voice_turn(
                db,
                state.components,
                user=user,
                data=data,
                now=utcnow(),
                seed=secrets.randbelow(2**31),
            )
        else:
            with tempfile.TemporaryDirectory(prefix="hamdel-upload-") as folder:
                path = Path(folder) / "upload.txt"
                path.write_bytes(data)
                try:
                    reply, reading = heart_turn(
                        db,
                        state.components,
                        user=user,
                        path=path,
                        rate=None,
                        kind="rr",
                        now=utcnow(),
                        seed=secrets.randbelow(2**31),
                    )
                except InputError as exc:
                    raise InputError(str(exc).replace(str(path), name)) from exc
    except (InputError, ModelUnavailableError) as exc:
        logger.info("upload refused", extra={"fields": {"what": what, "why": str(exc)[:200]}})
        lang = page_language(request, user, state)
        return _home(request, db, user, state, status=422,
                     upload_error=upload_problem(what, name, exc, lang))  # fmt: skip

    lang = page_language(request, user, state)
    heart = _heart_words(reading.details.get("summary") or {}, lang) if what == "heart" else None
    return _home(request, db, user, state, reply=reply, heart=heart)


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


@router.get("/settings", response_class=HTMLResponse)
def settings_form(request: Request, user: Viewer, state: State) -> Response:
    return render(request, "settings.html", state=state, user=user)


@router.post("/welcome", response_class=HTMLResponse)
def welcome_submit(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    language: FormStr = "",
    country: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """The first visit's two questions: the language, and (only if the person chooses to
    share it) the country whose crisis lines hamdel shows."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _home(request, db, user, state, status=403, error="error_csrf")
    if language not in ("en", "fa") or (country and known_country(country) is None):
        return _home(request, db, user, state, status=400, error="error_form")
    user.language = language
    if country:
        repo.set_profile_attribute(
            db, user_id=user.id, name="country", value=known_country(country), consent=True
        )
    db.flush()
    response = _redirect("/home?welcomed=1")
    response.set_cookie(
        LANG_COOKIE, language, max_age=365 * 86400, httponly=True,
        secure=state.settings.cookie_secure, samesite="lax", path="/",
    )  # fmt: skip
    return response


@router.post("/settings", response_class=HTMLResponse)
def settings_submit(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    language: FormStr = "",
    speak_replies: FormStr = "",
    voice_setting: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """Switch the interface language: stored on the account, or in a cookie when signed out;
    and, signed in, whether every reply is read aloud (``voice_setting`` marks a form that
    carries the checkbox, so an unticked box turns it off and no other form does)."""
    if not _csrf_ok(request, csrf_token):
        return render(
            request, "settings.html", state=state, user=user, status=403, error="error_csrf"
        )
    if language not in ("en", "fa"):
        return render(
            request, "settings.html", state=state, user=user, status=400, error="error_form"
        )
    response = _redirect("/settings?saved=1")
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
    user: Viewer,
    state: State,
    current: FormStr = "",
    new: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """Change the password; every other session ends, this one stays."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return render(
            request, "settings.html", state=state, user=user, status=403, error="error_csrf"
        )
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
    return _redirect("/settings?password=1")


@router.post("/account/sign-out-everywhere")
def everywhere_submit(request: Request, db: DB, user: Viewer, csrf_token: FormStr = "") -> Response:
    """End every session and token of the person, this one included."""
    response = _redirect("/login")
    if user is not None and _csrf_ok(request, csrf_token):
        sign_out_everywhere(db, user=user)
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- profile: what the person chose to share, one consent each -------------------------------


def _profile_page(
    request: Request,
    db: DB,
    user: User,
    state: State,
    *,
    fields: dict[str, Field] | None = None,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    if fields is None:
        stored = {a.name: (a.consent, a.value) for a in repo.list_profile(db, user_id=user.id)}
        fields = fields_from_stored(stored)
    return render(
        request,
        "profile.html",
        state=state,
        user=user,
        status=status,
        error=error,
        sections=SECTIONS,
        fields=fields,
        share_prefix=SHARE_PREFIX,
        timezones=timezone_names(),
        suggested_timezone=suggested_timezone(user.language),
        digits=lambda value: localize_digits(value, user.language),
    )


@router.get("/profile", response_class=HTMLResponse)
def profile_form(request: Request, db: DB, user: Viewer, state: State) -> Response:
    if user is None:
        return _redirect("/login")
    return _profile_page(request, db, user, state)


@router.post("/profile", response_class=HTMLResponse)
async def profile_submit(request: Request, db: DB, user: Viewer, state: State) -> Response:
    """Save the whole form: every field is validated first, nothing is written if one is wrong.
    An unticked "share" withdraws consent and erases a stored value."""
    if user is None:
        return _redirect("/login")
    form = await request.form()
    single = {k: v for k, v in form.items() if isinstance(v, str)}
    if not _csrf_ok(request, single.get("csrf_token", "")):
        return _profile_page(request, db, user, state, status=403, error="error_csrf")
    lists = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
    submission = read_profile_form(single, lists, translator(user.language), user.language)
    if not submission.valid:
        return _profile_page(
            request, db, user, state, fields=submission.fields, status=400,
            error="profile_not_saved",
        )  # fmt: skip
    stored = {a.name: a for a in repo.list_profile(db, user_id=user.id)}
    for name, value in submission.shared.items():
        repo.set_profile_attribute(db, user_id=user.id, name=name, value=value, consent=True)
    for name in submission.withheld:
        if name in stored and stored[name].consent:
            repo.set_profile_attribute(db, user_id=user.id, name=name, value=None, consent=False)
    return _redirect("/profile?saved=1")


# -- trusted contacts ------------------------------------------------------------------------


def _contacts_page(
    request: Request,
    db: DB,
    user: User,
    state: State,
    *,
    status: int = 200,
    error: str | None = None,
    **context: Any,
) -> HTMLResponse:
    contacts = repo.list_owned(db, Contact, user_id=user.id, limit=100)
    sender = state.components.sender
    response = render(
        request,
        "contacts.html",
        state=state,
        user=user,
        status=status,
        error=error,
        contacts=contacts,
        statuses={c.id: contact_status(sender, c) for c in contacts},
        base_url_local=state.settings.base_url is None,
        alerts=_alert_log(db, user, contacts),
        **context,
    )
    response.headers["Cache-Control"] = "no-store"  # a one-time link may be on the page
    return response


ALERT_LOG_ROWS = 20
_ALERT_DETAILS = (
    (alerts.NOT_SUSTAINED, "alert_detail_not_sustained"),
    (alerts.COOLDOWN, "alert_detail_cooldown"),
    (alerts.UNCONFIRMED, "alert_detail_unconfirmed"),
    (alerts.WITHDRAWN, "alert_detail_withdrawn"),
    (NOT_REACHABLE, "alert_detail_unreachable"),
    ("could not be sent", "alert_detail_failed"),
    (alerts.NOBODY, "alert_detail_nobody"),
    (alerts.SENT_BY, "alert_detail_sent"),
)
"""How a recorded reason begins (:mod:`hamdel.safety.alerts`) -> its words on the page."""


def _alert_log(db: DB, user: User, contacts: list[Contact]) -> list[dict[str, Any]]:
    """The person's latest alert decisions, newest first, for the contacts page: when, why,
    who, what happened, and a known reason as an i18n key (anything else as written)."""
    names = {c.id: c.name for c in contacts}
    rows = []
    for a in repo.list_owned(db, Alert, user_id=user.id, limit=ALERT_LOG_ROWS):
        detail = a.detail or ""
        key = next((k for prefix, k in _ALERT_DETAILS if detail.startswith(prefix)), None)
        rows.append({"at": a.created_at, "reason": a.reason, "status": a.status,
                     "contact": names.get(a.contact_id) if a.contact_id else None,
                     "detail_key": key, "detail": detail})  # fmt: skip
    return rows


@router.get("/contacts", response_class=HTMLResponse)
def contacts_list(request: Request, db: DB, user: Viewer, state: State) -> Response:
    if user is None:
        return _redirect("/login")
    removed = request.query_params.get("removed") == "1"
    return _contacts_page(request, db, user, state, removed=removed)


@router.post("/contacts", response_class=HTMLResponse)
def contacts_add(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    name: Annotated[str, Form(max_length=400)] = "",
    channel: FormStr = "",
    address: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: FormStr = "",
) -> Response:
    """Add a contact (the same checks as ``POST /api/contacts``): the invitation goes to the
    contact; when it cannot, the page shows the link to pass on and why."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _contacts_page(request, db, user, state, status=403, error="error_csrf")
    form = {"name": name, "channel": channel, "address": address}
    bad: dict[str, str] = {}
    body: ContactIn | None = None
    if channel not in ("email", "phone", "apprise", "webhook"):
        bad["channel"] = "contact_error_channel"
    try:
        body = ContactIn.model_validate(
            {**form, "channel": "email" if "channel" in bad else channel}
        )
    except ValidationError as exc:
        for e in exc.errors():
            field = str(e["loc"][0])
            bad.setdefault(field, f"contact_error_{field}")
    allow = state.settings.outbound_allow_private
    if (
        body is not None
        and not bad
        and address_problem(body.channel, body.address, allow_private=allow)
    ):
        bad["address"] = f"contact_error_{body.channel}"
    if body is None or bad:
        return _contacts_page(
            request, db, user, state, status=400, error="error_form", bad=bad, form=form
        )
    try:
        invitation = contacts.add_contact(
            db,
            state.components.sender,
            user=user,
            name=body.name,
            channel=body.channel,
            address=body.address,
            language=None,
            base_url=state.settings.public_url,
            now=utcnow(),
        )
    except ConflictError:
        bad["address"] = "contact_error_duplicate"
        return _contacts_page(
            request, db, user, state, status=409, error="error_form", bad=bad, form=form
        )
    return _contacts_page(
        request, db, user, state, status=201, created=invitation.contact, invitation=invitation
    )


@router.post("/contacts/{contact_id}/test", response_class=HTMLResponse)
def contacts_test(
    request: Request,
    contact_id: Annotated[int, PathParam(ge=1, le=2**62)],
    db: DB,
    user: Viewer,
    state: State,
    csrf_token: FormStr = "",
) -> Response:
    """Send a test message to a contact who agreed."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _contacts_page(request, db, user, state, status=403, error="error_csrf")
    try:
        contacts.send_test(
            db, state.components.sender, user=user, contact_id=contact_id, now=utcnow()
        )
    except NotFoundError:
        return _contacts_page(request, db, user, state, status=404, error="contact_not_found")
    except ConflictError:
        return _contacts_page(request, db, user, state, status=409, error="contact_test_refused")
    return _contacts_page(request, db, user, state, status=202, tested=contact_id)


@router.post("/contacts/{contact_id}/delete", response_class=HTMLResponse)
def contacts_delete(
    request: Request,
    contact_id: Annotated[int, PathParam(ge=1, le=2**62)],
    db: DB,
    user: Viewer,
    state: State,
    csrf_token: FormStr = "",
) -> Response:
    """Remove one of your own contacts; anyone else's is "not found"."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return _contacts_page(request, db, user, state, status=403, error="error_csrf")
    if not repo.delete_owned(db, Contact, user_id=user.id, item_id=contact_id):
        return _contacts_page(request, db, user, state, status=404, error="contact_not_found")
    return _redirect("/contacts?removed=1")


# -- the page a contact opens (no account) ---------------------------------------------------

TokenParam = Annotated[str, Query(max_length=200)]


def _confirm_page(
    request: Request, state: State, *, status: int = 200, **context: Any
) -> HTMLResponse:
    response = render(request, "confirm.html", state=state, user=None, status=status, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _viewer_id(request: Request, db: DB) -> int | None:
    """Who is signed in on this browser, if anyone (the person may not agree for a contact).
    Read from the session cookie alone: a form post carries no CSRF header, and a check that
    failed on that must not make the person "nobody"."""
    user = signed_in_user(request, db)
    return user.id if user is not None else None


@router.get("/contacts/confirm", response_class=HTMLResponse)
def contact_confirm_page(
    request: Request, db: DB, state: State, token: TokenParam = ""
) -> Response:
    """Says who asked and what it means, and asks for the code the contact was sent. Confirms
    nothing: link scanners fetch pages too."""
    found = contacts.invited(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    if _viewer_id(request, db) == owner.id:
        return _confirm_page(request, state, status=403, not_yours=True, contact=contact)
    return _confirm_page(
        request, state, token=token, person=person_name(owner), contact=contact,
        needs_code=contacts.needs_code(contact),
    )  # fmt: skip


@router.post("/contacts/confirm", response_class=HTMLResponse)
def contact_confirm_submit(
    request: Request,
    db: DB,
    state: State,
    token: Annotated[str, Form(max_length=200)] = "",
    code: Annotated[str, Form(max_length=20)] = "",
    csrf_token: FormStr = "",
) -> Response:
    found = contacts.invited(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    again = {"token": token, "person": person_name(owner), "contact": contact,
             "needs_code": contacts.needs_code(contact)}  # fmt: skip
    if not _csrf_ok(request, csrf_token):
        return _confirm_page(request, state, status=403, error="error_csrf", **again)
    try:
        contacts.confirm(
            db, token=token, code=code, viewer_id=_viewer_id(request, db), now=utcnow()
        )
    except ConsentError:
        return _confirm_page(request, state, status=403, not_yours=True, contact=contact)
    except InputError:
        return _confirm_page(request, state, status=400, error="confirm_bad_code", **again)
    return _confirm_page(request, state, done=True, person=person_name(owner))


@router.get("/contacts/withdraw", response_class=HTMLResponse)
def contact_withdraw_page(
    request: Request, db: DB, state: State, token: TokenParam = ""
) -> Response:
    """The contact's own page to stop hamdel's messages (asks; the button withdraws)."""
    found = contacts.withdrawing(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    return _confirm_page(
        request, state, withdraw=True, token=token, contact=contact,
        question=safety_text(contact.language or owner.language, "contact_withdraw_question",
                             name=person_name(owner)),
        button=safety_text(contact.language or owner.language, "contact_withdraw_button"),
    )  # fmt: skip


@router.post("/contacts/withdraw", response_class=HTMLResponse)
def contact_withdraw_submit(
    request: Request,
    db: DB,
    state: State,
    token: Annotated[str, Form(max_length=200)] = "",
    csrf_token: FormStr = "",
) -> Response:
    found = contacts.withdrawing(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    if not _csrf_ok(request, csrf_token):
        return _confirm_page(request, state, status=403, error="error_csrf", invalid=True)
    contact, owner = contacts.withdraw(db, token=token, now=utcnow())
    return _confirm_page(
        request, state, withdrawn=True,
        said=safety_text(contact.language or owner.language, "contact_withdrawn",
                         name=person_name(owner)),
    )  # fmt: skip


# -- deleting the account --------------------------------------------------------------------


@router.post("/account/delete", response_class=HTMLResponse)
def account_delete(
    request: Request,
    db: DB,
    user: Viewer,
    state: State,
    password: FormStr = "",
    confirm: FormStr = "",
    csrf_token: FormStr = "",
) -> Response:
    """Password and an explicit tick, then everything is deleted and the session ends."""
    if user is None:
        return _redirect("/login")
    if not _csrf_ok(request, csrf_token):
        return render(
            request, "settings.html", state=state, user=user, status=403, error="error_csrf"
        )
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
