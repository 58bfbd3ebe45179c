"""SQLAlchemy 2 models: the same schema on SQLite and PostgreSQL.

Every table but ``users`` carries ``user_id`` with ``ON DELETE CASCADE``: deleting a user
deletes everything stored about them, in the database itself as well as in the ORM.
Change a model → add an Alembic revision (``tests/store/test_migrations.py`` checks they agree).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC and always come back time-zone aware (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: hamdel stores only time-zone aware UTC timestamps")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UTCDateTime()}


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    awaiting_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    """Signed up where addresses are confirmed by e-mail, and the link not opened yet: such an
    account cannot sign in, and is removed after :data:`UNCONFIRMED_DAYS` days."""
    speak_replies: Mapped[bool] = mapped_column(Boolean, default=False)
    """Read every reply aloud in the web app (a setting; the listen button works either way)."""


UNCONFIRMED_DAYS = 7


class AuthToken(Base):
    """A browser session or an API bearer token. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "session" | "api" | "confirm"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class ProfileAttribute(Base):
    """One attribute the person chose to share (or refused): value only while consent holds."""

    __tablename__ = "profile_attributes"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any | None] = mapped_column(JSON)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Contact(Base):
    """Someone the person authorized to be warned; alerts go only to contacts who themselves
    agreed (``confirmed``) and have not withdrawn."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(16))  # "email" | "phone" | "apprise" | "webhook"
    address: Mapped[str] = mapped_column(String(320))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(8))
    """The contact's language (their messages and spoken alert); the person's when unset."""
    confirm_code_hash: Mapped[str | None] = mapped_column(String(64))
    """The code sent to the contact with the invitation: agreeing needs it (the person never
    sees it)."""
    withdraw_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    """The contact's own link to withdraw (in every message to them)."""
    withdrawn_at: Mapped[datetime | None]
    last_delivery_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))


class Observation(Base):
    """One perceived signal on the timeline (voice, text or heart)."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    source: Mapped[str] = mapped_column(String(16))  # "voice" | "text" | "heart"
    observed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    emotion: Mapped[str | None] = mapped_column(String(16))
    emotion_scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    depression_p: Mapped[float | None] = mapped_column(Float)
    calibrated: Mapped[bool] = mapped_column(Boolean, default=True)
    """``depression_p`` is a calibrated probability (models from 2026-12-07 on); rows stored
    before hold raw scores and count at the old alert rule (``AlertPolicy.raw_threshold``)."""
    stress_p: Mapped[float | None] = mapped_column(Float)
    sentiment: Mapped[float | None] = mapped_column(Float)
    stress_level: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Post(Base):
    """Something the person wrote or imported for monitoring."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "source", "native_id", name="uq_posts_user_id_source_native_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    source: Mapped[str] = mapped_column(String(16))
    """"chat" | "csv" | "telegram" | "instagram" | "facebook" | "x" | "mastodon" | "whatsapp"."""
    native_id: Mapped[str | None] = mapped_column(String(128))
    """The post's own id in its archive (or a digest of date and text where it has none):
    importing the same archive twice adds nothing. ``None`` for chat lines."""
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    posted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    analyzed_at: Mapped[datetime | None] = mapped_column(index=True)
    """When the monitor read it (chat and voice posts are read in their turn); ``None``: pending."""


