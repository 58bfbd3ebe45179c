"""The alert policy: who may be warned, when, and with which message.

Pure decisions, no I/O. Severity orders what a contact may be told:

- ``DEPRESSION`` (1): low mood sustained over days; the contact is asked to check in;
- ``CRISIS`` (2): crisis language, or "yes" to the check-in question; the contact is asked to
  call now;
- ``ATTEMPT`` (3): an attempt in progress (pills taken, on the roof); as a crisis, sooner.

The rules, in order:

1. Depression below the threshold is not considered. Depression must be sustained: at the
   threshold on at least ``min_days`` different days within ``window``; until then one
   ``suppress`` decision records that hamdel noticed and waited. A crisis is never held back
   by this rule.
2. Only contacts who themselves agreed (and have not withdrawn) may be warned; the others get a
   ``suppress`` decision with the reason, so the audit log shows they were not contacted.
3. A cooldown per contact, by severity: a contact already told something as serious or more
   within the cooldown of the new alert's kind (``cooldown`` for depression, the short
   ``crisis_cooldown`` for a crisis) is not told again. A more serious alert always goes at
   once: a depression alert never holds back a crisis, nor a crisis an attempt in progress.
   Only alerts on their way or delivered count (a failed one holds nothing back).
4. With no contact who agreed, one ``suppress`` decision records that nobody was warned.

The message a contact receives says which case it is and never what the person wrote, said
or scored (:mod:`hamdel.safety.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

NOTHING, DEPRESSION, CRISIS, ATTEMPT = 0, 1, 2, 3
SEVERITY_REASON = {DEPRESSION: "depression", CRISIS: "crisis", ATTEMPT: "crisis"}

NOT_SUSTAINED = "not sustained yet"
COOLDOWN = "cooldown"
UNCONFIRMED = "contact has not confirmed"
WITHDRAWN = "contact withdrew"
NOBODY = "no confirmed contact"
SENT_BY = "sent by"
"""How each recorded decision's reason begins (the alert log on the web translates by them)."""


@dataclass(frozen=True)
class AlertPolicy:
    threshold: float = 0.75
    """Depression probability at which a day counts. The probability is calibrated
    (models/text_depression/MODEL_CARD.md): 0.75 is the lowest value at which at most 1 % of
    every kind of everyday text (chat lines in both languages, tweets, comments, Persian
    social-media texts) reaches it, in cross-writer CV on training data (2026-12-07, evening,
    with the chat-register training lists; 0.65 that afternoon; 0.8 on raw scores before). The
    model file names the threshold it was calibrated for; a test keeps the two equal."""
    raw_threshold: float = 0.8
    """The rule for depression scores stored before calibration (observations with
    ``calibrated`` false): a model update must not turn yesterday's ordinary scores into a
    warning to someone's family."""
    cooldown: timedelta = timedelta(hours=24)
    """After a contact was told, no depression alert to them for this long."""
    crisis_cooldown: timedelta = timedelta(minutes=30)
    """After a contact was told of a crisis, no alert of the same severity to them for this
    long (``HAMDEL_CRISIS_COOLDOWN_MINUTES``); a more serious one goes at once."""
    min_days: int = 2
    """Different days (UTC) with depression at the threshold within ``window`` before contacts
    are warned; 1 warns on a single message (the rule before 2026-12-03). Single messages reached
    the threshold too often to warn on (11 % of ordinary "i feel ..." tweets before 2026-12-07,
    models/text_depression/MODEL_CARD.md), and one message is still a weak signal."""
    window: timedelta = timedelta(days=7)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if self.cooldown < timedelta(0) or self.crisis_cooldown < timedelta(0):
            raise ValueError("cooldowns cannot be negative")
        if self.min_days < 1:
            raise ValueError("min_days must be at least 1")
        if self.window <= timedelta(0):
            raise ValueError("window must be positive")

    def cooldown_for(self, severity: int) -> timedelta:
        return self.crisis_cooldown if severity >= CRISIS else self.cooldown


@dataclass(frozen=True)
class ContactRef:
    id: int
    name: str
    confirmed: bool
    withdrawn: bool = False


@dataclass(frozen=True)
class PastAlert:
    """The most serious alert a contact was sent (or is being sent) recently."""

    at: datetime
    severity: int


@dataclass(frozen=True)
class AlertDecision:
    contact_id: int | None
    action: Literal["send", "suppress"]
    reason: str
    severity: int = NOTHING


def decide(
    policy: AlertPolicy,
    *,
    severity: int,
    contacts: list[ContactRef],
    past: Mapping[int, list[PastAlert]],
    now: datetime,
    depression_p: float | None = None,
    days_at_threshold: int | None = None,
) -> list[AlertDecision]:
    """What to do for each contact; an empty list means the alert was not even considered.

    ``severity``: ``DEPRESSION`` (then ``depression_p`` and ``days_at_threshold``, the
    different days within ``policy.window`` with depression at the threshold, this message
    included, decide), ``CRISIS`` or ``ATTEMPT``. ``past``: per contact id, the alerts on their
    way to or delivered to that contact within the longest cooldown."""
    if severity < DEPRESSION:
        return []
    if severity == DEPRESSION:
        if depression_p is None or depression_p < policy.threshold:
            return []
        if days_at_threshold is not None and days_at_threshold < policy.min_days:
            return [
                AlertDecision(
                    None,
                    "suppress",
                    f"{NOT_SUSTAINED}: depression at the threshold on {days_at_threshold} of the "
                    f"{policy.min_days} days needed within {policy.window.days} days",
                    severity,
                )
            ]
    decisions: list[AlertDecision] = []
    agreed = 0
    for contact in contacts:
        if contact.withdrawn:
            decisions.append(AlertDecision(contact.id, "suppress", WITHDRAWN, severity))
            continue
        if not contact.confirmed:
            decisions.append(AlertDecision(contact.id, "suppress", UNCONFIRMED, severity))
            continue
        agreed += 1
        told = _already_told(policy, severity, past.get(contact.id, []), now)
        if told is not None:
            until = (told.at + policy.cooldown_for(severity)).isoformat(timespec="minutes")
            decisions.append(
                AlertDecision(
                    contact.id,
                    "suppress",
                    f"{COOLDOWN}: already told within the cooldown; next allowed {until}",
                    severity,
                )
            )
            continue
        decisions.append(
            AlertDecision(contact.id, "send", f"{SEVERITY_REASON[severity]} detected", severity)
        )
    if not agreed:
        decisions.append(AlertDecision(None, "suppress", NOBODY, severity))
    return decisions


def _already_told(
    policy: AlertPolicy, severity: int, past: list[PastAlert], now: datetime
) -> PastAlert | None:
    """The recent alert that makes this one redundant: as serious or more, within the cooldown
    of this alert's kind."""
    window = policy.cooldown_for(severity)
    for alert in past:
        if alert.severity >= severity and now - alert.at < window:
            return alert
    return None


__all__ = [
    "ATTEMPT",
    "COOLDOWN",
    "CRISIS",
    "DEPRESSION",
    "NOBODY",
    "NOTHING",
    "NOT_SUSTAINED",
    "SENT_BY",
    "SEVERITY_REASON",
    "UNCONFIRMED",
    "WITHDRAWN",
    "AlertDecision",
    "AlertPolicy",
    "ContactRef",
    "PastAlert",
    "decide",
]
