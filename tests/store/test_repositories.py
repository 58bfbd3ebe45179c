"""Repository behaviour on SQLite and the real PostgreSQL: consent, scoping, export, deletion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import (
    Alert,
    Contact,
    DeliveredMessage,
    DeliveryAttempt,
    Feedback,
    MoodRating,
    Observation,
    Post,
    SentimentRating,
    StudyParticipant,
    SurveyAnswer,
    ThreadEntry,
)


def _user(sessions, email: str) -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return repo.create_user(
            db, email=email, password_hash="x", language="fa", display_name=None
        ).id


def _fill(sessions, user_id: int) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        repo.set_profile_attribute(
            db, user_id=user_id, name="age_range", value="18-26", consent=True
        )
        repo.add_token(
            db,
            user_id=user_id,
            token_hash=f"h{user_id}",
            kind="session",
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
        contact = repo.add_owned(
            db, Contact, user_id=user_id, name="Sara", channel="email", address="s@x.org"
        )
        repo.add_owned(db, Post, user_id=user_id, source="chat", text="secret words")
        repo.add_owned(db, Observation, user_id=user_id, source="text", emotion="sadness")
        alert = repo.add_owned(
            db, Alert, user_id=user_id, contact_id=contact.id, reason="depression", status="sent"
        )
        delivery = repo.queue_delivery(
            db, user_id=user_id, contact_id=contact.id, alert_id=alert.id, purpose="alert",
            severity=1, now=datetime.now(UTC),
        )  # fmt: skip
        repo.add_owned(
            db, DeliveryAttempt, user_id=user_id, delivery_id=delivery.id,
            at=datetime.now(UTC), outcome="sent",
        )  # fmt: skip
        repo.add_owned(
            db, ThreadEntry, user_id=user_id, role="person", kind="text", text="secret words",
        )  # fmt: skip
        repo.add_owned(db, MoodRating, user_id=user_id, day=date(2026, 12, 7), mood=2)
        repo.add_owned(db, Feedback, user_id=user_id, item_kind="message", item_id="m1", rating=1)
        repo.add_owned(db, StudyParticipant, user_id=user_id, variant="neither")
        repo.add_owned(db, SurveyAnswer, user_id=user_id, language="en", answers={"q1": 4})
        repo.add_owned(db, SentimentRating, user_id=user_id, score=-1.5, language="en", rating=-3.0)
        repo.add_owned(
            db,
            DeliveredMessage,
            user_id=user_id,
            kind="calm",
            item_id="m1",
            language="fa",
            text="...",
        )


def test_consent_withdrawal_erases_the_value(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions, "a@x.org")
    with transaction(sessions) as db:
        repo.set_profile_attribute(db, user_id=uid, name="gender", value="female", consent=True)
    with transaction(sessions) as db:
        assert repo.consented_profile(db, user_id=uid) == {"gender": "female"}
        repo.set_profile_attribute(db, user_id=uid, name="gender", value="female", consent=False)
    with transaction(sessions) as db:
        (row,) = repo.list_profile(db, user_id=uid)
        assert row.consent is False and row.value is None
        assert repo.consented_profile(db, user_id=uid) == {}


def test_records_are_scoped_to_their_owner(sessions) -> None:  # type: ignore[no-untyped-def]
    a, b = _user(sessions, "a@x.org"), _user(sessions, "b@x.org")
    _fill(sessions, a)
    with transaction(sessions) as db:
        post = repo.list_owned(db, Post, user_id=a)[0]
        assert repo.get_owned(db, Post, user_id=b, item_id=post.id) is None
        assert repo.list_owned(db, Post, user_id=b) == []
        assert repo.delete_owned(db, Post, user_id=b, item_id=post.id) is False
    with transaction(sessions) as db:
        assert repo.get_owned(db, Post, user_id=a, item_id=post.id) is not None


def test_timestamps_come_back_aware(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions, "a@x.org")
    with transaction(sessions) as db:
        user = repo.get_user(db, user_id=uid)
        assert user is not None and user.created_at.tzinfo is not None


def test_expired_tokens_are_not_accepted(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions, "a@x.org")
    now = datetime.now(UTC)
    with transaction(sessions) as db:
        repo.add_token(
            db, user_id=uid, token_hash="old", kind="api", expires_at=now - timedelta(seconds=1)
        )
        repo.add_token(
            db, user_id=uid, token_hash="new", kind="api", expires_at=now + timedelta(hours=1)
        )
    with transaction(sessions) as db:
        assert repo.get_token(db, token_hash="old", now=now) is None
        assert repo.get_token(db, token_hash="new", now=now) is not None


def test_export_has_everything_but_secrets(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _user(sessions, "a@x.org")
    _fill(sessions, uid)
    with transaction(sessions) as db:
        doc = repo.export_user(db, user_id=uid)
    assert doc is not None
    assert doc["user"]["email"] == "a@x.org"
    assert doc["posts"][0]["text"] == "secret words"
    assert doc["profile_attributes"][0]["value"] == "18-26"
    for table in (
        "auth_tokens",
        "contacts",
        "observations",
        "alerts",
        "feedback",
        "delivered_messages",
    ):
        assert len(doc[table]) == 1, table
    flat = repr(doc)
    assert "password_hash" not in flat and "token_hash" not in flat


def test_delete_user_removes_every_row_and_spares_others(sessions) -> None:  # type: ignore[no-untyped-def]
    a, b = _user(sessions, "a@x.org"), _user(sessions, "b@x.org")
    _fill(sessions, a)
    _fill(sessions, b)
    with transaction(sessions) as db:
        assert repo.delete_user(db, user_id=a) is True
    with transaction(sessions) as db:
        assert set(repo.count_user_rows(db, user_id=a).values()) == {0}
        assert all(n >= 1 for n in repo.count_user_rows(db, user_id=b).values())


def test_database_cascade_deletes_children_too(sessions) -> None:  # type: ignore[no-untyped-def]
    """Even a raw DELETE of the user row leaves nothing behind (ON DELETE CASCADE)."""
    uid = _user(sessions, "a@x.org")
    _fill(sessions, uid)
    with transaction(sessions) as db:
        db.execute(text("DELETE FROM users WHERE id = :id"), {"id": uid})
    with transaction(sessions) as db:
        assert set(repo.count_user_rows(db, user_id=uid).values()) == {0}
