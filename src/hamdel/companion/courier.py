"""The outbox worker: deliver what the alert decisions, invitations and tests queued, after
their transaction committed; never inside a request's transaction.

Each pass claims one due delivery at a time (:func:`hamdel.store.repositories.claim_delivery`,
committed at once), sends it with no transaction open, then records the attempt. A failure is
retried with backoff (``RETRY_AFTER``); a contact nobody can reach (no channel set up, a refused
address) fails at once, and the person sees it. A worker killed mid-send leaves its lease to
run out; the next pass sends again with the same key (receivers that de-duplicate by
``X-Hamdel-Key`` show it once). The same function runs in the server's courier thread, in the
monitor tick, in ``hamdel alerts deliver`` and as the ``hamdel.deliveries.run`` job.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from hamdel.companion.alerting import after_failed_alert
from hamdel.safety.delivery import DeliveryError, Outgoing, Sender
from hamdel.safety.messages import (
    ContactMessage,
    account_message,
    alert_message,
    invitation_message,
    test_message,
)
from hamdel.store import Session, Sessions, transaction
from hamdel.store import repositories as repo
from hamdel.store.models import Contact, Delivery, User

logger = logging.getLogger(__name__)

RETRY_AFTER = tuple(timedelta(seconds=s) for s in (10, 30, 60, 120, 300, 600, 1200, 1800))
"""Wait before each retry; after the last, the delivery is given up (about 1 h 10 min)."""
CONFIRM_PATH = "/contacts/confirm"
WITHDRAW_PATH = "/contacts/withdraw"
ACCOUNT_CONFIRM_PATH = "/account/confirm"
ACCOUNT_PURPOSES = ("confirm", "again")
"""Deliveries to the person themselves, at their account's address (no contact)."""

Speak = Callable[[str, str], bytes | None]
"""(text, language) -> OGG/Opus bytes of the spoken alert, or None."""


