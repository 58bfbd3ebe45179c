"""The study in the browser and the API: consent on the settings page, the 5-point rating under
every suggestion and message (both languages), the thumbs fast path, the survey."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from markupsafe import escape

from hamdel.web.i18n import STRINGS


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without a CSRF field"
    return match.group(1)


def _signed_up(client: TestClient, email: str) -> str:
    csrf = _csrf(client.get("/signup").text)
    client.post("/signup", data={"email": email, "password": "a long password", "csrf_token": csrf})
    return _csrf(client.get("/home").text)


def _say(key: str, lang: str = "en") -> str:
    return str(escape(STRINGS[key][lang]))


def test_settings_explain_the_study_and_join_and_leave_work(client: TestClient) -> None:
    csrf = _signed_up(client, "study@example.org")
    page = client.get("/settings").text
    for key in ("study_what", "study_safety", "study_leave_any_time", "study_join"):
        assert _say(key) in page
    assert 'id="study-leave-form"' not in page
    assert client.get("/api/study").json()["taking_part"] is False
    forged = client.post("/study/join", data={"csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403 and client.get("/api/study").json()["taking_part"] is False
    r = client.post("/study/join", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/settings?study=joined#study"
    page = client.get("/settings?study=joined").text
    assert 'id="study-joined"' in page and 'id="study-leave-form"' in page
    assert 'id="study-in"' in page and "variant" not in page  # the arm is not shown
    status = client.get("/api/study").json()
    assert status["taking_part"] is True and status["since"] and status["survey_due"] is False
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    page = client.get("/settings").text
    assert _say("study_what", "fa") in page and _say("study_leave", "fa") in page
    r = client.post("/study/leave", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.headers["location"] == "/settings?study=left#study"
    assert client.get("/api/study").json()["taking_part"] is False


def _radios(html: str, item_id: str) -> list[str]:
    start = html.index(f'name="item_id" value="{item_id}"')
    form = html[start : html.index("</form>", start)]
    return re.findall(r'name="satisfaction" value="(\d)"', form)


def test_every_suggestion_and_message_has_the_five_point_control(client: TestClient) -> None:
    csrf = _signed_up(client, "rate5@example.org")
    r = client.post("/chat", data={"text": "I am so angry at my boss today", "csrf_token": csrf})
    ids = re.findall(r'name="item_id" value="([^"]+)"', r.text)
    assert len(ids) >= 3
    for item_id in ids:
        assert _radios(r.text, item_id) == ["1", "2", "3", "4", "5"]
    assert r.text.count(f"<legend>{_say('sat_question')}</legend>") == len(ids)
    for n in range(1, 6):
        assert f'<span class="vh">{n} </span>{_say(f"sat_{n}")}' in r.text
    assert _say("sat_thumb_up") in r.text
    r = client.post(
        "/feedback",
        data={
            "csrf_token": csrf,
            "item_kind": "suggestion",
            "item_id": ids[0],
            "satisfaction": "5",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    again = {"csrf_token": csrf, "item_kind": "suggestion", "item_id": ids[0], "satisfaction": "2"}
    assert client.post("/feedback", data=again, follow_redirects=False).status_code == 303
    (row,) = client.get("/api/feedback").json()
    assert (row["satisfaction"], row["rating"]) == (2, -1)  # replaced, not added
    home = client.get("/home").text  # the earlier reply is in the thread, rated as given
    assert re.search(r'value="2"\s+checked', home)
    # a thumb (the fast path) wins over a number sent with it, and replaces the rating
    thumb = {**again, "satisfaction": "4", "rating": "1"}
    assert client.post("/feedback", data=thumb, follow_redirects=False).status_code == 303
    (row,) = client.get("/api/feedback").json()
    assert (row["satisfaction"], row["rating"]) == (None, 1)
    assert 'aria-pressed="true"' in client.get("/home").text
    bad = {**again, "satisfaction": "9"}
    assert client.post("/feedback", data=bad).status_code == 400
    # the same control in Persian, right to left
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    r = client.post("/chat", data={"text": "امروز خیلی غمگینم", "csrf_token": csrf})
    assert 'dir="rtl"' in r.text and f"<legend>{_say('sat_question', 'fa')}</legend>" in r.text
    assert _say("sat_5", "fa") in r.text


def test_api_feedback_takes_satisfaction_or_a_thumb(client: TestClient) -> None:
    csrf = _signed_up(client, "api5@example.org")
    h = {"X-CSRF-Token": csrf}
    body = {"item_kind": "message", "item_id": "m1"}
    r = client.post("/api/feedback", json={**body, "satisfaction": 3}, headers=h)
    assert r.status_code == 201 and (r.json()["satisfaction"], r.json()["rating"]) == (3, 0)
    for bad in ({}, {"satisfaction": 4, "rating": 1}, {"satisfaction": 6}, {"satisfaction": "5"},
                {"rating": 0}):  # fmt: skip
        assert client.post("/api/feedback", json={**body, **bad}, headers=h).status_code == 422
    r = client.post("/api/feedback", json={**body, "rating": -1}, headers=h)
    assert r.status_code == 201 and r.json()["satisfaction"] is None
    assert len(client.get("/api/feedback").json()) == 1


def test_the_survey_comes_after_five_ratings_and_goes_away(client: TestClient) -> None:
    csrf = _signed_up(client, "survey@example.org")
    h = {"X-CSRF-Token": csrf}
    assert client.post("/api/study", headers=h).json()["taking_part"] is True
    assert 'id="survey"' not in client.get("/home").text
    for k in range(5):
        client.post(
            "/api/feedback",
            json={"item_kind": "suggestion", "item_id": f"s{k}", "satisfaction": 4},
            headers=h,
        )
    status = client.get("/api/study").json()
    assert status["survey_due"] is True and status["survey_questions"][0] == "easy"
    home = client.get("/home").text
    assert 'id="survey"' in home and home.count('class="satisfaction survey-item"') == 5
    assert _say("survey_fitted") in home and _say("survey_dismiss") in home
    r = client.post(
        "/study/survey",
        data={"csrf_token": csrf, "easy": "5", "overall": "4"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/home?surveyed=1"
    home = client.get("/home?surveyed=1").text
    assert 'id="survey"' not in home and _say("survey_thanks") in home
    assert client.post("/study/survey", data={"csrf_token": csrf, "easy": "7"}).status_code == 400
    assert client.get("/api/study").json()["survey_due"] is False
    # answers are stored with the variant, in the export
    export = client.get("/api/account/export").json()
    (answer,) = export["survey_answers"]
    assert answer["answers"] == {"easy": 5, "overall": 4}
    assert answer["variant"] == export["study_participants"][0]["variant"]
    r = client.post("/api/study/survey", json={"dismiss": True}, headers=h)
    assert r.status_code == 200
    assert client.delete("/api/study", headers=h).json()["taking_part"] is False
    r = client.post("/api/study/survey", json={"answers": {"easy": 3}}, headers=h)
    assert r.status_code == 404
