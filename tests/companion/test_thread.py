"""The conversation kept: both sides of every turn in order, paged, check-in answers, scheduled
messages, the follow-up question about the last suggestions; in the API and on the home page."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import FastAPI

from hamdel.companion import Components, answer_check_in, thread
from hamdel.companion.components import load_crisis_check
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Feedback
from tests.api.helpers import Person, sign_up
from tests.companion.test_turn import NOW, FakeRecommender, FakeText, _asking, _turn, _user


def test_both_sides_of_every_turn_in_order_and_paged(sessions) -> None:  # type: ignore[no-untyped-def]
    components = Components(
        crisis=load_crisis_check(), text=FakeText("sadness"), recommend=FakeRecommender()
    )
    uid = _user(sessions)
    for i in range(12):
        _turn(sessions, components, uid, f"message {i}", now=NOW + timedelta(minutes=i))
    with transaction(sessions) as db:
        first = thread.page(db, user_id=uid, limit=10)
        assert [i.role for i in first.items[:2]] == ["person", "hamdel"]
        assert first.items[-1].role == "hamdel" and first.items[-2].text == "message 11"
        assert len(first.items) == 10 and first.earlier is not None
        reply = first.items[-1]
        assert len(reply.suggestions) == 3 and reply.message and reply.details["emotion"]
        everything = [*first.items]
        before = first.earlier
        while before is not None:
            older = thread.page(db, user_id=uid, before=before, limit=10)
            everything = [*older.items, *everything]
            before = older.earlier
        said = [i.text for i in everything if i.role == "person"]
        assert said == [f"message {i}" for i in range(12)]  # nothing lost, nothing twice


def test_a_check_in_and_its_answer_and_a_crisis_reply(sessions) -> None:  # type: ignore[no-untyped-def]
    _, _, components = _asking()
    uid = _user(sessions)
    asked = _turn(sessions, components, uid, "everything feels pointless lately").check_in
    assert asked is not None
    with transaction(sessions) as db:
        (_, hamdel) = thread.page(db, user_id=uid).items
        assert hamdel.check_in and hamdel.check_in["open"] is True
        user = repo.get_user(db, user_id=uid)
        answer_check_in(db, components, user=user, check_in_id=asked.id, yes=True, now=NOW)
    with transaction(sessions) as db:
        items = thread.page(db, user_id=uid).items
        assert [i.kind for i in items] == ["text", "reply", "answer", "crisis"]
        assert items[1].check_in["open"] is False  # type: ignore[index]
        assert items[2].text == "Yes" and items[3].crisis is not None


def test_the_follow_up_asks_about_unrated_suggestions_an_hour_later(sessions) -> None:  # type: ignore[no-untyped-def]
    components = Components(
        crisis=load_crisis_check(), text=FakeText("sadness"), recommend=FakeRecommender()
    )
    uid = _user(sessions)
    _turn(sessions, components, uid, "rough day")
    with transaction(sessions) as db:
        assert thread.to_follow_up(db, user_id=uid, now=NOW + timedelta(minutes=20)) is None
        later = thread.to_follow_up(db, user_id=uid, now=NOW + timedelta(hours=2))
        assert later is not None and [s["id"] for s in later.suggestions] == ["s0", "s1", "s2"]
        repo.add_owned(db, Feedback, user_id=uid, item_kind="suggestion", item_id="s1",
                       rating=1, created_at=NOW + timedelta(hours=2))  # fmt: skip
    with transaction(sessions) as db:  # rated: not asked again
        assert thread.to_follow_up(db, user_id=uid, now=NOW + timedelta(hours=3)) is None


def test_the_api_lists_the_thread_and_the_page_shows_it(app: FastAPI) -> None:
    person: Person = sign_up(app, "talk@example.org", bearer=True)
    c, h = person.client, person.headers
    for text in ("I had a lovely walk", "امروز کمی خسته‌ام"):
        assert c.post("/api/chat", json={"text": text}, headers=h).status_code == 200
    r = c.get("/api/thread", headers=h)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [(i["role"], i["language"]) for i in items] == [
        ("person", "en"), ("hamdel", "en"), ("person", "fa"), ("hamdel", "fa"),
    ]  # fmt: skip
    assert items[0]["text"] == "I had a lovely walk" and items[1]["suggestions"] is not None
    assert c.get("/api/thread?limit=0", headers=h).status_code == 422
    older = c.get(f"/api/thread?before={items[2]['id']}", headers=h).json()
    assert [i["id"] for i in older["items"]] == [items[0]["id"], items[1]["id"]]
    other: Person = sign_up(app, "other@example.org", bearer=True)
    assert other.client.get("/api/thread", headers=other.headers).json()["items"] == []


def test_the_home_page_is_the_conversation(client) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_pages import _signed_up

    csrf = _signed_up(client, "thread@example.org")
    page = client.get("/home").text
    assert "How are you today?" in page  # a first visit is greeted and asked
    client.post("/chat", data={"text": "my exam went better than I thought", "csrf_token": csrf})
    r = client.post("/chat", data={"text": "and now I'm tired", "csrf_token": csrf})
    assert "my exam went better than I thought" in r.text  # the earlier turn stays on the page
    assert 'id="reply"' in r.text  # the current reply, in full
    assert r.text.count('class="entry person"') == 2
    page = client.get("/home").text
    assert page.count('class="entry person"') == 2 and page.count('class="entry hamdel"') == 2
    assert re.search(r"<time datetime=\"[^\"]+\">\d\d:\d\d</time>", page)  # today: the time


def test_the_first_visit_explains_and_asks_language_and_country(client) -> None:  # type: ignore[no-untyped-def]
    from hamdel.web.i18n import STRINGS
    from tests.web.test_pages import _signed_up

    csrf = _signed_up(client, "new@example.org")
    page = client.get("/home").text
    assert 'id="welcome"' in page and STRINGS["welcome_not"]["en"] in page
    assert client.post("/welcome", data={"language": "xx", "csrf_token": csrf}).status_code == 400
    r = client.post("/welcome", data={"language": "fa", "country": "IR", "csrf_token": csrf},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert '<html lang="fa" dir="rtl">' in page and 'id="welcome"' not in page
    assert client.get("/api/profile").json()["attributes"][0]["value"] == "IR"
    assert 'data-country="IR"' in page  # the footer now shows Iran's lines
