"""Scheduled messages: only at the chosen times, spread out, fitting the latest observation,
never after a crisis; the service's thread and the CLI run the same tick."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.companion.components import load_recommender
from hamdel.companion.monitor import MonitorThread, min_gap, run_monitor
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import repositories as repo
from hamdel.store.models import DeliveredMessage, Observation

TEHRAN_EVENING = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 18:30 in Tehran


@pytest.fixture(scope="module")
def recommend():  # type: ignore[no-untyped-def]
    return load_recommender(None)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def _person(sessions, email: str, profile: dict, language: str = "en") -> int:  # type: ignore[no-untyped-def, type-arg]
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email=email, password_hash="x", language=language, display_name=None
        )
        for name, value in profile.items():
            repo.set_profile_attribute(db, user_id=user.id, name=name, value=value, consent=True)
        return user.id


def _observe(sessions, user_id: int, emotion: str, at: datetime, crisis: bool = False) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        repo.add_owned(
            db, Observation, user_id=user_id, source="text", observed_at=at, emotion=emotion,
            emotion_scores={emotion: 0.9}, details={"crisis": crisis, "intensity": "extreme"},
        )  # fmt: skip


def _messages(sessions, user_id: int) -> list[DeliveredMessage]:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        rows = repo.list_owned(db, DeliveredMessage, user_id=user_id)
        db.expunge_all()
        return rows


def test_only_people_who_chose_times_get_messages_at_those_local_times(
    db_url: str,
    recommend,  # type: ignore[no-untyped-def]
) -> None:
    sessions = make_session_factory(make_engine(db_url))
    evening = {"message_periods": ["evening"], "timezone": "Asia/Tehran"}
    chose = _person(sessions, "a@x.org", evening, language="fa")
    silent = _person(sessions, "b@x.org", {})
    utc_evening = _person(sessions, "c@x.org", {"message_periods": ["evening"]})
    report = run_monitor(sessions, recommend, now=TEHRAN_EVENING, seed=0)
    by_user = {o.user_id: o for o in report.outcomes}
    assert report.checked == 3 and report.delivered == 1
    assert by_user[chose].delivered is not None
    assert by_user[silent].reason == "no times of day chosen"
    assert by_user[utc_evening].delivered is None  # 15:00 in UTC is the afternoon
    (message,) = _messages(sessions, chose)
    assert message.language == "fa" and message.kind in ("happy", "motivational")  # nothing posted
    later = run_monitor(sessions, recommend, now=TEHRAN_EVENING + timedelta(minutes=15), seed=1)
    assert {o.user_id: o for o in later.outcomes}[chose].reason == "too soon after the last message"


def test_message_fits_the_latest_observation_and_crisis_stops_cheer(
    db_url: str,
    recommend,  # type: ignore[no-untyped-def]
) -> None:
    sessions = make_session_factory(make_engine(db_url))
    profile = {"message_periods": ["afternoon"], "messages_per_day": 3}
    sad = _person(sessions, "sad@x.org", profile)
    _observe(sessions, sad, "sadness", TEHRAN_EVENING - timedelta(hours=2))
    in_crisis = _person(sessions, "crisis@x.org", profile)
    _observe(sessions, in_crisis, "sadness", TEHRAN_EVENING - timedelta(hours=3), crisis=True)
    report = run_monitor(sessions, recommend, now=TEHRAN_EVENING, seed=0)
    by_user = {o.user_id: o for o in report.outcomes}
    (message,) = _messages(sessions, sad)
    assert message.kind in ("calm", "relaxing", "motivational") and message.intensity == "extreme"
    assert by_user[in_crisis].delivered is None and "crisis" in by_user[in_crisis].reason
    assert _messages(sessions, in_crisis) == []


def test_daily_messages_are_spread_over_the_chosen_hours() -> None:
    assert min_gap(["evening"], 2) == timedelta(hours=2)
    assert min_gap(["morning", "night"], 3) == timedelta(hours=5)


def test_the_thread_ticks_until_stopped() -> None:
    ticks = threading.Semaphore(0)
    thread = MonitorThread(0.01, ticks.release).start()
    assert ticks.acquire(timeout=5) and ticks.acquire(timeout=5)
    thread.stop()
    assert not thread._thread.is_alive()


def test_cli_runs_one_tick(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from hamdel.cli import app
    from hamdel.core.settings import get_settings

    sessions = make_session_factory(make_engine(db_url))
    _person(sessions, "cli@x.org", {"message_periods": ["afternoon"]})
    monkeypatch.setenv("HAMDEL_DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(
            app, ["monitor", "run", "--now", TEHRAN_EVENING.isoformat(), "--json"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["delivered"] == 1
        bad = runner.invoke(app, ["monitor", "run", "--now", "2026-11-22T15:00"])
        assert bad.exit_code == 2 and "time zone" in bad.output
    finally:
        get_settings.cache_clear()
