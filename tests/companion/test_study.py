"""The recommender study: balanced assignment (concurrent joins too, SQLite and PostgreSQL), the
participant's variant reaching the recommender in turns and scheduled messages, ratings (5-point,
thumbs, replacement) and the survey's rules."""

from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest

from hamdel.companion import study, text_turn
from hamdel.companion.components import load_crisis_check
from hamdel.companion.monitor import check_person
from hamdel.companion.service import Components
from hamdel.core.errors import InputError, NotFoundError
from hamdel.recommend import VARIANTS
from hamdel.store import repositories as repo
from hamdel.store import study as store
from hamdel.store import transaction
from hamdel.store.models import Feedback, Observation, ThreadEntry
from tests.companion.test_turn import NOW, FakeRecommender, FakeText


def _people(sessions: Any, n: int, prefix: str = "p") -> list[int]:
    ids = []
    with transaction(sessions) as db:
        for k in range(n):
            user = repo.create_user(
                db, email=f"{prefix}{k}@x.org", password_hash="x", language="en", display_name=None
            )
            ids.append(user.id)
    return ids


def test_the_arms_are_the_engines_variants() -> None:
    assert tuple(VARIANTS) == study.ARMS and VARIANTS[0] == study.PRODUCT_VARIANT


def test_choose_arm_takes_the_fewest_and_breaks_ties_at_random() -> None:
    counts = {"sentiment+ontology": 2, "sentiment": 1, "ontology": 1, "neither": 2}
    picks = {study.choose_arm(counts, random.Random(s)) for s in range(50)}
    assert picks == {"sentiment", "ontology"}
    assert study.choose_arm({}, random.Random(0)) in study.ARMS


def test_joins_are_balanced_recorded_and_leaving_restores_the_product(sessions) -> None:  # type: ignore[no-untyped-def]
    people = _people(sessions, 10)
    rng = random.Random(4)
    for user_id in people:
        with transaction(sessions) as db:
            joined = study.join(db, user_id=user_id, now=NOW, rng=rng)
            assert joined.assigned_at == NOW
    with transaction(sessions) as db:
        counts = store.arm_counts(db)
        assert sorted(counts.values()) == [2, 2, 3, 3] and set(counts) == set(study.ARMS)
        again = study.join(db, user_id=people[0], now=NOW + timedelta(days=1))
        assert again == study.participation(db, user_id=people[0])  # joining twice keeps it
        assert again.assigned_at == NOW
        first = again.variant
    with transaction(sessions) as db:
        assert study.variant_for(db, user_id=people[0]) == first
        assert study.leave(db, user_id=people[0]) is True
        assert study.leave(db, user_id=people[0]) is False
        assert study.variant_for(db, user_id=people[0]) == study.PRODUCT_VARIANT
        assert study.participation(db, user_id=people[0]) is None
        with pytest.raises(NotFoundError):
            study.join(db, user_id=10**9, now=NOW)


