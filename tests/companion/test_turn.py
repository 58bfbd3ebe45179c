"""A turn, end to end: crisis first and alone; consented profile only; everything recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from hamdel.companion import Components, Signal, answer_check_in, fuse, text_turn
from hamdel.companion.components import load_crisis_check
from hamdel.companion.reply import notified_sentence
from hamdel.companion.service import Sentiment
from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ConflictError, NotFoundError
from hamdel.recommend import Recommendation, Recommended
from hamdel.safety import Sender, Smtp
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import repositories as repo
from hamdel.store.models import Alert, Contact, DeliveredMessage, Delivery, Observation, Post
from tests.api.helpers import Person, sign_up

NOW = datetime(2026, 11, 22, 20, tzinfo=UTC)


def _item(item_id: str, kind: str, text: str, **kw: Any) -> Recommended:
    return Recommended(item_id, kind, text, {"en": text}, "because", 1.0, "g", **kw)


class FakeRecommender:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, assessment, *, person, language, now, seed,  # type: ignore[no-untyped-def]
                 want="both", concern=False, sustained=False, words=None):  # fmt: skip
        self.calls.append(
            {
                "variant": person.variant,
                "want": want,
                "emotion": assessment.emotion,
                "profile": dict(person.profile),
                "recent": person.recent,
                "feedback": list(person.ratings),
                "now": now,
                "concern": concern,
                "sustained": sustained,
                "words": words,
            }
        )
        items = tuple(_item(f"s{i}", "suggestion", f"{language} suggestion {i}") for i in range(3))
        message = _item("m1", "message", "Breathe.", message_kind="calm", intensity="lower")
        return Recommendation(items, message, person.variant)


class FakeText:
    def __init__(self, emotion: str, depression_p: float = 0.1) -> None:
        self.emotion, self.depression_p = emotion, depression_p

    def __call__(self, text: str, language: str) -> Signal:
        scores = {e.value: (0.9 if e.value == self.emotion else 0.02) for e in EMOTIONS}
        return Signal(
            source="text", emotion_scores=scores, depression_p=self.depression_p, stress_p=0.2
        )


class FakeSentiment:
    def __init__(self) -> None:
        self.profiles: list[Mapping[str, Any]] = []

    def __call__(self, text: str, language: str, profile: Mapping[str, Any]) -> Sentiment:
        self.profiles.append(dict(profile))
        return Sentiment(raw=-3.0, corrected=-3.5, theme="work", intensity="intermediate")


@pytest.fixture
def sessions(tmp_path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _user(sessions, language: str = "en") -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email="u@x.org", password_hash="x", language=language, display_name="Ava"
        )
        repo.add_owned(
            db,
            Contact,
            user_id=user.id,
            name="Sam",
            channel="email",
            address="s@x.org",
            confirmed=True,
        )
        repo.set_profile_attribute(
            db, user_id=user.id, name="age_range", value="18-26", consent=True
        )
        repo.set_profile_attribute(  # the crisis lines shown are this country's only
            db, user_id=user.id, name="country", value="IR" if language == "fa" else "US",
            consent=True,
        )  # fmt: skip
        repo.set_profile_attribute(
            db, user_id=user.id, name="gender", value="female", consent=False
        )
        repo.set_profile_attribute(
            db, user_id=user.id, name="risk_habits", value=["alcohol"], consent=True
        )
        return user.id


def _turn(sessions, components: Components, uid: int, text: str, language: str | None = None,  # type: ignore[no-untyped-def]
          now: datetime = NOW):  # fmt: skip
    with transaction(sessions) as db:
        user = repo.get_user(db, user_id=uid)
        return text_turn(db, components, user=user, text=text, language=language, now=now, seed=7)


@pytest.mark.parametrize(
    ("text", "first_line"),
    [("I want to kill myself tonight", "988"), ("می‌خواهم خودم را بکشم", "۹۸۸")],
)
def test_crisis_gets_resources_and_nothing_else(sessions, text: str, first_line: str) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()
    components = Components(
        crisis=load_crisis_check(),
        text=FakeText("sadness"),
        recommend=recommender,
        sender=SENDER,
    )
    uid = _user(sessions)
    reply = _turn(sessions, components, uid, text)
    assert reply.kind == "crisis"
    assert reply.crisis is not None and first_line in reply.crisis.lines[0].contact
    # the person's country (US in their profile), not a guess from the message's language
    assert {line.country for line in reply.crisis.lines} == {"US"}
    assert reply.suggestions == () and reply.message is None
    assert recommender.calls == []  # the recommender was never asked
    with transaction(sessions) as db:
        (obs,) = repo.list_owned(db, Observation, user_id=uid)
        assert obs.details["crisis"] is True and obs.details["evidence"]
        alerts = repo.list_owned(db, Alert, user_id=uid)
        assert [(a.reason, a.status) for a in alerts] == [("crisis", "pending")]
        assert repo.list_owned(db, DeliveredMessage, user_id=uid) == []
    assert (
        reply.notified.queued == 1
        and notified_sentence(reply.notified, reply.language) in reply.text
    )


def test_idiom_gets_support_not_crisis(sessions) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()
    components = Components(
        crisis=load_crisis_check(), text=FakeText("anger"), recommend=recommender
    )
    uid = _user(sessions)
    reply = _turn(sessions, components, uid, "this traffic is killing me")
    assert reply.kind == "support" and reply.crisis is None
    assert reply.assessment.emotion == "anger" and len(reply.suggestions) == 3
    assert reply.text and "therapist" in reply.disclaimer


def test_only_consented_esm2_attributes_reach_the_sentiment_model(sessions) -> None:  # type: ignore[no-untyped-def]
    sentiment = FakeSentiment()
    recommender = FakeRecommender()
    components = Components(crisis=load_crisis_check(), sentiment=sentiment, recommend=recommender)
    uid = _user(sessions)
    reply = _turn(sessions, components, uid, "work was awful today")
    assert sentiment.profiles == [{"age_range": "18-26"}]  # gender refused, risk habits not eSM2
    assert recommender.calls[0]["profile"] == {
        "age_range": "18-26",
        "risk_habits": ["alcohol"],
        "country": "US",
    }
    assert reply.assessment.intensity == "intermediate" and reply.assessment.sentiment == -3.5


def test_turn_records_post_observation_and_deliveries(sessions) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()
    components = Components(
        crisis=load_crisis_check(), text=FakeText("sadness"), recommend=recommender
    )
    uid = _user(sessions)
    _turn(sessions, components, uid, "I feel low", language="en")
    with transaction(sessions) as db:
        assert [p.text for p in repo.list_owned(db, Post, user_id=uid)] == ["I feel low"]
        assert repo.list_owned(db, Observation, user_id=uid)[0].emotion == "sadness"
        delivered = {d.item_id for d in repo.list_owned(db, DeliveredMessage, user_id=uid)}
        assert delivered == {"s0", "s1", "s2", "m1"}
    _turn(sessions, components, uid, "still low", language="en")
    assert {i for i, _ in recommender.calls[1]["recent"]} == {"s0", "s1", "s2", "m1"}


def _low_mood() -> tuple[None, Components]:
    """Components whose text reading always says depression 0.95, and the e-mail they use."""
    channel = None
    text = FakeText("sadness", depression_p=0.95)
    return channel, Components(crisis=load_crisis_check(), text=text, sender=SENDER)


def test_sustained_high_depression_alerts_confirmed_contacts(sessions) -> None:  # type: ignore[no-untyped-def]
    """One message at the threshold only logs that hamdel waited; the same on a second day
    within the week warns the confirmed contact."""
    _, components = _low_mood()
    uid = _user(sessions)
    _turn(sessions, components, uid, "nothing matters much lately")
    _turn(sessions, components, uid, "still nothing", now=NOW + timedelta(hours=3))
    assert _queued(sessions, uid) == []
    with transaction(sessions) as db:
        held = repo.list_owned(db, Alert, user_id=uid)
        assert [a.status for a in held] == ["suppressed", "suppressed"]
        assert all("not sustained yet" in (a.detail or "") for a in held)
    _turn(sessions, components, uid, "another empty day", now=NOW + timedelta(days=1))
    assert _queued(sessions, uid) == ["s@x.org"]


def test_one_low_message_a_week_apart_never_alerts(sessions) -> None:  # type: ignore[no-untyped-def]
    _, components = _low_mood()
    uid = _user(sessions)
    _turn(sessions, components, uid, "bad day")
    _turn(sessions, components, uid, "bad day again", now=NOW + timedelta(days=8))
    assert _queued(sessions, uid) == []


def test_reply_follows_the_language_written_in(sessions) -> None:  # type: ignore[no-untyped-def]
    components = Components(crisis=load_crisis_check())
    uid = _user(sessions, language="en")
    assert _turn(sessions, components, uid, "امروز روز خوبی بود").language == "fa"
    assert _turn(sessions, components, uid, "today was fine").language == "en"


SENDER = Sender(smtp=Smtp("127.0.0.1", 25, "hamdel@localhost"))
"""E-mail is set up: alerts go to the outbox (delivery has its own tests)."""


def _queued(sessions, uid: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The addresses the outbox holds alerts for (queued in the turn, sent after commit)."""
    with transaction(sessions) as db:
        rows = repo.list_owned(db, Delivery, user_id=uid)
        return [repo.get_owned(db, Contact, user_id=uid, item_id=d.contact_id).address
                for d in rows if d.purpose == "alert"]  # fmt: skip