class DeliveredMessage(Base):
    __tablename__ = "delivered_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    kind: Mapped[str] = mapped_column(
        String(16)
    )  # happy | calm | relaxing | motivational | suggestion
    item_id: Mapped[str] = mapped_column(String(64))
    intensity: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Alert(Base):
    """Audit trail: every alert decision, with its reason. A decision to warn is "pending"
    until its delivery (the outbox, :class:`Delivery`) ends "sent" or "failed"."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # "pending" | "sent" | "suppressed" | "failed"
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    severity: Mapped[int] = mapped_column(Integer, default=0)
    """0 nothing to send, 1 depression sustained, 2 crisis, 3 an attempt in progress."""


class Delivery(Base):
    """The outbox: one message to one contact (an alert, an invitation or a test), written in
    the transaction that decided it and delivered after commit, retried with backoff. A
    delivery is claimed before it is sent (``status`` "sending" with a ``lease_until``), so
    two workers never send it both; a worker killed mid-send leaves a lease that expires, and
    the next worker sends it again with the same ``key`` (the receiver's de-duplication id)."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), unique=True
    )
    purpose: Mapped[str] = mapped_column(String(16))  # "alert" | "invitation" | "test"
    severity: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    """"pending" | "sending" | "sent" | "failed" (gave up)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    secret: Mapped[str | None] = mapped_column(String(200))
    """What only the contact may see (an invitation's code and links); cleared once sent."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeliveryAttempt(Base):
    """Every attempt to deliver, with its outcome (never the message)."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))  # "sent" | "retry" | "failed"
    error: Mapped[str | None] = mapped_column(String(200))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    item_kind: Mapped[str] = mapped_column(String(16))  # "suggestion" | "message"
    item_id: Mapped[str] = mapped_column(String(64))
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1 (0: a satisfaction of 3)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    """1 (very dissatisfied) .. 5 (very satisfied); ``None`` for thumbs given before 2026-12-07."""
    variant: Mapped[str | None] = mapped_column(String(24))
    """The recommender variant that chose the item (the person's study arm, else the product's)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StudyParticipant(Base):
    """A person who agreed to take part in the recommender study, and the variant they were
    given (balanced at assignment). Leaving the study deletes the row."""

    __tablename__ = "study_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    variant: Mapped[str] = mapped_column(String(24))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class SurveyAnswer(Base):
    """One completed usability survey (the design's questions, each 1..5)."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(default=utcnow)
    variant: Mapped[str | None] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(2))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)


class SentimentRating(Base):
    """The person's own rating (-5..+5) of how negative or positive something they wrote was,
    beside the Sentimeter's raw score of it: what eSM2 is fitted from. The text is not copied."""

    __tablename__ = "sentiment_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(default=utcnow)
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL")
    )
    score: Mapped[float] = mapped_column(Float)
    """The Sentimeter's raw score, before any eSM2 correction."""
    theme: Mapped[str | None] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(2))
    rating: Mapped[float] = mapped_column(Float)


class Esm2Fit(Base):
    """eSM2 weights fitted from the ratings (``hamdel sentiment calibrate --from-db``); the
    service uses the latest."""

    __tablename__ = "esm2_fits"

    id: Mapped[int] = mapped_column(primary_key=True)
    fitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    n: Mapped[int] = mapped_column(Integer)
    weights: Mapped[dict[str, Any]] = mapped_column(JSON)
    """``Esm2Weights.to_dict()``, its ``fit`` holding the report."""


class ThreadEntry(Base):
    """One line of the conversation: what the person said (a message, a voice note and its
    transcript, a wearable export, an answer) or what hamdel said (a reply with its
    suggestions, a scheduled message, a crisis reply). Written in the turn's transaction."""

    __tablename__ = "thread_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    role: Mapped[str] = mapped_column(String(8))  # "person" | "hamdel"
    kind: Mapped[str] = mapped_column(String(16))
    """person: "text" | "voice" | "heart" | "answer"; hamdel: "reply" | "crisis" | "message"."""
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL")
    )


class MoodRating(Base):
    """The person's own answer to "how is your mood today?" on five faces (1 = very low, 5 =
    very good): the second design's emoticon self-report. One per local day; a second rating
    the same day replaces the first."""

    __tablename__ = "mood_ratings"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _owner()
    day: Mapped[date] = mapped_column(Date)
    """The person's local day."""
    mood: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)


USER_TABLES: tuple[type[Base], ...] = (
    AuthToken,
    ProfileAttribute,
    Contact,
    Observation,
    Post,
    DeliveredMessage,
    Alert,
    Delivery,
    DeliveryAttempt,
    Feedback,
    ThreadEntry,
    MoodRating,
    StudyParticipant,
    SurveyAnswer,
    SentimentRating,
)
"""Every table keyed by ``user_id``: what export includes and deletion removes."""

__all__ = [
    "UNCONFIRMED_DAYS",
    "USER_TABLES",
    "Alert",
    "AuthToken",
    "Base",
    "Contact",
    "DeliveredMessage",
    "Delivery",
    "DeliveryAttempt",
    "Esm2Fit",
    "Feedback",
    "MoodRating",
    "Observation",
    "Post",
    "ProfileAttribute",
    "SentimentRating",
    "StudyParticipant",
    "SurveyAnswer",
    "ThreadEntry",
    "User",
    "utcnow",
]