def test_concurrent_joins_stay_balanced(sessions) -> None:  # type: ignore[no-untyped-def]
    people = _people(sessions, 16, "c")
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(chunk: list[int]) -> None:
        try:
            barrier.wait()
            for user_id in chunk:
                for attempt in range(20):  # SQLite may answer "busy" past its timeout
                    try:
                        with transaction(sessions) as db:
                            study.join(db, user_id=user_id, now=NOW)
                        break
                    except Exception as exc:
                        if "locked" not in str(exc).lower() or attempt == 19:
                            raise
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(people[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with transaction(sessions) as db:
        counts = store.arm_counts(db)
    assert counts == {arm: 4 for arm in study.ARMS}  # 16 people, 4 arms: exactly even


def test_a_participants_variant_reaches_the_recommender_and_the_thread(sessions) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()
    components = Components(
        crisis=load_crisis_check(), text=FakeText("sadness"), recommend=recommender
    )
    inside, outside = _people(sessions, 2, "t")
    with transaction(sessions) as db:
        store.add_participant(db, user_id=inside, variant="ontology", assigned_at=NOW)
    for user_id in (inside, outside):
        with transaction(sessions) as db:
            user = repo.get_user(db, user_id=user_id)
            reply = text_turn(
                db, components, user=user, text="I feel low today", language="en",
                now=NOW + timedelta(minutes=1), seed=1,
            )  # fmt: skip
            assert reply.variant == ("ontology" if user_id == inside else "sentiment+ontology")
    assert [c["variant"] for c in recommender.calls] == ["ontology", "sentiment+ontology"]
    with transaction(sessions) as db:
        (entry,) = [
            e for e in repo.list_owned(db, ThreadEntry, user_id=inside) if e.role == "hamdel"
        ]
        assert entry.details["variant"] == "ontology"
        # a rating of an item of that reply is counted under the variant that chose it, even
        # after the person left the study
        study.leave(db, user_id=inside)
        rated = study.rate(
            db, user_id=inside, item_kind="suggestion", item_id="s1", satisfaction=5,
            now=NOW + timedelta(minutes=2),
        )  # fmt: skip
        assert rated.variant == "ontology"


def test_scheduled_messages_use_the_participants_variant(sessions) -> None:  # type: ignore[no-untyped-def]
    recommender = FakeRecommender()  # its message is a calm one
    (user_id,) = _people(sessions, 1, "m")
    with transaction(sessions) as db:
        repo.set_profile_attribute(
            db, user_id=user_id, name="message_periods", value=["evening"], consent=True
        )
        store.add_participant(db, user_id=user_id, variant="neither", assigned_at=NOW)
        repo.add_owned(db, Observation, user_id=user_id, source="text", emotion="sadness",
                       observed_at=NOW - timedelta(hours=1), details={})  # fmt: skip
    with transaction(sessions) as db:
        user = repo.lock_user(db, user_id=user_id)
        outcome = check_person(db, recommender, user=user, now=NOW, seed=3)
    assert outcome.reason == "delivered"
    assert (
        recommender.calls[-1]["variant"] == "neither" and recommender.calls[-1]["want"] == "message"
    )
    with transaction(sessions) as db:
        (entry,) = repo.list_owned(db, ThreadEntry, user_id=user_id)
        assert entry.kind == "message" and entry.details["variant"] == "neither"


def test_ratings_replace_and_thumbs_are_the_fast_path(sessions) -> None:  # type: ignore[no-untyped-def]
    (user_id,) = _people(sessions, 1, "r")
    with transaction(sessions) as db:
        first = study.rate(db, user_id=user_id, item_kind="message", item_id="m1",
                           satisfaction=2, now=NOW)  # fmt: skip
        again = study.rate(db, user_id=user_id, item_kind="message", item_id="m1",
                           satisfaction=5, now=NOW + timedelta(seconds=5))  # fmt: skip
        assert again.id == first.id and (again.rating, again.satisfaction) == (1, 5)
        assert again.variant == study.PRODUCT_VARIANT
        thumb = study.rate(db, user_id=user_id, item_kind="message", item_id="m1", thumb=-1,
                           now=NOW + timedelta(seconds=9))  # fmt: skip
        assert thumb.id == first.id and (thumb.rating, thumb.satisfaction) == (-1, None)
        neutral = study.rate(db, user_id=user_id, item_kind="suggestion", item_id="s9",
                             satisfaction=3, now=NOW)  # fmt: skip
        assert neutral.rating == 0
        rows = repo.list_owned(db, Feedback, user_id=user_id)
        assert len(rows) == 2
        assert store.latest_ratings(db, user_id=user_id)["m1"] == store.ItemRating(None, -1)
        for bad in (
            {"satisfaction": 6},
            {"satisfaction": 0},
            {"thumb": 2},
            {},
            {"satisfaction": 4, "thumb": 1},
        ):
            with pytest.raises(InputError):
                study.rate(db, user_id=user_id, item_kind="message", item_id="m1", now=NOW, **bad)
        with pytest.raises(InputError):
            study.rate(db, user_id=user_id, item_kind="post", item_id="m1", now=NOW, thumb=1)


def test_a_new_delivery_of_the_same_item_gets_its_own_rating(sessions) -> None:  # type: ignore[no-untyped-def]
    from hamdel.store.models import DeliveredMessage

    (user_id,) = _people(sessions, 1, "d")
    with transaction(sessions) as db:
        for at in (NOW, NOW + timedelta(days=8)):
            repo.add_owned(db, DeliveredMessage, user_id=user_id, kind="suggestion",
                           item_id="s1", language="en", text="x", delivered_at=at)  # fmt: skip
            study.rate(db, user_id=user_id, item_kind="suggestion", item_id="s1",
                       satisfaction=4, now=at + timedelta(minutes=1))  # fmt: skip
        assert len(repo.list_owned(db, Feedback, user_id=user_id)) == 2


def test_the_survey_is_due_after_five_ratings_at_most_every_fourteen_days(sessions) -> None:  # type: ignore[no-untyped-def]
    (user_id,) = _people(sessions, 1, "s")
    with transaction(sessions) as db:
        for k in range(5):
            study.rate(db, user_id=user_id, item_kind="suggestion", item_id=f"s{k}",
                       satisfaction=4, now=NOW - timedelta(days=1))  # fmt: skip
        assert not study.survey_due(db, user_id=user_id, now=NOW)  # not taking part
        store.add_participant(db, user_id=user_id, variant="sentiment", assigned_at=NOW)
        for k in range(4):
            study.rate(db, user_id=user_id, item_kind="suggestion", item_id=f"t{k}",
                       satisfaction=3, now=NOW + timedelta(hours=1))  # fmt: skip
        later = NOW + timedelta(hours=2)
        assert not study.survey_due(db, user_id=user_id, now=later)  # 4 since joining
        study.rate(db, user_id=user_id, item_kind="message", item_id="m", thumb=1, now=later)
        assert study.survey_due(db, user_id=user_id, now=later)
        study.dismiss_survey(db, user_id=user_id, language="fa", now=later)
        assert not study.survey_due(db, user_id=user_id, now=later + timedelta(days=13))
        assert study.survey_due(db, user_id=user_id, now=later + timedelta(days=14))
        with pytest.raises(InputError):
            study.answer_survey(db, user_id=user_id, answers={"easy": 6}, language="en", now=later)
        with pytest.raises(InputError):
            study.answer_survey(db, user_id=user_id, answers={"why": 3}, language="en", now=later)
        with pytest.raises(InputError):
            study.answer_survey(db, user_id=user_id, answers={}, language="en", now=later)
        moment = later + timedelta(days=15)
        study.answer_survey(db, user_id=user_id, answers={"overall": 4, "easy": 5},
                            language="fa", now=moment)  # fmt: skip
        assert not study.survey_due(db, user_id=user_id, now=moment + timedelta(days=1))
        (survey,) = [s for s in store.study_surveys(db) if "dismissed" not in s.answers]
        assert survey.arm == "sentiment" and survey.answers == {"easy": 5, "overall": 4}
        study.leave(db, user_id=user_id)
        with pytest.raises(NotFoundError):
            study.answer_survey(db, user_id=user_id, answers={"easy": 3}, language="en", now=moment)


def test_the_bandit_reads_a_neutral_rating_as_half_of_each() -> None:
    from hamdel.recommend.feedback import FeedbackState

    state = FeedbackState().rate("a", "g", 0).rate("a", "g", 1)
    assert state.items["a"] == (1.5, 0.5) and state.groups["g"] == (1.5, 0.5)
    assert FeedbackState.from_dict(state.to_dict()) == state
    with pytest.raises(InputError):
        FeedbackState().rate("a", None, 2)


def test_study_rows_count_participants_since_joining(sessions) -> None:  # type: ignore[no-untyped-def]
    a, b = _people(sessions, 2, "q")
    with transaction(sessions) as db:
        study.rate(db, user_id=a, item_kind="suggestion", item_id="old", satisfaction=1,
                   now=NOW - timedelta(hours=1))  # fmt: skip
        store.add_participant(db, user_id=a, variant="neither", assigned_at=NOW)
        study.rate(db, user_id=a, item_kind="suggestion", item_id="new", satisfaction=5,
                   now=NOW + timedelta(hours=1))  # fmt: skip
        study.rate(db, user_id=b, item_kind="suggestion", item_id="x", satisfaction=5, now=NOW)
        rows = store.study_ratings(db)
    assert [(r.user_id, r.arm, r.variant, r.satisfaction) for r in rows] == [
        (a, "neither", "neither", 5)
    ]
    assert Counter(r.arm for r in rows) == {"neither": 1}
    assert isinstance(rows[0].at, datetime) and rows[0].at.tzinfo is not None
