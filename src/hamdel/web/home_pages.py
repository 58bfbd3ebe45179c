"""The home page: the conversation, the chat form, ratings, check-in answers and onboarding."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator

from hamdel.companion import answer_check_in, mood, study, text_turn, thread
from hamdel.companion.components import HEART_NOT_VALIDATED
from hamdel.companion.greeting import greet, greeting_text
from hamdel.companion.media import NO_TRANSCRIPT
from hamdel.core.errors import ConflictError, InputError, NotFoundError, TextError
from hamdel.core.languages import LANGUAGES, MAX_TEXT_CHARS
from hamdel.perception.text.analyzer import CROSS_LINGUAL_NOTE
from hamdel.safety.resources import crisis_resources, known_country
from hamdel.server.deps import DB, AppState, State
from hamdel.store import repositories as repo
from hamdel.store.models import MoodRating, Observation, User, utcnow
from hamdel.web.formatting import local_moment
from hamdel.web.i18n import translator
from hamdel.web.pages import (
    FormStr,
    Member,
    MemberForm,
    Viewer,
    page_language,
    redirect,
    remember_language,
    render,
    shared_country,
    storable_form_text,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


@router.get("/crisis", response_class=HTMLResponse)
def crisis_page(
    request: Request, user: Viewer, state: State, country: Annotated[str, Query(max_length=2)] = ""
) -> Response:
    """The crisis lines of a chosen country (nothing is stored: the choice is in the link)."""
    lang = page_language(request, user, state)
    chosen = crisis_resources(known_country(country) or shared_country(user), lang)
    return render(
        request, "crisis.html", state=state, user=user, lang=lang, chosen=chosen, crisis=chosen,
    )  # fmt: skip


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


def home_page(
    request: Request, db: DB, user: User, state: AppState, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """The home page: the conversation so far (the current reply, when there is one, is shown
    apart, with its listen button and its question), a greeting, and a question about the last
    suggestions when they were not rated."""
    now = utcnow()
    query = request.query_params
    reply = context.get("reply")
    before = query.get("before", "")
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
        onboarding=last is None and query.get("welcomed") != "1",
        shared_country=profile.get("country"), noted=query.get("noted") == "1",
        mood_saved=query.get("mood") == "1",
        first_visit=last is None, greeting=greeting, greeting_text=greeting_text(greeting, lang),
        follow_up=None if reply is not None else thread.to_follow_up(db, user_id=user.id, now=now),
        local=lambda moment: local_moment(moment, profile, lang, now=now),
        note_words=lambda note: t.get(NOTE_KEYS.get(note, ""), note),
        timeline=_timeline(db, user), ratings=study.item_ratings(db, user_id=user.id),
        survey_due=study.survey_due(db, user_id=user.id, now=now),
        survey_items=study.SURVEY_ITEMS, **context,
    )  # fmt: skip


@router.get("/home", response_class=HTMLResponse)
def home(request: Request, db: DB, user: Member, state: State) -> Response:
    return home_page(request, db, user, state)


@router.post("/feedback", response_class=HTMLResponse)
def feedback_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    item_kind: FormStr = "",
    item_id: FormStr = "",
    rating: FormStr = "",
    satisfaction: FormStr = "",
) -> Response:
    """Rate a suggestion or message: 1..5 (``satisfaction``), or a thumb (``rating`` ±1, the
    buttons send it and it wins over a chosen number). It feeds the person's own ranking; a
    second rating of the same item replaces the first."""
    thumb = {"1": 1, "-1": -1}.get(rating)
    score = {str(n): n for n in range(1, 6)}.get(satisfaction)
    try:
        study.rate(
            db, user_id=user.id, item_kind=item_kind, item_id=item_id, now=utcnow(),
            satisfaction=score if thumb is None else None, thumb=thumb,
        )  # fmt: skip
    except InputError:
        return home_page(request, db, user, state, status=400, error="error_form")
    return redirect("/home?noted=1")


@router.post("/study/survey", response_class=HTMLResponse)
def survey_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    easy: FormStr = "",
    fitted: FormStr = "",
    timing: FormStr = "",
    keep: FormStr = "",
    overall: FormStr = "",
    dismiss: FormStr = "",
) -> Response:
    """The study's short survey in the conversation: the answers given (each 1..5), or "not
    now" (``dismiss``): it comes back in 14 days either way."""
    given = dict(zip(study.SURVEY_ITEMS, (easy, fitted, timing, keep, overall), strict=True))
    try:
        if dismiss:
            study.dismiss_survey(db, user_id=user.id, language=user.language, now=utcnow())
        else:
            answers = {k: int(v) for k, v in given.items() if v}
            study.answer_survey(
                db, user_id=user.id, answers=answers, language=user.language, now=utcnow()
            )
    except (InputError, NotFoundError, ValueError):
        return home_page(request, db, user, state, status=400, error="error_form")
    return redirect("/home?surveyed=1" if not dismiss else "/home")


@router.post("/chat", response_class=HTMLResponse)
def chat_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS), AfterValidator(storable_form_text)] = "",
) -> Response:
    """The chat form on the home page: one turn, the reply shown on the same page."""
    try:
        reply = text_turn(
            db, state.components, user=user, text=text, language=None, now=utcnow(),
            seed=secrets.randbelow(2**31),
        )  # fmt: skip
    except TextError:
        return home_page(request, db, user, state, status=400, error="error_text")
    return home_page(request, db, user, state, reply=reply)


@router.post("/check-in/{check_in_id}", response_class=HTMLResponse)
def check_in_submit(
    request: Request,
    check_in_id: int,
    db: DB,
    user: MemberForm,
    state: State,
    answer: FormStr = "",
) -> Response:
    """The Yes/No buttons under a check-in question: "yes" shows the crisis reply."""
    if answer not in ("yes", "no") or not 0 < check_in_id < 2**62:
        return home_page(request, db, user, state, status=400, error="error_form")
    try:
        reply = answer_check_in(
            db, state.components, user=user, check_in_id=check_in_id, yes=answer == "yes",
            now=utcnow(),
        )  # fmt: skip
    except (NotFoundError, ConflictError):
        return home_page(request, db, user, state, status=409, error="error_check_in")
    return home_page(request, db, user, state, reply=reply)


@router.post("/welcome", response_class=HTMLResponse)
def welcome_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    language: FormStr = "",
    country: FormStr = "",
) -> Response:
    """The first visit's two questions: the language, and (only if the person chooses to
    share it) the country whose crisis lines hamdel shows."""
    if language not in LANGUAGES or (country and known_country(country) is None):
        return home_page(request, db, user, state, status=400, error="error_form")
    user.language = language
    if country:
        repo.set_profile_attribute(
            db, user_id=user.id, name="country", value=known_country(country), consent=True
        )
    db.flush()
    response = redirect("/home?welcomed=1")
    remember_language(response, language, state)
    return response