@given(
    st.lists(
        st.dictionaries(st.sampled_from([e.value for e in EMOTIONS]), st.floats(0, 1), min_size=1),
        min_size=0,
        max_size=3,
    ),
    st.booleans(),
)
def test_fusion_is_a_distribution_and_crisis_is_sticky(dists, crisis) -> None:  # type: ignore[no-untyped-def]
    signals = [
        Signal(source="text" if i % 2 == 0 else "voice", emotion_scores=d)
        for i, d in enumerate(dists)
    ]
    signals.append(Signal(source="heart", crisis=crisis))
    a = fuse(signals)
    assert a.crisis is crisis
    assert a.emotion in {e.value for e in EMOTIONS}
    assert a.emotion_scores[a.emotion] == max(a.emotion_scores.values())
    assert a.negative is (a.emotion in {"anger", "fear", "sadness"})


def test_chat_api_end_to_end(app: FastAPI) -> None:
    person: Person = sign_up(app, "chat@example.org", bearer=True)
    c, h = person.client, person.headers
    r = c.post("/api/chat", json={"text": "I want to end my life"}, headers=h)
    assert r.status_code == 200 and r.json()["kind"] == "crisis"
    unknown = r.json()["crisis"]  # no country yet: asked to choose, never another country's lines
    assert unknown["needs_country"] and unknown["lines"] == [] and unknown["international"]
    put = c.put("/api/profile/country", json={"consent": True, "value": "US"}, headers=h)
    assert put.status_code == 200, put.text
    r = c.post("/api/chat", json={"text": "I want to end my life"}, headers=h)
    lines = r.json()["crisis"]["lines"]
    assert lines and {line["country"] for line in lines} == {"US"}
    assert lines[0]["tel"] == "tel:988"
    r = c.post("/api/chat", json={"text": "I had a lovely walk"}, headers=h)
    assert r.json()["kind"] == "support" and r.json()["crisis"] is None
    assert c.post("/api/chat", json={"text": "   "}, headers=h).status_code == 422
    assert len(c.get("/api/observations", headers=h).json()) == 3


