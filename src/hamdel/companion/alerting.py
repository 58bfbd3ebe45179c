"""Warn a person's confirmed contacts when depression is detected, and log every decision.

Called by the companion and the monitor after an assessment. Every decision the policy makes —
sent, suppressed or failed — becomes a row in ``alerts`` (the audit trail the person can read).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from hamdel.safety import AlertPolicy, Channel, ChannelError, ContactRef, alert_message, decide
from hamdel.safety.alerts import SENT_BY
from hamdel.store import repositories as repo
from hamdel.store.models import Alert, Contact

logger = logging.getLogger(__name__)


def alert_contacts(
    db: Session,
    *,
    user_id: int,
    depression_p: float,
    policy: AlertPolicy,
    channels: Mapping[str, Channel],
    now: datetime,
    reason: str = "depression",
) -> list[Alert]:
    """Apply the policy, deliver what it allows, and record every decision. A depression alert
    counts the days with depression at the threshold among the person's observations (the
    current one must already be stored); a crisis alert is never held back."""
    # concurrent turns of one person decide one after the other (the cooldown sees the other's)
    user = repo.lock_user(db, user_id=user_id)
    if user is None:
        return []
    rows = repo.list_owned(db, Contact, user_id=user_id, limit=500)
    contacts = {c.id: c for c in rows}
    decisions = decide(
        policy,
        depression_p=depression_p,
        contacts=[ContactRef(c.id, c.name, c.channel, c.address, c.confirmed) for c in rows],
        last_sent_at=repo.last_alert_sent_at(db, user_id=user_id),
        now=now,
        days_at_threshold=None
        if reason == "crisis" or policy.min_days <= 1
        else repo.depression_days(
            db, user_id=user_id, threshold=policy.threshold, since=now - policy.window
        ),
    )
    alerts: list[Alert] = []
    for decision in decisions:
        status, detail = "suppressed", decision.reason
        if decision.action == "send" and decision.contact_id is not None:
            contact = contacts[decision.contact_id]
            status, detail = _deliver(contact, channels, user.language, user.display_name)
        alerts.append(
            repo.add_owned(
                db,
                Alert,
                user_id=user_id,
                contact_id=decision.contact_id,
                reason=reason,
                status=status,
                detail=detail,
                created_at=now,
            )
        )
        logger.info(
            "alert decision",
            extra={
                "fields": {"user_id": user_id, "contact_id": decision.contact_id, "status": status}
            },
        )
    return alerts


def _deliver(
    contact: Contact, channels: Mapping[str, Channel], language: str, display_name: str | None
) -> tuple[str, str]:
    channel = channels.get(contact.channel)
    if channel is None:
        return "failed", f"no {contact.channel} channel is configured"
    subject, body = alert_message(
        language=language,
        person_name=display_name
        or ("یکی از عزیزانتان" if language == "fa" else "someone close to you"),
        contact_name=contact.name,
    )
    try:
        channel.send(address=contact.address, subject=subject, body=body)
    except ChannelError as exc:  # the person's log says it failed; the detail goes to ours
        logger.warning(
            "alert not delivered",
            extra={"fields": {"contact_id": contact.id, "why": str(exc)[:300]}},
        )
        return "failed", f"could not be sent by {channel.name}"
    return "sent", f"{SENT_BY} {channel.name}"


__all__ = ["alert_contacts"]
