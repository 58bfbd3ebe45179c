"""The greeting: first time, same day, on return, and, only where the person chose
``remember_topics``, with what the last conversation was about in their own words (never a
conversation that ended in a crisis reply); the home page in both languages."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import FastAPI

from hamdel.companion import Components
from hamdel.companion.components import load_crisis_check, load_topic
from hamdel.companion.greeting import Greeting, greet, greeting_text
from hamdel.store import transaction
from tests.api.helpers import sign_up
from tests.companion.test_turn import NOW, FakeRecommender, FakeText, _turn, _user

TOPIC = load_topic()


def _greet(sessions, uid: int, *, remember: bool, hours: float) -> Greeting:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return greet(
            db, user_id=uid, name=None, remember=remember, topic_of=TOPIC,
            now=NOW + timedelta(hours=hours),
        )  # fmt: skip


def _components(emotion: str) -> Components:
    return Components(
        crisis=load_crisis_check(), text=FakeText(emotion), recommend=FakeRecommender()
    )


def test_first_same_day_and_again(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    assert _greet(sessions, uid, remember=True, hours=0).kind == "first"
    _turn(sessions, _components("sadness"), uid, "hello there")
    assert _greet(sessions, uid, remember=True, hours=1).kind == "same_day"
    # no theme word in what was said: an ordinary welcome back
    assert _greet(sessions, uid, remember=True, hours=30).kind == "again"


def test_last_topic_only_with_consent_and_in_the_persons_words(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    _turn(sessions, _components("fear"), uid, "my exams start on monday and I'm scared")
    _turn(sessions, _components("fear"), uid, "ok thanks", now=NOW + timedelta(minutes=5))
    assert _greet(sessions, uid, remember=False, hours=30) == Greeting("again")
    found = _greet(sessions, uid, remember=True, hours=30)
    assert found == Greeting("topic_weighing", None, "your exams")
    assert greeting_text(found, "en") == (
        "Welcome back. Last time, things with your exams were weighing on you: how did it go?"
    )


def test_a_happy_topic(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    _turn(sessions, _components("happiness"), uid, "we watched a movie with friends, lovely")
    assert _greet(sessions, uid, remember=True, hours=30).kind == "topic"


def test_a_persian_topic(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions, "fa")
    _turn(sessions, _components("sadness"), uid, "امتحانام خیلی سخته و می‌ترسم")
    found = _greet(sessions, uid, remember=True, hours=30)
    assert found.topic == "امتحان"
    assert greeting_text(found, "fa").startswith("خوش برگشتی. دفعهٔ قبل «امتحان»")


def test_a_crisis_conversation_is_never_named(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions)
    _turn(sessions, _components("sadness"), uid, "my exams went badly and I want to kill myself")
    assert _greet(sessions, uid, remember=True, hours=30) == Greeting("again")


def test_the_home_page_greets_with_the_topic_once_consented(app: FastAPI) -> None:
    person = sign_up(app, "topic@example.org")
    client, headers = person.client, person.headers
    r = client.post("/api/chat", json={"text": "my boss shouted at me again"}, headers=headers)
    assert r.status_code == 200, r.text
    state = app.state.hamdel
    with transaction(state.sessions) as db:  # the conversation was yesterday
        from hamdel.store.models import ThreadEntry

        for entry in db.query(ThreadEntry):
            entry.at = entry.at - timedelta(days=1)
    h1 = re.search(r'<h1 id="greeting" data-kind="(\w+)">', client.get("/home").text)
    assert h1 and h1.group(1) == "again"  # not consented
    r = client.put(
        "/api/profile/remember_topics", json={"value": "yes", "consent": True}, headers=headers
    )
    assert r.status_code == 200, r.text
    page = client.get("/home").text
    assert re.search(r'<h1 id="greeting" data-kind="topic(_weighing)?">', page)
    assert "your boss" in page
