"""Background work happens once, whoever else runs at the same time: concurrent monitor ticks
deliver each due message once, concurrent post readers record each post once, and concurrent
crisis turns of one person send one alert per contact (the cooldown sees the other's).
SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from hamdel.companion import Components, Signal
from hamdel.companion.components import load_recommender
from hamdel.companion.monitor import run_monitor
from hamdel.companion.posts import analyze_pending_posts
from hamdel.core.emotions import EMOTIONS
from hamdel.safety import AlertPolicy, Sender, Smtp
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Alert, Contact, DeliveredMessage, Delivery, Observation, Post

EVENING = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 18:30 in Tehran


def _together(n: int, work: Any) -> list[BaseException]:
    """Run ``work`` in ``n`` threads released at the same moment; the errors they raised."""
    start, errors = threading.Barrier(n), []

    def run() -> None:
        start.wait()
        try:
            work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def _people(sessions, n: int, profile: dict[str, Any]) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    with transaction(sessions) as db:
        for i in range(n):
            user = repo.create_user(
                db, email=f"p{i}@x.org", password_hash="x", language="en", display_name=None
            )
            for name, value in profile.items():
                repo.set_profile_attribute(
                    db, user_id=user.id, name=name, value=value, consent=True
                )
            ids.append(user.id)
    return ids


def test_concurrent_ticks_deliver_each_message_once(sessions) -> None:  # type: ignore[no-untyped-def]
    recommend = load_recommender(None)
    profile = {"message_periods": ["evening"], "timezone": "Asia/Tehran"}
    ids = _people(sessions, 12, profile)
    errors = _together(3, lambda: run_monitor(sessions, recommend, now=EVENING, seed=1))
    assert errors == []
    with transaction(sessions) as db:
        for uid in ids:
            assert len(repo.list_owned(db, DeliveredMessage, user_id=uid)) == 1


class _Reader:
    def __call__(self, text: str, language: str) -> Signal:
        scores = {e.value: (0.9 if e.value == "neutral" else 0.02) for e in EMOTIONS}
        return Signal(source="text", emotion_scores=scores, depression_p=0.1, stress_p=0.1)


def _calm(text: str) -> Signal:
    return Signal(source="text", language="en")


def test_concurrent_readers_record_each_post_once(sessions) -> None:  # type: ignore[no-untyped-def]
    (uid,) = _people(sessions, 1, {})
    with transaction(sessions) as db:
        for i in range(60):
            repo.add_owned(db, Post, user_id=uid, source="csv", text=f"post number {i}")
    components = Components(crisis=_calm, text=_Reader())
    errors = _together(3, lambda: analyze_pending_posts(sessions, components))
    assert errors == []
    with transaction(sessions) as db:
        observations = repo.list_owned(db, Observation, user_id=uid, limit=1000)
    assert sorted(o.details["post_id"] for o in observations) == sorted(
        {o.details["post_id"] for o in observations}
    )
    assert len(observations) == 60


def test_concurrent_crisis_turns_alert_each_contact_once(sessions) -> None:  # type: ignore[no-untyped-def]
    from hamdel.companion import text_turn

    (uid,) = _people(sessions, 1, {})
    with transaction(sessions) as db:
        repo.add_owned(
            db, Contact, user_id=uid, name="Sam", channel="email", address="s@x.org",
            confirmed=True,
        )  # fmt: skip

    def crisis(text: str) -> Signal:
        return Signal(source="text", crisis=True, reasons=("test",), language="en")

    sender = Sender(smtp=Smtp("127.0.0.1", 25, "hamdel@localhost"))
    components = Components(crisis=crisis, sender=sender, alert_policy=AlertPolicy())

    def turn() -> None:
        with transaction(sessions) as db:
            user = repo.get_user(db, user_id=uid)
            text_turn(db, components, user=user, text="x", language="en", now=EVENING, seed=1)

    assert _together(4, turn) == []
    with transaction(sessions) as db:
        statuses = sorted(a.status for a in repo.list_owned(db, Alert, user_id=uid))
        assert len(repo.list_owned(db, Delivery, user_id=uid)) == 1
    assert statuses.count("pending") == 1
