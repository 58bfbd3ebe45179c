"""Repository functions: keyword-only arguments, scoped to one user, return the object or None.

Nothing here raises HTTP errors or commits; the caller owns the transaction
(:func:`hamdel.store.db.transaction`). Every read or write of user data takes ``user_id``, so a
record of another user is simply not found.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, func, inspect, or_, select, update
from sqlalchemy.orm import Session

from hamdel.store.models import (
    USER_TABLES,
    Alert,
    AuthToken,
    Base,
    Contact,
    Delivery,
    DeliveryAttempt,
    Observation,
    Post,
    ProfileAttribute,
    ThreadEntry,
    User,
    utcnow,
)

M = TypeVar("M", bound=Base)

# -- users ---------------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    email: str,
    password_hash: str,
    language: str,
    display_name: str | None,
    awaiting_confirmation: bool = False,
) -> User:
    user = User(
        email=email,
        password_hash=password_hash,
        language=language,
        display_name=display_name,
        awaiting_confirmation=awaiting_confirmation,
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, *, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def delete_user(session: Session, *, user_id: int) -> bool:
    """Delete the user and every row keyed by them (explicitly, not only by cascade)."""
    for model in USER_TABLES:
        session.execute(delete(model).where(model.user_id == user_id))  # type: ignore[attr-defined]
    result = session.execute(delete(User).where(User.id == user_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def count_user_rows(session: Session, *, user_id: int) -> dict[str, int]:
    """Rows per table that belong to the user (used to prove deletion)."""
    counts = {"users": session.scalar(select(func.count()).where(User.id == user_id)) or 0}
    for model in USER_TABLES:
        stmt = select(func.count()).select_from(model).where(model.user_id == user_id)  # type: ignore[attr-defined]
        counts[model.__tablename__] = session.scalar(stmt) or 0
    return counts


# -- auth tokens ---------------------------------------------------------------------------


def add_token(
    session: Session, *, user_id: int, token_hash: str, kind: str, expires_at: datetime
) -> AuthToken:
    token = AuthToken(user_id=user_id, token_hash=token_hash, kind=kind, expires_at=expires_at)
    session.add(token)
    session.flush()
    return token


def get_token(session: Session, *, token_hash: str, now: datetime) -> AuthToken | None:
    token = session.scalar(select(AuthToken).where(AuthToken.token_hash == token_hash))
    if token is None:
        return None
    return token if token.expires_at > now else None


def delete_token(session: Session, *, token_hash: str) -> None:
    session.execute(delete(AuthToken).where(AuthToken.token_hash == token_hash))


def delete_user_tokens(session: Session, *, user_id: int, keep: str | None = None) -> int:
    """Sign out everywhere: delete every session and token of the user (but ``keep``, a token
    hash); returns how many."""
    stmt = delete(AuthToken).where(AuthToken.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(AuthToken.token_hash != keep)
    return _rowcount(session.execute(stmt))


def delete_expired_tokens(session: Session, *, now: datetime) -> int:
    """Remove tokens past their expiry (they no longer sign anyone in); returns how many."""
    return _rowcount(session.execute(delete(AuthToken).where(AuthToken.expires_at <= now)))


def unconfirmed_users(session: Session, *, created_before: datetime) -> list[int]:
    """Accounts whose address was never confirmed, made before ``created_before``."""
    stmt = select(User.id).where(
        User.awaiting_confirmation.is_(True), User.created_at < created_before
    )
    return list(session.scalars(stmt))


def deliveries_since(session: Session, *, user_id: int, purpose: str, since: datetime) -> int:
    """How many deliveries of ``purpose`` were queued for ``user_id`` since ``since``."""
    stmt = select(func.count(Delivery.id)).where(
        Delivery.user_id == user_id, Delivery.purpose == purpose, Delivery.created_at >= since
    )
    return int(session.scalar(stmt) or 0)


# -- generic owned records -----------------------------------------------------------------


def add_owned(session: Session, model: type[M], *, user_id: int, **fields: Any) -> M:
    item = model(user_id=user_id, **fields)
    session.add(item)
    session.flush()
    return item


def get_owned(session: Session, model: type[M], *, user_id: int, item_id: int) -> M | None:
    stmt = select(model).where(model.id == item_id, model.user_id == user_id)  # type: ignore[attr-defined]
    return session.scalar(stmt)


def list_owned(
    session: Session, model: type[M], *, user_id: int, limit: int = 100, offset: int = 0
) -> list[M]:
    stmt = (
        select(model)
        .where(model.user_id == user_id)  # type: ignore[attr-defined]
        .order_by(model.id.desc())  # type: ignore[attr-defined]
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def delete_owned(session: Session, model: type[M], *, user_id: int, item_id: int) -> bool:
    stmt = delete(model).where(model.id == item_id, model.user_id == user_id)  # type: ignore[attr-defined]
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


# -- profile -------------------------------------------------------------------------------


def list_profile(session: Session, *, user_id: int) -> list[ProfileAttribute]:
    stmt = (
        select(ProfileAttribute)
        .where(ProfileAttribute.user_id == user_id)
        .order_by(ProfileAttribute.name)
    )
    return list(session.scalars(stmt))


def set_profile_attribute(
    session: Session, *, user_id: int, name: str, value: Any, consent: bool
) -> ProfileAttribute:
    """Store a consented value, or record a refusal (consent False erases the value)."""
    stmt = select(ProfileAttribute).where(
        ProfileAttribute.user_id == user_id, ProfileAttribute.name == name
    )
    attribute = session.scalar(stmt)
    if attribute is None:
        attribute = ProfileAttribute(user_id=user_id, name=name)
        session.add(attribute)
    attribute.consent = consent
    attribute.value = value if consent else None
    attribute.updated_at = utcnow()
    session.flush()
    return attribute


def delete_profile_attribute(session: Session, *, user_id: int, name: str) -> bool:
    stmt = delete(ProfileAttribute).where(
        ProfileAttribute.user_id == user_id, ProfileAttribute.name == name
    )
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def consented_profile(session: Session, *, user_id: int) -> dict[str, Any]:
    """Only the attributes the person consented to: what models may use."""
    return {a.name: a.value for a in list_profile(session, user_id=user_id) if a.consent}


# -- contacts ------------------------------------------------------------------------------


def contact_by_token(session: Session, *, token_hash: str) -> Contact | None:
    """The contact an invitation link names (the link's token, hashed)."""
    return session.scalar(select(Contact).where(Contact.confirm_token_hash == token_hash))


def _spend_invitation(contact: Contact) -> None:
    """The invitation's one-time token and code can no longer be used."""
    contact.confirm_token_hash = None
    contact.confirm_code_hash = None


def confirm_contact(session: Session, *, contact: Contact, now: datetime) -> Contact:
    """The contact agreed: confirmed, the one-time token and code spent, a withdrawal undone."""
    contact.confirmed = True
    contact.confirmed_at = now
    _spend_invitation(contact)
    contact.withdrawn_at = None
    session.flush()
    return contact


def contact_by_withdraw_token(session: Session, *, token: str) -> Contact | None:
    return session.scalar(select(Contact).where(Contact.withdraw_token == token))


def withdraw_contact(session: Session, *, contact: Contact, now: datetime) -> None:
    """The contact withdrew: no alert reaches them, pending ones are cancelled."""
    contact.confirmed = False
    contact.withdrawn_at = now
    _spend_invitation(contact)
    session.execute(
        update(Delivery)
        .where(Delivery.contact_id == contact.id, Delivery.status.in_(("pending", "sending")))
        .values(status="failed", last_error="the contact withdrew", secret=None)
        .execution_options(synchronize_session=False)
    )
    session.flush()


def recent_alerts(
    session: Session, *, user_id: int, since: datetime
) -> dict[int, list[tuple[datetime, int]]]:
    """Per contact: (when, severity) of the alerts on their way to it or delivered since
    ``since`` (the policy's cooldown looks at these; failed ones hold nothing back)."""
    stmt = select(Alert.contact_id, Alert.created_at, Alert.severity).where(
        Alert.user_id == user_id,
        Alert.contact_id.is_not(None),
        Alert.status.in_(("pending", "sent")),
        Alert.severity > 0,
        Alert.created_at >= since,
    )
    out: dict[int, list[tuple[datetime, int]]] = {}
    for contact_id, at, severity in session.execute(stmt):
        out.setdefault(contact_id, []).append((at, severity))
    return out


def depression_dates(
    session: Session,
    *,
    user_id: int,
    threshold: float,
    since: datetime,
    raw_threshold: float = 0.8,
) -> set[date]:
    """The different days (UTC) since ``since`` on which an observation of this user had
    depression at or above ``threshold`` (the alert policy's sustained-signal rule); a score
    stored before calibration counts at ``raw_threshold``, the rule it was stored under."""
    stmt = select(Observation.observed_at).where(
        Observation.user_id == user_id,
        or_(
            and_(Observation.calibrated.is_(True), Observation.depression_p >= threshold),
            and_(Observation.calibrated.is_(False), Observation.depression_p >= raw_threshold),
        ),
        Observation.observed_at >= since,
    )
    days = set()
    for value in session.scalars(stmt):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        days.add(aware.astimezone(UTC).date())
    return days


def depression_days(
    session: Session,
    *,
    user_id: int,
    threshold: float,
    since: datetime,
    raw_threshold: float = 0.8,
) -> int:
    """How many :func:`depression_dates` there are."""
    return len(
        depression_dates(
            session, user_id=user_id, threshold=threshold, since=since, raw_threshold=raw_threshold
        )
    )


def thread_page(
    session: Session, *, user_id: int, before: int | None = None, limit: int = 20
) -> list[ThreadEntry]:
    """Up to ``limit`` thread entries older than the entry ``before`` (the newest when None),
    newest first."""
    stmt = select(ThreadEntry).where(ThreadEntry.user_id == user_id)
    if before is not None:
        stmt = stmt.where(ThreadEntry.id < before)
    stmt = stmt.order_by(ThreadEntry.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def raised_concern(details: dict[str, Any] | None) -> bool:
    """Whether an observation's details record a crisis or a check-in question."""
    details = details or {}
    return bool(details.get("crisis")) or details.get("crisis_outcome") in ("check_in", "crisis")


def concern_since(session: Session, *, user_id: int, since: datetime) -> bool:
    """Whether any observation since ``since`` was a crisis or got a check-in question."""
    stmt = (
        select(Observation.details)
        .where(Observation.user_id == user_id, Observation.observed_at >= since)
        .limit(500)
    )
    return any(raised_concern(details) for details in session.scalars(stmt))


def check_in_answers_since(session: Session, *, user_id: int, since: datetime) -> list[str]:
    """The answers ("yes"/"no") the person gave to check-in questions asked since ``since``,
    newest first."""
    stmt = (
        select(Observation.details)
        .where(Observation.user_id == user_id, Observation.observed_at >= since)
        .order_by(Observation.observed_at.desc(), Observation.id.desc())
    )
    answers = []
    for details in session.scalars(stmt):
        asked = (details or {}).get("check_in")
        if isinstance(asked, dict) and asked.get("answer") in ("yes", "no"):
            answers.append(str(asked["answer"]))
    return answers


# -- claims: each piece of background work done once ------------------------------------------


def lock_user(session: Session, *, user_id: int) -> User | None:
    """The person, with their row lock held for the rest of the transaction: two ticks,
    workers or requests that decide something once per person (a scheduled message, an alert)
    run one after the other and each sees what the other committed. Call it first in the
    transaction. PostgreSQL: ``SELECT ... FOR NO KEY UPDATE`` (it does not wait for the
    key-share locks that inserts referencing the row hold); SQLite: a no-op write, which takes
    the database's write lock. None when the person no longer exists."""
    if session.get_bind().dialect.name == "sqlite":
        done = session.execute(update(User).where(User.id == user_id).values(id=User.id))
        return session.get(User, user_id) if _rowcount(done) else None
    stmt = select(User).where(User.id == user_id).with_for_update(key_share=True)
    return session.scalar(stmt)


def _rowcount(result: Any) -> int:
    """Rows an UPDATE or DELETE touched."""
    return int(getattr(result, "rowcount", 0) or 0)


def claim_post(session: Session, *, post_id: int, now: datetime) -> bool:
    """Mark a pending post read, atomically: True for the one caller that claimed it (a
    concurrent reader gets False and writes nothing)."""
    done = session.execute(
        update(Post)
        .where(Post.id == post_id, Post.analyzed_at.is_(None))
        .values(analyzed_at=now)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(done) == 1


# -- the outbox: each delivery claimed, sent once, its outcome recorded ------------------------

OUTBOX = "hamdel.outbox"
"""``session.info`` key set when a delivery was queued: after commit, wake the courier."""


def queue_delivery(
    session: Session,
    *,
    user_id: int,
    contact_id: int | None,
    purpose: str,
    now: datetime,
    severity: int = 0,
    alert_id: int | None = None,
    secret: str | None = None,
) -> Delivery:
    """Put a delivery in the outbox; it goes after this transaction commits."""
    delivery = add_owned(
        session,
        Delivery,
        user_id=user_id,
        contact_id=contact_id,
        alert_id=alert_id,
        purpose=purpose,
        severity=severity,
        key=uuid.uuid4().hex,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        secret=secret,
        created_at=now,
    )
    session.info[OUTBOX] = True
    return delivery


def _due(now: datetime) -> Any:
    return ((Delivery.status == "pending") & (Delivery.next_attempt_at <= now)) | (
        (Delivery.status == "sending") & (Delivery.lease_until < now)
    )


def claim_delivery(session: Session, *, now: datetime, lease_until: datetime) -> Delivery | None:
    """Claim the most urgent due delivery (pending and due, or sending with its lease run out:
    its worker died): it becomes "sending" until ``lease_until``, one more attempt counted.
    The one caller whose update touched the row has it; a concurrent worker gets another or
    None. PostgreSQL skips rows another worker has locked (``FOR UPDATE SKIP LOCKED``)."""
    stmt = (
        select(Delivery.id)
        .where(_due(now))
        .order_by(Delivery.severity.desc(), Delivery.id)
        .limit(1)
    )
    if session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update(skip_locked=True)
    for _ in range(5):
        delivery_id = session.scalar(stmt)
        if delivery_id is None:
            return None
        done = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, _due(now))
            .values(status="sending", lease_until=lease_until, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if _rowcount(done) == 1:
            return session.get(Delivery, delivery_id, populate_existing=True)
    return None


def next_delivery_due(session: Session) -> datetime | None:
    """When the next pending delivery falls due (None: nothing waits)."""
    value = session.scalar(
        select(func.min(Delivery.next_attempt_at)).where(Delivery.status == "pending")
    )
    if value is not None and value.tzinfo is None:  # func.min bypasses the column's type
        value = value.replace(tzinfo=UTC)
    return value


def record_attempt(
    session: Session,
    *,
    delivery_id: int,
    outcome: str,
    error: str | None,
    now: datetime,
    retry_at: datetime | None = None,
    alert_detail: str | None = None,
    attempt: int | None = None,
) -> bool:
    """Record one attempt: "sent", "retry" (pending again at ``retry_at``) or "failed" (given
    up). The delivery's alert (with ``alert_detail``, what the person may read) and contact get
    the outcome too. False when the delivery was no longer this worker's: its lease ran out and
    another worker claimed it again (``attempt``: the claim's number, which a new claim raises),
    so a slow first send can never overwrite the outcome of the second."""
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    if delivery is None or delivery.status != "sending":
        return False
    if attempt is not None and delivery.attempts != attempt:
        return False  # the lease ran out and another worker claimed it again: its outcome counts
    status = {"sent": "sent", "retry": "pending", "failed": "failed"}[outcome]
    delivery.status = status
    delivery.lease_until = None
    delivery.last_error = error
    if outcome == "sent":
        delivery.sent_at = now
    if outcome == "retry" and retry_at is not None:
        delivery.next_attempt_at = retry_at
    if outcome != "retry":
        delivery.secret = None
    session.add(
        DeliveryAttempt(
            user_id=delivery.user_id, delivery_id=delivery.id, at=now, outcome=outcome, error=error
        )
    )
    if delivery.alert_id is not None and outcome != "retry":
        alert = session.get(Alert, delivery.alert_id)
        if alert is not None:
            alert.status = status
            alert.detail = alert_detail or alert.detail
    contact = session.get(Contact, delivery.contact_id) if delivery.contact_id else None
    if contact is not None:
        if outcome == "sent":
            contact.last_delivery_at = now
            contact.last_error = None
        else:
            contact.last_error = (error or "not delivered")[:200]
    session.flush()
    return True


def outbox_counts(session: Session) -> dict[str, int]:
    """How many deliveries are in each status, over everyone (for ``hamdel doctor``)."""
    rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
    return {status: int(n) for status, n in rows}


def all_contacts(session: Session, *, limit: int = 200) -> list[Contact]:
    """Every contact, oldest first (for the operator's ``hamdel doctor``; never a face)."""
    return list(session.scalars(select(Contact).order_by(Contact.id).limit(limit)))


# -- export --------------------------------------------------------------------------------


def row_to_dict(row: Base, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in inspect(type(row)).columns:
        if column.key in exclude:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


SECRET_COLUMNS = frozenset(
    {
        "password_hash",
        "token_hash",
        "confirm_token_hash",
        "confirm_code_hash",
        "withdraw_token",
        "secret",
    }
)


def export_user(session: Session, *, user_id: int) -> dict[str, Any] | None:
    """Everything stored about the user as one JSON-ready document (secrets left out)."""
    user = get_user(session, user_id=user_id)
    if user is None:
        return None
    document: dict[str, Any] = {"user": row_to_dict(user, exclude=SECRET_COLUMNS)}
    for model in USER_TABLES:
        stmt = select(model).where(model.user_id == user_id).order_by(model.id)  # type: ignore[attr-defined]
        document[model.__tablename__] = [
            row_to_dict(row, exclude=SECRET_COLUMNS | {"user_id"}) for row in session.scalars(stmt)
        ]
    return document


__all__ = [
    "OUTBOX",
    "add_owned",
    "add_token",
    "all_contacts",
    "claim_delivery",
    "claim_post",
    "concern_since",
    "confirm_contact",
    "consented_profile",
    "contact_by_token",
    "contact_by_withdraw_token",
    "count_user_rows",
    "create_user",
    "delete_owned",
    "delete_profile_attribute",
    "delete_token",
    "delete_user",
    "deliveries_since",
    "depression_dates",
    "depression_days",
    "export_user",
    "get_owned",
    "get_token",
    "get_user",
    "get_user_by_email",
    "list_owned",
    "list_profile",
    "lock_user",
    "next_delivery_due",
    "outbox_counts",
    "queue_delivery",
    "raised_concern",
    "recent_alerts",
    "record_attempt",
    "row_to_dict",
    "set_profile_attribute",
    "thread_page",
    "unconfirmed_users",
    "withdraw_contact",
]
