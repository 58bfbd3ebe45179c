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

from sqlalchemy.orm import Session

from hamdel.safety import AlertPolicy, ContactRef, PastAlert, decide
from hamdel.safety.alerts import DEPRESSION, SEVERITY_REASON
from hamdel.safety.delivery import Sender
from hamdel.store import repositories as repo
from hamdel.store.models import Alert, Contact

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
            db, user_id=user_id, threshold=policy.threshold, since=now - policy.window
        )
        if severity == DEPRESSION and policy.min_days > 1
        else None,
    )
    reason = SEVERITY_REASON.get(severity, "depression")
    queued = unreachable = 0
    for decision in decisions:
        status, detail, sev = "suppressed", decision.reason, 0
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
