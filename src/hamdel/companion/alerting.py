"""Decide whom to warn, and put the warnings in the outbox; every decision is logged.

Called by the companion and the monitor after an assessment, inside the transaction that
stores the observation: the decision and the observation commit together. Nothing is sent
here: the deliveries wait in the outbox (:mod:`hamdel.companion.courier`) and go after commit.
Every decision becomes a row in ``alerts`` (the audit trail the person can read): pending
until delivered, then sent or failed; suppressed with its reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from hamdel.safety import AlertPolicy, ContactRef, PastAlert, decide
from hamdel.safety.alerts import COOLDOWN, DEPRESSION, SEVERITY_REASON
from hamdel.safety.delivery import Sender
from hamdel.store import Session
from hamdel.store import repositories as repo
from hamdel.store.models import Alert, Contact, Delivery

logger = logging.getLogger(__name__)
NOT_REACHABLE = "cannot be reached"
"""How the detail of a decision to warn a contact nobody can reach begins."""


@dataclass(frozen=True)
class Notified:
    """What this turn's alert did: contacts being told now, and contacts who agreed but
    cannot be reached (no channel set up for them)."""

    queued: int = 0
    unreachable: int = 0


NOBODY_TOLD = Notified()


def alert_contacts(
    db: Session,
    *,
    user_id: int,
    severity: int,
    policy: AlertPolicy,
    sender: Sender,
    now: datetime,
    depression_p: float | None = None,
) -> Notified:
    """Apply the policy, queue a delivery per contact it allows, and record every decision.
    A depression alert counts the days with depression at the threshold among the person's
    observations (the current one must already be stored); a crisis is never held back."""
    # concurrent turns of one person decide one after the other (the cooldown sees the other's)
    user = repo.lock_user(db, user_id=user_id)
    if user is None:
        return NOBODY_TOLD
    rows = repo.list_owned(db, Contact, user_id=user_id, limit=500)
    contacts = {c.id: c for c in rows}
    since = now - max(policy.cooldown, policy.crisis_cooldown)
    past = {
        contact_id: [PastAlert(at, sev) for at, sev in alerts]
        for contact_id, alerts in repo.recent_alerts(db, user_id=user_id, since=since).items()
    }
    decisions = decide(
        policy,
        severity=severity,
        contacts=[
            ContactRef(c.id, c.name, c.confirmed, withdrawn=c.withdrawn_at is not None)
            for c in rows
        ],
        past=past,
        now=now,
        depression_p=depression_p,
        days_at_threshold=repo.depression_days(
            db,
            user_id=user_id,
            threshold=policy.threshold,
            since=now - policy.window,
            raw_threshold=policy.raw_threshold,
        )
        if severity == DEPRESSION and policy.min_days > 1
        else None,
    )
    reason = SEVERITY_REASON.get(severity, "depression")
    queued = unreachable = 0
    for decision in decisions:
        status, detail, sev = "suppressed", decision.reason, decision.severity
        contact = contacts.get(decision.contact_id) if decision.contact_id else None
        if decision.action == "send" and contact is not None:
            problem = sender.problem(contact.channel, contact.address)
            if problem is None:
                status, detail, sev = "pending", decision.reason, decision.severity
                queued += 1
            else:
                status, detail = "failed", f"{NOT_REACHABLE}: {problem}"
                unreachable += 1
        alert = repo.add_owned(
            db,
            Alert,
            user_id=user_id,
            contact_id=decision.contact_id,
            reason=reason,
            status=status,
            detail=detail,
            severity=sev,
            created_at=now,
        )
        if status == "pending" and contact is not None:
            repo.queue_delivery(
                db,
                user_id=user_id,
                contact_id=contact.id,
                alert_id=alert.id,
                purpose="alert",
                severity=sev,
                now=now,
            )
        logger.info(
            "alert decision",
            extra={
                "fields": {
                    "user_id": user_id,
                    "contact_id": decision.contact_id,
                    "status": status,
                    "severity": decision.severity,
                }
            },
        )
    return Notified(queued=queued, unreachable=unreachable)


__all__ = ["NOBODY_TOLD", "NOT_REACHABLE", "Notified", "alert_contacts"]


SENT_AFTER_FAILURE = "sent because an earlier alert to this contact could not be delivered"


def after_failed_alert(db: Session, *, delivery_id: int, now: datetime) -> int | None:
    """An alert that could not be delivered must not keep holding back the alerts its cooldown
    suppressed: the most serious of those (the latest among equals) is sent now. Returns the
    revived alert's id, or None."""
    delivery = db.get(Delivery, delivery_id)
    if delivery is None or delivery.alert_id is None or delivery.contact_id is None:
        return None
    failed = db.get(Alert, delivery.alert_id)
    if failed is None:
        return None
    held = [
        a
        for a in repo.list_owned(db, Alert, user_id=delivery.user_id, limit=200)
        if a.contact_id == delivery.contact_id
        and a.status == "suppressed"
        and (a.detail or "").startswith(COOLDOWN)
        and a.created_at >= failed.created_at
        and a.id != failed.id
    ]
    if not held:
        return None
    revive = max(held, key=lambda a: (a.severity, a.created_at, a.id))
    revive.status, revive.detail = "pending", SENT_AFTER_FAILURE
    repo.queue_delivery(
        db, user_id=delivery.user_id, contact_id=delivery.contact_id, alert_id=revive.id,
        purpose="alert", severity=revive.severity, now=now,
    )  # fmt: skip
    logger.info(
        "alert decision",
        extra={"fields": {"user_id": delivery.user_id, "contact_id": delivery.contact_id,
                          "status": "pending", "severity": revive.severity,
                          "why": "earlier alert failed"}},
    )  # fmt: skip
    return revive.id
