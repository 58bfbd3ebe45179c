"""``hamdel sentiment calibrate --from-db``: refuses too few ratings, a dry run stores nothing,
a real run stores the fit that the doctor and a running service then use (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from hamdel.cli.sentiment import app
from hamdel.perception.sentiment import Esm2Weights
from hamdel.perception.sentiment.simulation import simulate_people
from hamdel.store import ratings as store
from hamdel.store import repositories as repo
from hamdel.store import transaction

runner = CliRunner()
NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


@pytest.fixture
def env(database_url: str, sessions, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from hamdel.core.settings import get_settings

    monkeypatch.setenv("HAMDEL_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield sessions
    get_settings.cache_clear()


def _study(sessions, people: int) -> None:  # type: ignore[no-untyped-def]
    true = Esm2Weights(c=1.2, weights={"gender=female": 0.2, "theme=family": -0.2})
    study = simulate_people(true, people, 6, noise=0.3, random_state=9)
    with transaction(sessions) as db:
        for i, profile in enumerate(study.profiles):
            uid = repo.create_user(db, email=f"u{i}@x.org", password_hash="x", language="en",
                                   display_name=None).id  # fmt: skip
            for name, value in profile.items():
                repo.set_profile_attribute(db, user_id=uid, name=name, value=value, consent=True)
            for r in (r for r in study.ratings if r.person == i):
                store.put_rating(db, user_id=uid, observation_id=None, score=r.score,
                                 theme=r.theme, language="en", rating=r.rating, at=NOW)  # fmt: skip


def test_calibrate_from_db_refuses_too_few(env) -> None:  # type: ignore[no-untyped-def]
    empty = runner.invoke(app, ["calibrate", "--from-db", "--min-ratings", "1"])
    assert empty.exit_code == 2 and "only 0 usable ratings (0 in all" in empty.output
    _study(env, 5)
    few = runner.invoke(app, ["calibrate", "--from-db"])
    assert few.exit_code == 2 and "at least 150 are needed (--min-ratings 150" in few.output
    both = runner.invoke(app, ["calibrate", "x.csv", "--from-db"])
    assert both.exit_code == 2 and "one of the two" in both.output
    with transaction(env) as db:
        assert store.count_fits(db) == 0


def test_calibrate_from_db_stores_and_reports(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _study(env, 40)
    dry = runner.invoke(app, ["calibrate", "--from-db", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    report = json.loads(dry.output)
    assert report["stored"] is False and "nothing stored" in report["service"]
    models = {m["model"]: m for m in report["comparison"]["models"]}
    assert set(models) == {"identity", "esm2", "poly2", "poly3"}
    assert models["esm2"]["cv"]["rmse"] >= models["esm2"]["in_sample"]["rmse"]
    with transaction(env) as db:
        assert store.count_fits(db) == 0
    real = runner.invoke(app, ["calibrate", "--from-db"])
    assert real.exit_code == 0, real.output
    assert "RMSE" in real.output and "poly3" in real.output and "CV RMSE" in real.output
    assert "within 5 minutes" in real.output
    with transaction(env) as db:
        fit = store.latest_fit(db)
    assert fit is not None and fit.n == report["n"] and fit.weights["fit"]["cv"]["rmse"] > 0
