"""People rate their own messages; eSM2 is fitted from the ratings in the database (SQLite and
PostgreSQL) with consent as it is at fit time; the service picks the latest fit up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from hamdel.companion import sentiment_ratings as sr
from hamdel.companion.components import load_sentiment
from hamdel.core.errors import InputError, NotFoundError
from hamdel.core.settings import load_settings
from hamdel.doctor import check_esm2
from hamdel.perception.sentiment import Esm2Weights, SentimentScorer, feature_names
from hamdel.perception.sentiment.simulation import simulate_people
from hamdel.store import ratings as store
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Observation, SentimentRating, ThreadEntry

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
REGIONS = ("tehran",)


@pytest.fixture(scope="module")
def reader() -> Any:
    return load_sentiment()


def _user(db: Any, email: str) -> int:
    return repo.create_user(db, email=email, password_hash="x", language="en", display_name=None).id


def _said(
    db: Any, uid: int, text: str, *, kind: str = "text", role: str = "person", **details: Any
) -> int:
    obs = repo.add_owned(
        db, Observation, user_id=uid, source="text", sentiment=-1.0,
        details={"crisis": False, "crisis_outcome": "none", **details},
    )  # fmt: skip
    entry = repo.add_owned(
        db, ThreadEntry, user_id=uid, role=role, kind=kind, language="en", text=text,
        observation_id=obs.id, at=NOW,
    )  # fmt: skip
    return entry.id


def test_a_rating_keeps_the_raw_score_and_a_second_one_replaces_it(sessions, reader) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid = _user(db, "r@x.org")
        entry = _said(db, uid, "I feel terrible about my job")
    with transaction(sessions) as db:
        (offer,) = sr.offers(db, user_id=uid, reader=reader)
        assert offer.entry_id == entry and offer.text == "I feel terrible about my job"
        first = sr.rate(db, reader, user_id=uid, entry_id=entry, rating="-4", now=NOW)
    with transaction(sessions) as db:
        second = sr.rate(db, reader, user_id=uid, entry_id=entry, rating=-2, now=NOW)
        assert sr.offers(db, user_id=uid, reader=reader) == ()  # rated: not offered again
    assert not first.replaced and second.replaced
    with transaction(sessions) as db:
        (row,) = repo.list_owned(db, SentimentRating, user_id=uid)
        observation = repo.get_owned(db, Observation, user_id=uid, item_id=row.observation_id)
    assert row.rating == -2.0 and row.language == "en" and row.theme == "work_studies"
    assert row.score == pytest.approx(reader("I feel terrible about my job", "en", {}).raw)
    assert row.score != observation.sentiment  # recomputed raw, not the stored corrected score
    assert not hasattr(row, "text")


def test_crisis_and_other_entries_are_never_offered_nor_rateable(sessions, reader) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid, other = _user(db, "c@x.org"), _user(db, "o@x.org")
        ok = _said(db, uid, "I love my family")
        crisis = _said(db, uid, "I hate everything and I want to die", crisis=True,
                       crisis_outcome="crisis")  # fmt: skip
        check_in = _said(db, uid, "I am so sad and tired of it all", crisis_outcome="check_in")
        voice = _said(db, uid, "I am so happy today", kind="voice")
        reply = _said(db, uid, "That sounds lovely", role="hamdel", kind="reply")
        zero = _said(db, uid, "the bus was on time")
        theirs = _said(db, other, "I am so happy today")
    with transaction(sessions) as db:
        offered = [o.entry_id for o in sr.offers(db, user_id=uid, reader=reader, limit=10)]
        assert offered == [ok]  # newest first; the zero-score message is passed over too
        assert zero in [o.entry_id for o in sr.offers(db, user_id=uid, reader=None, limit=10)]
        for entry in (crisis, check_in, voice, reply):
            with pytest.raises(InputError, match="cannot be rated"):
                sr.rate(db, reader, user_id=uid, entry_id=entry, rating=1, now=NOW)
        with pytest.raises(NotFoundError):
            sr.rate(db, reader, user_id=uid, entry_id=theirs, rating=1, now=NOW)
        for bad in (6, -6, 1.5, "x", True):
            with pytest.raises(InputError, match="whole number"):
                sr.rate(db, reader, user_id=uid, entry_id=ok, rating=bad, now=NOW)
    with transaction(sessions) as db:
        assert store.count_ratings(db, user_id=uid) == 0


def _true() -> Esm2Weights:
    rng = np.random.default_rng(11)
    names = feature_names(REGIONS)
    return Esm2Weights(
        c=1.1,
        weights={n: float(rng.choice([-1, 1]) * rng.uniform(0.05, 0.2)) for n in names},
        regions=REGIONS,
    )


def _store_study(sessions, study: Any) -> list[int]:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uids = []
        for i, profile in enumerate(study.profiles):
            uid = _user(db, f"p{i}@x.org")
            uids.append(uid)
            for name, value in profile.items():
                repo.set_profile_attribute(db, user_id=uid, name=name, value=value, consent=True)
        for r in study.ratings:
            store.put_rating(
                db, user_id=uids[r.person], observation_id=None, score=r.score, theme=r.theme,
                language="en", rating=r.rating, at=NOW,
            )  # fmt: skip
    return uids


def test_the_fit_from_the_database_recovers_known_weights(sessions) -> None:  # type: ignore[no-untyped-def]
    true = _true()
    study = simulate_people(true, 150, 8, noise=0.02, missing=0.1, score_range=(0.5, 2.5),
                            integer=False, random_state=2)  # fmt: skip
    _store_study(sessions, study)
    # by default every region with 20 usable ratings gets a weight (people without one are
    # the reference); the simulated "Elsewhere" stands for any region without a weight here
    assert sr.gather(sessions).data.regions == ("elsewhere", "tehran")
    outcome = sr.fit_from_ratings(sessions, now=NOW, regions=REGIONS)
    fitted = outcome.weights
    assert fitted.regions == REGIONS
    assert abs(fitted.c - true.c) < 0.02
    assert np.abs(fitted.vector() - true.vector()).max() < 0.02
    assert outcome.report.n == 1200 and outcome.report.skipped == 0
    esm2 = outcome.comparison.model("esm2")
    assert esm2.cv is not None and esm2.cv.rmse < 0.1 and esm2.in_sample.rmse <= esm2.cv.rmse
    assert outcome.comparison.model("identity").in_sample.rmse > 3 * esm2.in_sample.rmse
    with transaction(sessions) as db:
        assert store.count_fits(db) == 1
        assert sr.latest_weights(db) == fitted
        info = sr.latest_fit(db)
    assert info is not None and info.n == 1200 and info.cv_rmse == pytest.approx(esm2.cv.rmse)


def test_too_few_ratings_are_refused(sessions) -> None:  # type: ignore[no-untyped-def]
    study = simulate_people(_true(), 3, 4, random_state=1)
    _store_study(sessions, study)
    with pytest.raises(InputError, match=r"only \d+ usable ratings .* at least 150 are needed"):
        sr.fit_from_ratings(sessions, now=NOW)
    # 12 ratings: below what 11 parameters and 5-fold CV need (15), whatever --min-ratings says
    with pytest.raises(InputError, match="for 11 eSM2 parameters: at least 15"):
        sr.fit_from_ratings(sessions, now=NOW, min_ratings=1)
    with transaction(sessions) as db:
        assert store.count_fits(db) == 0


def test_dry_run_stores_nothing(sessions) -> None:  # type: ignore[no-untyped-def]
    _store_study(sessions, simulate_people(_true(), 30, 5, random_state=4))
    outcome = sr.fit_from_ratings(sessions, now=NOW, dry_run=True, min_ratings=60)
    assert outcome.fit_id is None and outcome.report.n > 0
    with transaction(sessions) as db:
        assert store.count_fits(db) == 0 and sr.latest_weights(db) is None


def test_withdrawn_consent_is_missing_at_fit_time(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid = _user(db, "w@x.org")
        for name, value in (("gender", "female"), ("age_range", "18-26")):
            repo.set_profile_attribute(db, user_id=uid, name=name, value=value, consent=True)
        store.put_rating(db, user_id=uid, observation_id=None, score=2.0, theme="family",
                         language="en", rating=3.0, at=NOW)  # fmt: skip
    names = feature_names(())
    before = sr.gather(sessions, regions=()).data.indicators[0]
    assert before[names.index("gender=female")] == 1 and before[names.index("theme=family")] == 1
    with transaction(sessions) as db:
        repo.set_profile_attribute(db, user_id=uid, name="gender", value=None, consent=False)
    got = sr.gather(sessions, regions=())
    after = got.data.indicators[0]
    assert after[names.index("gender=female")] == 0 and after[names.index("gender=male")] == 0
    assert after[names.index("age_range=18-26")] == 1 and got.withdrawn == 0
    with transaction(sessions) as db:
        repo.set_profile_attribute(db, user_id=uid, name="age_range", value=None, consent=False)
    assert sr.gather(sessions, regions=()).withdrawn == 1


def test_the_service_loads_the_latest_fit_and_picks_up_a_newer_one(sessions) -> None:  # type: ignore[no-untyped-def]
    scorer = SentimentScorer.load()
    clock = [0.0]
    live = sr.LiveWeights(scorer, sessions, every=300, clock=lambda: clock[0])
    assert live.refresh() is True and scorer.weights == live.default  # no fit: identity
    assert live.refresh() is False
    profile, text = {"gender": "female"}, "I love my family"
    identity = scorer.score(text, "en", profile).corrected
    _store_study(sessions, simulate_people(_true(), 30, 6, random_state=5))
    first = sr.fit_from_ratings(sessions, now=NOW, min_ratings=60)
    assert live.poll() is False  # asked at most every 300 s
    clock[0] = 301.0
    assert live.poll() is True and live.fit_id == first.fit_id
    assert scorer.weights == first.weights
    expected = identity * first.weights.factor(profile, "family")
    assert scorer.score(text, "en", profile).corrected == pytest.approx(min(5.0, expected))
    newer = sr.fit_from_ratings(sessions, now=NOW + timedelta(days=1), folds=3, min_ratings=60)
    clock[0] = 700.0
    assert live.poll() is True and scorer.weights == newer.weights
    clock[0] = 1100.0
    assert live.poll() is False  # nothing new: one cheap query, nothing reloaded


def test_doctor_says_which_weights_are_in_use(sessions, database_url) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(database_url=database_url, environment="test")
    (check,) = check_esm2(settings)
    assert check.available and check.detail == "identity (no ratings fitted yet)"
    _store_study(sessions, simulate_people(_true(), 30, 5, random_state=6))
    outcome = sr.fit_from_ratings(sessions, now=NOW, min_ratings=60)
    (check,) = check_esm2(settings)
    cv = outcome.comparison.model("esm2").cv
    assert cv is not None
    assert check.detail == (
        f"fitted 2026-12-07 from {outcome.report.n} ratings "
        f"(RMSE {outcome.report.rmse:.2f}, CV RMSE {cv.rmse:.2f})"
    )