def link(base_url: str, path: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{path}?{urlencode({'token': token})}"


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost_lease: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Courier:
    """What a delivery pass needs: the sender, where links point, and optionally a voice."""

    sender: Sender
    base_url: str
    lease: timedelta = timedelta(seconds=90)
    speak: Speak | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class _Job:
    delivery_id: int
    attempts: int
    purpose: str
    severity: int
    key: str
    channel: str
    address: str
    language: str
    contact_name: str
    person_name: str
    country: str | None
    withdraw: str
    secret: dict[str, str]


def deliver_due(sessions: Sessions, courier: Courier, *, limit: int = 100) -> DeliveryReport:
    """Deliver what is due now, most serious first, up to ``limit`` deliveries."""
    report = DeliveryReport()
    for _ in range(limit):
        found, job = _claim(sessions, courier)
        if not found:
            break
        if job is None:
            report.failed += 1
            continue
        _deliver(sessions, courier, job, report)
    return report


def _claim(sessions: Sessions, courier: Courier) -> tuple[bool, _Job | None]:
    """(False, None): nothing due; (True, None): claimed, but its contact is gone."""
    now = courier.clock()
    with transaction(sessions) as db:
        delivery = repo.claim_delivery(db, now=now, lease_until=now + courier.lease)
        if delivery is None:
            return False, None
        contact = db.get(Contact, delivery.contact_id) if delivery.contact_id else None
        user = db.get(User, delivery.user_id)
        if user is not None and delivery.purpose in ACCOUNT_PURPOSES:
            return True, _account_job(delivery, user)
        if contact is None or user is None:
            repo.record_attempt(
                db, delivery_id=delivery.id, outcome="failed", error="contact removed", now=now
            )
            return True, None
        profile = repo.consented_profile(db, user_id=user.id)
        language = contact.language or user.language
        return True, _Job(
            delivery_id=delivery.id,
            attempts=delivery.attempts,
            purpose=delivery.purpose,
            severity=delivery.severity,
            key=delivery.key,
            channel=contact.channel,
            address=contact.address,
            language=language,
            contact_name=contact.name,
            person_name=user.display_name
            or ("یکی از عزیزانتان" if language == "fa" else "someone close to you"),
            country=profile.get("country"),
            withdraw=link(courier.base_url, WITHDRAW_PATH, contact.withdraw_token or ""),
            secret=json.loads(delivery.secret) if delivery.secret else {},
        )


def _account_job(delivery: Delivery, user: User) -> _Job:
    return _Job(
        delivery_id=delivery.id,
        attempts=delivery.attempts,
        purpose=delivery.purpose,
        severity=0,
        key=delivery.key,
        channel="email",
        address=user.email,
        language=user.language,
        contact_name="",
        person_name="",
        country=None,
        withdraw="",
        secret=json.loads(delivery.secret) if delivery.secret else {},
    )


def _message(courier: Courier, job: _Job) -> ContactMessage:
    if job.purpose == "confirm":
        url = link(courier.base_url, ACCOUNT_CONFIRM_PATH, job.secret.get("token", ""))
        return account_message(purpose="confirm", language=job.language, link=url)
    if job.purpose == "again":
        url = f"{courier.base_url.rstrip('/')}/login"
        return account_message(purpose="again", language=job.language, link=url)
    if job.purpose == "invitation":
        return invitation_message(
            language=job.language,
            person_name=job.person_name,
            contact_name=job.contact_name,
            link=link(courier.base_url, CONFIRM_PATH, job.secret.get("token", "")),
            code=job.secret.get("code", ""),
            withdraw_link=job.withdraw,
        )
    if job.purpose == "test":
        return test_message(
            language=job.language,
            person_name=job.person_name,
            contact_name=job.contact_name,
            withdraw_link=job.withdraw,
        )
    return alert_message(
        language=job.language,
        severity=job.severity,
        person_name=job.person_name,
        contact_name=job.contact_name,
        country=job.country,
        withdraw_link=job.withdraw,
    )


def _voice(courier: Courier, job: _Job, message: ContactMessage, folder: Path) -> Path | None:
    """The spoken alert as an Ogg/Opus file, where the channel takes attachments."""
    if courier.speak is None or message.spoken is None:
        return None
    if not courier.sender.can_attach(job.channel, job.address):
        return None
    try:
        audio = courier.speak(message.spoken, job.language)
    except Exception as exc:  # a missing voice must not hold back the written alert
        logger.warning("spoken alert not made", extra={"fields": {"why": type(exc).__name__}})
        return None
    if not audio:
        return None
    path = folder / ("hamdel-پیام.ogg" if job.language == "fa" else "hamdel-message.ogg")
    path.write_bytes(audio)
    return path


def _deliver(sessions: Sessions, courier: Courier, job: _Job, report: DeliveryReport) -> None:
    message = _message(courier, job)
    problem = courier.sender.problem(job.channel, job.address)
    error: str | None = problem
    if problem is None:
        with tempfile.TemporaryDirectory(prefix="hamdel-voice-") as folder:
            attachment = _voice(courier, job, message, Path(folder))
            try:
                courier.sender.send(
                    job.channel,
                    job.address,
                    Outgoing(message.subject, message.body, job.key, attachment),
                )
            except DeliveryError as exc:
                error = str(exc)[:200]
    now = courier.clock()
    if error is None:
        outcome, retry_at = "sent", None
        public = f"sent by {job.channel}"
    elif problem is None and job.attempts <= len(RETRY_AFTER):
        outcome, retry_at = "retry", now + RETRY_AFTER[job.attempts - 1]
        public = None
    else:
        outcome, retry_at = "failed", None
        public = f"could not be sent by {job.channel}"
    with transaction(sessions) as db:
        mine = repo.record_attempt(
            db,
            delivery_id=job.delivery_id,
            outcome=outcome,
            error=error,
            now=now,
            retry_at=retry_at,
            alert_detail=public,
            attempt=job.attempts,
        )
        if mine and outcome == "failed" and job.purpose == "alert":
            after_failed_alert(db, delivery_id=job.delivery_id, now=now)
    if not mine:
        report.lost_lease += 1
    elif outcome == "sent":
        report.sent += 1
    elif outcome == "retry":
        report.retried += 1
    else:
        report.failed += 1
    logger.info(
        "delivery attempt",
        extra={
            "fields": {
                "delivery_id": job.delivery_id,
                "purpose": job.purpose,
                "attempt": job.attempts,
                "outcome": outcome if mine else "lease lost",
                **({"why": error} if error else {}),
            }
        },
    )


class CourierThread:
    """Runs :func:`deliver_due` in the background: at once when woken (a request queued
    something and committed), and every ``every`` seconds for retries and leases that ran out.
    ``run``: the pass itself (in-process, or a submit of the ``hamdel.deliveries.run`` job)."""

    def __init__(self, run: Callable[[], Any], every: float = 15.0, workers: int = 1) -> None:
        self._run = run
        self._every = every
        self._workers = max(1, workers)
        """Passes run side by side: one slow mail server must not hold a crisis alert behind
        the messages queued before it (each delivery is claimed once, so they never collide)."""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="hamdel-courier", daemon=True)

    def start(self) -> CourierThread:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _pass(self) -> None:
        try:
            self._run()
        except Exception as exc:  # keep delivering: the next pass retries
            logger.error("delivery pass failed", extra={"fields": {"why": type(exc).__name__}})

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self._workers == 1:
                self._pass()
            else:
                helpers = [
                    threading.Thread(target=self._pass, name=f"hamdel-courier-{i}", daemon=True)
                    for i in range(self._workers)
                ]
                for helper in helpers:
                    helper.start()
                for helper in helpers:
                    helper.join()
            self._wake.wait(self._every)
            self._wake.clear()


def queue_message(
    db: Session,
    *,
    user_id: int,
    contact_id: int | None,
    purpose: str,
    now: datetime,
    secret: dict[str, str] | None = None,
) -> Delivery:
    """Put an invitation, a test message or an account message (``contact_id`` None) in the
    outbox (sent after commit)."""
    return repo.queue_delivery(
        db,
        user_id=user_id,
        contact_id=contact_id,
        purpose=purpose,
        now=now,
        secret=json.dumps(secret) if secret else None,
    )


__all__ = [
    "ACCOUNT_CONFIRM_PATH",
    "ACCOUNT_PURPOSES",
    "CONFIRM_PATH",
    "RETRY_AFTER",
    "WITHDRAW_PATH",
    "Courier",
    "CourierThread",
    "DeliveryReport",
    "deliver_due",
    "link",
    "queue_message",
]
