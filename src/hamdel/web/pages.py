"""What every browser page shares: the templates, rendering in the page language, the signed-in
person, and the guards of a signed-in form (:data:`Member`, :data:`MemberForm`)."""

from __future__ import annotations

import logging
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator

from hamdel.core.languages import LANGUAGES, direction, localize_digits, storable_text
from hamdel.safety.resources import countries, crisis_resources
from hamdel.server.deps import DB, AppState, token_user
from hamdel.server.security import CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, csrf_matches, new_token
from hamdel.server.sessions import set_cookie
from hamdel.store import repositories as repo
from hamdel.store import session_of
from hamdel.store.models import User
from hamdel.web import TEMPLATES_DIR
from hamdel.web.i18n import translator

logger = logging.getLogger(__name__)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.filters["digits"] = localize_digits
"""``{{ n|digits(lang) }}``: Persian digits on Persian pages."""


def storable_form_text(value: str) -> str:
    """A form field a database can store: no NUL character, no lone surrogate."""
    if not storable_text(value):
        raise ValueError("invalid characters in the form")
    return value


FormStr = Annotated[str, Form(max_length=400), AfterValidator(storable_form_text)]


def signed_in_user(request: Request, db: DB) -> User | None:
    raw = request.cookies.get(SESSION_COOKIE)
    return token_user(db, raw, "session") if raw else None


Viewer = Annotated[User | None, Depends(signed_in_user)]


def page_language(request: Request, user: User | None, state: AppState) -> str:
    if user is not None:
        return user.language
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("fa"):
        return "fa"
    return state.settings.default_language


def shared_country(user: User | None) -> str | None:
    """The country the person chose to share (crisis lines for it come first), else None."""
    session = session_of(user) if user is not None else None
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
            "crisis": crisis_resources(shared_country(user), lang),
            "crisis_choices": countries(lang),
            "csrf": csrf,
            "user": user,
            **context,
        },
        status_code=status,
    )
    if csrf != request.cookies.get(CSRF_COOKIE):
        set_cookie(response, CSRF_COOKIE, csrf, settings=state.settings)
    return response


def remember_language(response: Response, language: str, state: AppState) -> None:
    """Keep the chosen language for a year: the page language whenever no one is signed in."""
    set_cookie(response, LANG_COOKIE, language, settings=state.settings, max_age=365 * 86400)


def csrf_ok(request: Request, submitted: str) -> bool:
    return csrf_matches(request.cookies.get(CSRF_COOKIE), submitted)


def redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303)


# -- guards: one place that says who may see a page or send a form ---------------------------


class NotSignedIn(Exception):
    """A page for signed-in people, asked for without a session: the sign-in page instead."""


class FormExpired(Exception):
    """A form whose CSRF token is not this browser's (expired, or sent from another site)."""

    def __init__(self, language: str) -> None:
        super().__init__("form expired")
        self.language = language


def member(user: Viewer) -> User:
    """The signed-in person; anyone else goes to the sign-in page."""
    if user is None:
        raise NotSignedIn
    return user


def member_form(request: Request, user: Viewer, csrf_token: FormStr = "") -> User:
    """The signed-in person sending a form of this site (its CSRF token matches the cookie)."""
    if user is None:
        raise NotSignedIn
    if not csrf_ok(request, csrf_token):
        raise FormExpired(user.language)
    return user


def site_form(request: Request, user: Viewer, csrf_token: FormStr = "") -> None:
    """A form anyone may send (sign-up, sign-in, a contact's confirmation), but only from a
    page of this site: use as ``dependencies=[SITE_FORM]``."""
    if not csrf_ok(request, csrf_token):
        raise FormExpired(page_language(request, user, request.app.state.hamdel))


Member = Annotated[User, Depends(member)]
MemberForm = Annotated[User, Depends(member_form)]
SITE_FORM = Depends(site_form)


def _not_signed_in(request: Request, exc: Exception) -> Response:
    return redirect("/login")


def _form_expired(request: Request, exc: Exception) -> Response:
    """Nothing was changed: say so in the person's language, with the way back to the form
    (the browser's back button keeps what was typed)."""
    language = exc.language if isinstance(exc, FormExpired) else None
    came = urlsplit(request.headers.get("referer", ""))
    back = came.path + (f"?{came.query}" if came.query else "")
    if not back.startswith("/") or back.startswith("//"):  # only a page of this site
        back = "/"
    return render(
        request, "expired.html", state=request.app.state.hamdel, user=None, status=403,
        lang=language, back=back,
    )  # fmt: skip


def install(app: FastAPI) -> None:
    """Register what the guards raise (called by the app factory)."""
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(FormExpired, _form_expired)


__all__ = [
    "SITE_FORM",
    "FormExpired",
    "FormStr",
    "Member",
    "MemberForm",
    "NotSignedIn",
    "Viewer",
    "csrf_ok",
    "install",
    "member",
    "member_form",
    "page_language",
    "redirect",
    "remember_language",
    "render",
    "shared_country",
    "signed_in_user",
    "site_form",
    "storable_form_text",
    "templates",
]
