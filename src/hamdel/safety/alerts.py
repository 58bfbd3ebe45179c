"""The alert policy: who may be warned when depression is detected, and when.

Pure decisions, no I/O. The rules, in order:

1. Nothing is considered below the depression threshold.
2. Depression must be sustained: at the threshold on at least ``min_days`` different days within
   ``window`` (default two days in a week). One sad message never warns anyone; until then a
   ``suppress`` decision records that hamdel noticed and waited. Crisis language is not held
   back (the caller passes no day count).
3. Only contacts the person registered *and* who confirmed may be warned; the others get a
   ``suppress`` decision with the reason (so the audit log shows they were not contacted).
4. A cooldown per person: after an alert was sent, no other alert for ``cooldown``.
5. With no confirmed contact at all, one ``suppress`` decision records that nobody was warned.

The message a contact receives says only that the person may be going through a hard time and
asked hamdel to let them know: never what they wrote, said or scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

NOT_SUSTAINED = "not sustained yet"
COOLDOWN = "cooldown"
UNCONFIRMED = "contact has not confirmed"
NOBODY = "no confirmed contact"
SENT_BY = "sent by"
"""How each recorded decision's reason begins (the alert log on the web translates by them)."""


@dataclass(frozen=True)
class AlertPolicy:
    threshold: float = 0.8
    cooldown: timedelta = timedelta(hours=24)
    min_days: int = 2
    """Different days (UTC) with depression at the threshold within ``window`` before contacts
    are warned; 1 warns on a single message (the rule before 2026-12-03). Single messages reach
    the threshold too often to warn on: 11 % of ordinary "i feel ..." tweets do (dair-ai test,
    models/text_depression/MODEL_CARD.md)."""
    window: timedelta = timedelta(days=7)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if self.cooldown < timedelta(0):
            raise ValueError("cooldown cannot be negative")
        if self.min_days < 1:
            raise ValueError("min_days must be at least 1")
        if self.window <= timedelta(0):
            raise ValueError("window must be positive")


@dataclass(frozen=True)
class ContactRef:
    id: int
    name: str
    channel: str
    address: str
    confirmed: bool


@dataclass(frozen=True)
class AlertDecision:
    contact_id: int | None
    action: Literal["send", "suppress"]
    reason: str


def decide(
    policy: AlertPolicy,
    *,
    depression_p: float,
    contacts: list[ContactRef],
    last_sent_at: datetime | None,
    now: datetime,
    days_at_threshold: int | None = None,
) -> list[AlertDecision]:
    """What to do for each contact; an empty list means the alert was not even considered.

    ``days_at_threshold``: on how many different days within ``policy.window`` depression
    reached the threshold, this message included; ``None`` for crisis (never held back)."""
    if depression_p < policy.threshold:
        return []
    if days_at_threshold is not None and days_at_threshold < policy.min_days:
        return [
            AlertDecision(
                None,
                "suppress",
                f"{NOT_SUSTAINED}: depression at the threshold on {days_at_threshold} of the "
                f"{policy.min_days} days needed within {policy.window.days} days",
            )
        ]
    if last_sent_at is not None and now - last_sent_at < policy.cooldown:
        until = (last_sent_at + policy.cooldown).isoformat(timespec="minutes")
        return [
            AlertDecision(None, "suppress", f"{COOLDOWN}: an alert was sent; next allowed {until}")
        ]
    confirmed = [c for c in contacts if c.confirmed]
    decisions = [AlertDecision(c.id, "suppress", UNCONFIRMED) for c in contacts if not c.confirmed]
    if not confirmed:
        decisions.append(AlertDecision(None, "suppress", NOBODY))
    decisions.extend(AlertDecision(c.id, "send", "depression detected") for c in confirmed)
    return decisions


ALERT_TEXT = {
    "en": (
        "hamdel: {name} may be going through a hard time",
        "Hello {contact},\n\n{name} asked hamdel, a wellbeing companion, to let you know if they "
        "might be going through a hard time. This may be such a moment. A kind message or a call "
        "from you could help.\n\nhamdel is not a medical service. If you think {name} is in "
        "danger, contact local emergency services.\n",
    ),
    "fa": (
        "همدل: ممکن است {name} روزهای سختی را بگذراند",
        "سلام {contact}،\n\n{name} از همدل خواسته است اگر ممکن است حال خوبی نداشته باشد، به شما "
        "خبر بدهیم. شاید الان چنین وقتی باشد. یک پیام یا تماس محبت‌آمیز از طرف شما می‌تواند کمک کند."
        "\n\nهمدل یک خدمت پزشکی نیست. اگر فکر می‌کنید {name} در خطر است، با اورژانس تماس بگیرید.\n",
    ),
}


def alert_message(*, language: str, person_name: str, contact_name: str) -> tuple[str, str]:
    """Subject and body of the alert, in the person's language."""
    subject, body = ALERT_TEXT["fa" if language == "fa" else "en"]
    return subject.format(name=person_name), body.format(name=person_name, contact=contact_name)


__all__ = [
    "COOLDOWN",
    "NOBODY",
    "NOT_SUSTAINED",
    "SENT_BY",
    "UNCONFIRMED",
    "AlertDecision",
    "AlertPolicy",
    "ContactRef",
    "alert_message",
    "decide",
]
