"""Rating one's own messages through the API and on the Mood page (both languages)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hamdel.web.i18n import STRINGS
from tests.api.helpers import Person, sign_up


def _chat(person: Person, text: str) -> None:
    r = person.client.post("/api/chat", json={"text": text}, headers=person.headers)
    assert r.status_code == 200, r.text


def test_offered_rated_replaced_and_crisis_never_offered(alice: Person, bob: Person) -> None:
    _chat(alice, "I feel terrible about my job")
    _chat(alice, "I want to kill myself tonight")
    _chat(alice, "I love my family")
    r = alice.client.get("/api/sentiment-ratings", headers=alice.headers)
    assert r.status_code == 200, r.text
    offered = r.json()["offered"]
    assert [o["text"] for o in offered] == ["I love my family", "I feel terrible about my job"]
    assert r.json()["rated"] == 0
    entry = offered[1]["entry_id"]
    r = alice.client.post("/api/sentiment-ratings", json={"entry_id": entry, "rating": -4},
                          headers=alice.headers)  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["score"] < 0 and r.json()["theme"] == "work_studies"
    assert r.json()["replaced"] is False
    r = alice.client.post("/api/sentiment-ratings", json={"entry_id": entry, "rating": -3},
                          headers=alice.headers)  # fmt: skip
    assert r.json()["replaced"] is True and r.json()["rating"] == -3
    after = alice.client.get("/api/sentiment-ratings", headers=alice.headers).json()
    assert after["rated"] == 1 and [o["text"] for o in after["offered"]] == ["I love my family"]
    for bad in ({"entry_id": entry, "rating": 6}, {"entry_id": entry, "rating": 1, "x": 1},
                {"entry_id": entry, "rating": 1.5}):  # fmt: skip
        assert alice.client.post("/api/sentiment-ratings", json=bad,
                                 headers=alice.headers).status_code == 422  # fmt: skip
    # another person's message is "not found"; so is an unknown one
    r = bob.client.post("/api/sentiment-ratings", json={"entry_id": entry, "rating": 1},
                        headers=bob.headers)  # fmt: skip
    assert r.status_code == 404
    assert bob.client.get("/api/sentiment-ratings", headers=bob.headers).json()["offered"] == []
    assert bob.client.get("/api/sentiment-ratings").status_code == 401  # no token


def test_hamdel_replies_and_crisis_messages_cannot_be_rated(alice: Person) -> None:
    _chat(alice, "I want to kill myself tonight")
    thread = alice.client.get("/api/thread", headers=alice.headers).json()
    ids = [item["id"] for item in thread["items"]]
    assert ids
    for entry in ids:  # the crisis message and hamdel's crisis reply
        r = alice.client.post("/api/sentiment-ratings", json={"entry_id": entry, "rating": -5},
                              headers=alice.headers)  # fmt: skip
        assert r.status_code == 422 and "cannot be rated" in r.json()["detail"]


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_mood_page_offers_messages_in_both_languages(client: TestClient) -> None:
    from tests.web.test_pages import _signed_up

    csrf = _signed_up(client, "rate@example.org")
    client.post("/chat", data={"text": "I am so happy today", "csrf_token": csrf})
    client.post("/chat", data={"text": "I want to kill myself tonight", "csrf_token": csrf})
    page = client.get("/mood").text
    assert 'id="rate-messages"' in page and "I am so happy today" in page
    assert "kill myself" not in page.split('id="rate-messages"')[1]
    assert page.count('type="radio" name="rating"') == 11
    assert STRINGS["rate_question"]["en"].replace("…", "").split("?")[0] in page
    entry = re.search(r'name="entry_id" value="(\d+)"', page)
    assert entry
    r = client.post("/mood/rate-message", data={"entry_id": entry.group(1), "rating": "9",
                                                "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 400
    r = client.post("/mood/rate-message", data={"entry_id": entry.group(1), "rating": "x",
                                                "csrf_token": "wrong"})  # fmt: skip
    assert r.status_code == 403
    r = client.post("/mood/rate-message", data={"entry_id": "999999", "rating": "1",
                                                "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 404
    form = {"entry_id": entry.group(1), "rating": "۴", "csrf_token": csrf}
    r = client.post("/mood/rate-message", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/mood?rated=1")
    done = client.get("/mood?rated=1").text
    assert 'id="rate-saved"' in done and 'name="entry_id"' not in done
    client.post("/chat", data={"text": "I love my family", "csrf_token": csrf})
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    fa = client.get("/mood").text
    assert 'dir="rtl"' in fa and STRINGS["rate_title"]["fa"] in fa
    assert "−۵" in fa and "+۵" in fa and '<blockquote dir="auto"' in fa


def test_the_service_starts_with_the_latest_fit(settings) -> None:  # type: ignore[no-untyped-def]
    """The app factory passes its sessions to the components: the latest fit is used."""
    from hamdel.perception.sentiment import Esm2Weights
    from hamdel.server.app import create_app
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import ratings as store
    from hamdel.store.models import Observation, utcnow

    engine = make_engine(settings.database_url)
    upgrade(engine)
    weights = Esm2Weights(c=1.5, fit={"rmse": 0.3})
    with transaction(make_session_factory(engine)) as db:
        store.add_fit(db, fitted_at=utcnow(), n=200, weights=weights.to_dict())
    engine.dispose()
    app = create_app(settings)
    with TestClient(app):
        person = sign_up(app, "live@example.org")
        _chat(person, "I love my family")
        sessions = app.state.hamdel.sessions
        with transaction(sessions) as db:
            (row,) = db.query(Observation).all()
    assert row.sentiment == pytest.approx(min(5.0, 3.0 * 1.5))  # raw +3 for this sentence
