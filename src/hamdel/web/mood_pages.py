"""The mood pages: the daily five faces, and mood over days and weeks as charts (server-side SVG)
with the week in plain words."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from hamdel.companion import mood
from hamdel.companion import sentiment_ratings as ratings
from hamdel.core.errors import InputError, ModelUnavailableError, NotFoundError
from hamdel.core.languages import localize_digits
from hamdel.server.deps import DB, State
from hamdel.store import repositories as repo
from hamdel.store.models import utcnow
from hamdel.web.charts import Point, Series, bar_chart, line_chart
from hamdel.web.i18n import translator
from hamdel.web.pages import FormStr, Member, MemberForm, page_language, redirect, render

router = APIRouter(include_in_schema=False)


def charts(overview: mood.Overview, language: str) -> dict[str, str]:
    """The page's charts as SVG strings."""
    t = translator(language)
    days = overview.days

    def series(name: str, values: list[float | None]) -> Series:
        return Series(name, tuple(Point(d.day, v) for d, v in zip(days, values, strict=True)))

    return {
        "mood": line_chart(
            [series(t["mood_series_self"], [d.mood for d in days])],
            language=language, low=1, high=5, title=t["mood_chart_self"],
            labels={float(k): v for k, v in mood.FACES.items()},
        ),
        "perceived": line_chart(
            [
                series(t["mood_series_sentiment"], [d.sentiment for d in days]),
            ],
            language=language, low=-5, high=5, title=t["mood_chart_sentiment"],
            labels={-5.0: "−5", 0.0: "0", 5.0: "+5"},
        ),
        "strain": line_chart(
            [
                series(t["mood_series_negative"],
                       [None if d.negative is None else 100 * d.negative for d in days]),
                series(t["mood_series_stress"],
                       [None if d.stress is None else 100 * d.stress for d in days]),
            ],
            language=language, low=0, high=100, title=t["mood_chart_strain"],
            labels={0.0: "0%", 50.0: "50%", 100.0: "100%"},
        ),
        "emotions": bar_chart(
            [(t["emotion_" + e], float(n)) for e, n in overview.emotions.items()],
            language=language, title=t["mood_chart_emotions"],
        ),
    }  # fmt: skip


@router.get("/mood", response_class=HTMLResponse)
def mood_page(request: Request, db: DB, user: Member, state: State) -> Response:
    lang = page_language(request, user, state)
    weeks = 4 if request.query_params.get("weeks") == "4" else 2
    profile = repo.consented_profile(db, user_id=user.id)
    found = mood.overview(
        db, user_id=user.id, profile=profile, now=utcnow(), days=7 * weeks, language=lang
    )
    offered = ratings.offers(db, user_id=user.id, reader=state.components.sentiment)
    return render(
        request, "mood.html", state=state, user=user, lang=lang, overview=found,
        charts=charts(found, lang), weeks=weeks, faces=mood.FACES,
        saved=request.query_params.get("saved") == "1", offers=offered,
        rated=request.query_params.get("rated") == "1", scale=rating_scale(lang),
    )  # fmt: skip


RATING_SCALE = tuple(range(-5, 6))
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def rating_scale(language: str) -> tuple[tuple[int, str], ...]:
    """(value, label) from −5 to +5, in Persian digits for Persian pages."""
    labels = [
        localize_digits(f"{v:+d}".replace("-", "−") if v else "0", language) for v in RATING_SCALE
    ]
    return tuple(zip(RATING_SCALE, labels, strict=True))


def _refused(request: Request, state: State, user: Any, status: int, error: str) -> Response:
    return render(
        request, "mood.html", state=state, user=user, status=status, error=error,
        overview=None, charts={}, weeks=2, faces=mood.FACES, offers=(), scale=rating_scale("en"),
    )  # fmt: skip


@router.post("/mood", response_class=HTMLResponse)
def mood_submit(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    mood_value: Annotated[str, Form(alias="mood", max_length=2)] = "",
    back: FormStr = "",
) -> Response:
    """The five faces (on the home page and the mood page)."""
    digits = mood_value.strip().translate(_LATIN_DIGITS)
    try:
        mood.rate_mood(
            db, user_id=user.id, mood=int(digits) if digits.isdigit() else 0, now=utcnow(),
            profile=repo.consented_profile(db, user_id=user.id),
        )  # fmt: skip
    except InputError:
        return _refused(request, state, user, 400, "error_form")
    return redirect("/home?mood=1" if back == "home" else "/mood?saved=1")


@router.post("/mood/rate-message", response_class=HTMLResponse)
def rate_message(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    entry_id: Annotated[str, Form(max_length=20)] = "",
    rating: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    """How negative or positive one of the person's own messages felt to them (−5..+5)."""
    entry = entry_id.strip().translate(_LATIN_DIGITS)
    try:
        ratings.rate(
            db, state.components.sentiment, user_id=user.id,
            entry_id=int(entry) if entry.isdigit() else 0,
            rating=rating.strip().translate(_LATIN_DIGITS), now=utcnow(),
        )  # fmt: skip
    except NotFoundError:
        return _refused(request, state, user, 404, "rate_not_found")
    except ModelUnavailableError:
        return _refused(request, state, user, 503, "rate_unavailable")
    except InputError:
        return _refused(request, state, user, 400, "error_form")
    return redirect("/mood?rated=1#rate-messages")


__all__ = ["RATING_SCALE", "charts", "rating_scale", "router"]