def _uncertain(text: str) -> Signal:
    """A crisis check that is unsure of every message."""
    return Signal(source="text", check_in=True, reasons=("test: uncertain",), language="en")


def _asking() -> tuple[None, FakeRecommender, Components]:
    channel, recommender = None, FakeRecommender()
    components = Components(
        crisis=_uncertain, text=FakeText("sadness"), recommend=recommender,
        sender=SENDER,
    )  # fmt: skip
    return channel, recommender, components


def _answer(sessions, components: Components, uid: int, check_in_id: int, yes: bool):  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        user = repo.get_user(db, user_id=uid)
        return answer_check_in(db, components, user=user, check_in_id=check_in_id, yes=yes, now=NOW)


def test_check_in_is_the_normal_reply_plus_a_question_and_warns_nobody(sessions) -> None:  # type: ignore[no-untyped-def]
    _, recommender, components = _asking()
    uid = _user(sessions)
    reply = _turn(sessions, components, uid, "everything feels pointless lately")
    assert reply.kind == "support" and len(reply.suggestions) == 3 and recommender.calls
    assert reply.check_in is not None and "ending your life" in reply.check_in.question
    assert reply.crisis is not None and reply.crisis.lines  # the lines stay in view
    assert reply.check_in.question in reply.spoken_text()
    with transaction(sessions) as db:
        (obs,) = repo.list_owned(db, Observation, user_id=uid)
        assert obs.id == reply.check_in.id
        assert obs.details["crisis"] is False and obs.details["crisis_outcome"] == "check_in"
        assert obs.details["check_in"] == {"answer": None}
        assert obs.details["reasons"] == ["test: uncertain"]
        assert repo.list_owned(db, Alert, user_id=uid) == []
    assert _queued(sessions, uid) == []
    # the suggestions of this turn and of the next days avoid what a concern calls for
    assert recommender.calls[-1]["concern"] is True


