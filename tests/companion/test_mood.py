"""Mood over time: the daily five faces (one per local day), what hamdel perceived by day, the
week in words, and the page with its charts in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hamdel.companion import mood
from hamdel.core.errors import InputError
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import MoodRating, Observation
from hamdel.web.i18n import STRINGS

NOW = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # already 8 December in Tehran
TEHRAN = {"timezone": "Asia/Tehran"}


def _user(sessions) -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return repo.create_user(
            db, email="m@x.org", password_hash="x", language="en", display_name=None
        ).id


def test_one_rating_per_local_day_and_only_one_to_five(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    with transaction(sessions) as db:
        mood.rate_mood(db, user_id=uid, mood=2, now=NOW, profile=TEHRAN)
        mood.rate_mood(db, user_id=uid, mood=4, now=NOW + timedelta(hours=1), profile=TEHRAN)
        for bad in (0, 6, True):
            with pytest.raises(InputError):
                mood.rate_mood(db, user_id=uid, mood=bad, now=NOW, profile=TEHRAN)  # type: ignore[arg-type]
    with transaction(sessions) as db:
        (row,) = repo.list_owned(db, MoodRating, user_id=uid)
        assert row.mood == 4 and row.day.isoformat() == "2026-12-08"  # the person's day


def test_the_overview_by_day_and_the_week_in_words(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    with transaction(sessions) as db:
        for back, rating in ((9, 2), (8, 2), (2, 4), (1, 4), (0, 5)):
            mood.rate_mood(db, user_id=uid, mood=rating, now=NOW - timedelta(days=back),
                           profile={})  # fmt: skip
        for emotion, stress in (("sadness", 0.8), ("sadness", 0.6), ("happiness", None)):
            repo.add_owned(db, Observation, user_id=uid, source="text", emotion=emotion,
                           sentiment=-2.0, stress_p=stress, observed_at=NOW)  # fmt: skip
    with transaction(sessions) as db:
        found = mood.overview(db, user_id=uid, profile={}, now=NOW, days=14)
        fa = mood.overview(db, user_id=uid, profile={}, now=NOW, days=14, language="fa")
    assert len(found.days) == 14 and found.days[-1].day == NOW.date()
    today = found.days[-1]
    assert today.mood == 5 and today.sentiment == -2.0 and today.stress == pytest.approx(0.7)
    assert today.negative == pytest.approx(2 / 3, abs=0.001)
    assert found.days[-4].mood is None  # a day without a rating stays empty
    assert found.emotions == {"sadness": 2, "happiness": 1} and found.rated_today == 5
    assert "3 day(s), 4.3 of 5" in found.summary and "better than the week before" in found.summary
    assert "sadness" in found.summary and "stress were high" in found.summary
    assert "۴٫۳" in fa.summary or "۴.۳" in fa.summary


def test_the_page_and_the_faces_in_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_pages import _signed_up

    csrf = _signed_up(client, "faces@example.org")
    home = client.get("/home").text
    assert 'id="mood-form"' in home and STRINGS["mood_question"]["en"] in home
    r = client.post("/mood", data={"mood": "۴", "back": "home", "csrf_token": csrf},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/home?mood=1"
    assert 'id="mood-form"' not in client.get("/home").text  # asked once a day
    assert client.post("/mood", data={"mood": "9", "csrf_token": csrf}).status_code == 400
    assert client.post("/mood", data={"mood": "3", "csrf_token": "x"}).status_code == 403
    client.post("/chat", data={"text": "a calm evening at home", "csrf_token": csrf})
    page = client.get("/mood").text
    assert page.count("<svg") == 4 and 'role="img"' in page
    assert 'aria-pressed="true"' in page  # today's face is shown as chosen
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    page = client.get("/mood?weeks=4").text
    assert '<html lang="fa" dir="rtl">' in page and STRINGS["mood_title"]["fa"] in page
    summary = page.split('id="week-summary"')[1].split("<p>")[1].split("</p>")[0]
    assert "۱" in summary and not any(ch.isascii() and ch.isdigit() for ch in summary)