def test_the_turn_reads_and_chooses_first_and_writes_after(sessions) -> None:  # type: ignore[no-untyped-def]
    """The recommender (the turn's heaviest step after the models) runs before anything of the
    turn is written, so no write transaction is held open while it works."""
    recommender = FakeRecommender()
    uid = _user(sessions)
    seen: list[tuple[int, int, int]] = []
    with transaction(sessions) as db:

        def recommend(*args: Any, **kwargs: Any) -> Any:
            pending = len(db.new) + len(db.dirty)
            posts = len(repo.list_owned(db, Post, user_id=uid))
            seen.append((pending, posts, len(repo.list_owned(db, Observation, user_id=uid))))
            return recommender(*args, **kwargs)

        components = Components(
            crisis=load_crisis_check(), text=FakeText("sadness"), recommend=recommend
        )
        user = repo.get_user(db, user_id=uid)
        reply = text_turn(db, components, user=user, text="a long day", language="en", now=NOW,
                          seed=7)  # fmt: skip
    assert seen == [(0, 0, 0)] and len(reply.suggestions) == 3
    with transaction(sessions) as db:
        assert len(repo.list_owned(db, Post, user_id=uid)) == 1
        assert len(repo.list_owned(db, Observation, user_id=uid)) == 1
        assert len(repo.list_owned(db, DeliveredMessage, user_id=uid)) == 4


def test_low_mood_for_days_asks_for_professional_help_and_a_concern_lasts(sessions) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()
    components = Components(
        crisis=load_crisis_check(), text=FakeText("sadness", depression_p=0.95),
        recommend=recommender,
    )  # fmt: skip
    uid = _user(sessions)
    _turn(sessions, components, uid, "tired of everything")
    assert recommender.calls[-1]["sustained"] is False  # one day is not "lasting"
    assert recommender.calls[-1]["words"] == "tired of everything"  # situations named in them
    _turn(sessions, components, uid, "still tired", now=NOW + timedelta(days=1))
    assert recommender.calls[-1]["sustained"] is True
    assert recommender.calls[-1]["concern"] is False
    _, _, asking = _asking()
    asking.recommend = recommender
    _turn(sessions, asking, uid, "everything feels pointless", now=NOW + timedelta(days=2))
    plain = Components(crisis=load_crisis_check(), text=FakeText("neutral"), recommend=recommender)
    _turn(sessions, plain, uid, "ok day", now=NOW + timedelta(days=3))
    assert recommender.calls[-1]["concern"] is True  # a check-in one day ago
    _turn(sessions, plain, uid, "ok day", now=NOW + timedelta(days=6))
    assert recommender.calls[-1]["concern"] is False


def test_no_is_recorded_once_and_the_conversation_goes_on(sessions) -> None:  # type: ignore[no-untyped-def]
    _, _, components = _asking()
    uid = _user(sessions)
    asked = _turn(sessions, components, uid, "everything feels pointless lately").check_in
    assert asked is not None
    reply = _answer(sessions, components, uid, asked.id, yes=False)
    assert reply.kind == "support" and reply.text.startswith("Thank you for telling me")
    with pytest.raises(ConflictError):
        _answer(sessions, components, uid, asked.id, yes=True)
    with transaction(sessions) as db:
        obs = repo.get_owned(db, Observation, user_id=uid, item_id=asked.id)
        assert obs is not None and obs.details["check_in"]["answer"] == "no"
        assert obs.details["crisis"] is False
        assert repo.list_owned(db, Alert, user_id=uid) == []
    assert _queued(sessions, uid) == []


def test_yes_is_the_crisis_path_and_says_who_was_told(sessions) -> None:  # type: ignore[no-untyped-def]
    _, _, components = _asking()
    uid = _user(sessions, language="fa")
    asked = _turn(sessions, components, uid, "همه‌چیز بی‌معنی شده", language="fa").check_in
    assert asked is not None and asked.language == "fa"
    reply = _answer(sessions, components, uid, asked.id, yes=True)
    assert reply.kind == "crisis" and reply.suggestions == ()
    assert reply.notified.queued == 1 and "خبر دادم" in reply.text
    assert _queued(sessions, uid) == ["s@x.org"]
    with transaction(sessions) as db:
        obs = repo.get_owned(db, Observation, user_id=uid, item_id=asked.id)
        assert obs is not None and obs.details["crisis"] is True  # scheduled messages pause
        assert obs.details["check_in"]["answer"] == "yes"
        alerts = repo.list_owned(db, Alert, user_id=uid)
        assert [(a.reason, a.status) for a in alerts] == [("crisis", "pending")]


def test_a_check_in_is_answered_only_by_its_owner(sessions) -> None:  # type: ignore[no-untyped-def]
    _, _, components = _asking()
    uid = _user(sessions)
    asked = _turn(sessions, components, uid, "everything feels pointless lately").check_in
    assert asked is not None
    with transaction(sessions) as db:
        other = repo.create_user(
            db, email="o@x.org", password_hash="x", language="en", display_name=None
        )
        other_id = other.id
    with pytest.raises(NotFoundError):
        _answer(sessions, components, other_id, asked.id, yes=True)
    with pytest.raises(NotFoundError):
        _answer(sessions, components, uid, asked.id + 100, yes=False)


def test_check_in_api_end_to_end(app: FastAPI) -> None:
    app.state.hamdel.components.crisis = _uncertain
    person: Person = sign_up(app, "ask@example.org", bearer=True)
    c, h = person.client, person.headers
    r = c.post("/api/chat", json={"text": "I feel a bit lost"}, headers=h)
    body = r.json()
    assert r.status_code == 200 and body["kind"] == "support"
    assert body["check_in"]["answers"] == {"yes": "Yes", "no": "No"}
    help_in_view = body["crisis"]  # no country known: the choice and the international directory
    assert help_in_view["needs_country"] and help_in_view["international"]["url"]
    url = f"/api/check-ins/{body['check_in']['id']}"
    assert c.post(url, json={"answer": "maybe"}, headers=h).status_code == 422
    r = c.post(url, json={"answer": "no"}, headers=h)
    assert r.status_code == 200 and r.json()["kind"] == "support"
    assert c.post(url, json={"answer": "yes"}, headers=h).status_code == 409
    assert c.post("/api/check-ins/999999", json={"answer": "yes"}, headers=h).status_code == 404


def test_after_a_no_the_same_doubt_is_not_asked_again_but_crisis_words_are(sessions) -> None:  # type: ignore[no-untyped-def]
    _, _, components = _asking()  # every message: a head-only check-in
    uid = _user(sessions)
    first = _turn(sessions, components, uid, "everything feels pointless lately").check_in
    assert first is not None
    _answer(sessions, components, uid, first.id, yes=False)
    again = _turn(sessions, components, uid, "still feel a bit off", now=NOW + timedelta(hours=2))
    assert again.check_in is None and again.kind == "support" and len(again.suggestions) == 3
    with transaction(sessions) as db:
        latest = repo.list_owned(db, Observation, user_id=uid)[0]
        assert latest.details["crisis_outcome"] == "check_in"  # recorded, not asked
        assert "answered no" in latest.details["check_in_not_asked"]

    def worded(text: str) -> Signal:
        return Signal(
            source="text", check_in=True, evidence=("crisis:lexicon:en.cant_go_on",),
            language="en",
        )  # fmt: skip

    components.crisis = worded
    asked = _turn(sessions, components, uid, "i cant go on", now=NOW + timedelta(hours=3))
    assert asked.check_in is not None  # crisis wording asks again
    components.crisis = _uncertain
    later = _turn(sessions, components, uid, "meh", now=NOW + timedelta(hours=30))
    assert later.check_in is not None  # a day after the "no", the same doubt is asked again


def test_neutral_words_do_not_drown_a_sad_voice_nor_a_flat_voice_sad_words() -> None:
    flat = {"neutral": 0.8, "sadness": 0.1, "happiness": 0.1}
    sad = {"sadness": 0.6, "neutral": 0.2, "fear": 0.2}
    voice_sad = fuse([Signal(source="voice", emotion_scores=sad),
                      Signal(source="text", emotion_scores=flat)])  # fmt: skip
    words_sad = fuse([Signal(source="voice", emotion_scores=flat),
                      Signal(source="text", emotion_scores=sad)])  # fmt: skip
    assert voice_sad.emotion == "sadness" and words_sad.emotion == "sadness"
    assert abs(sum(voice_sad.emotion_scores.values()) - 1) < 1e-3
    both_flat = fuse([Signal(source="voice", emotion_scores=flat),
                      Signal(source="text", emotion_scores=flat)])  # fmt: skip
    assert both_flat.emotion == "neutral"
