"""The alert policy: who may be warned when depression is detected, and when.

Pure decisions, no I/O. The rules, in order:

1. Nothing is considered below the depression threshold.
2. Only contacts the person registered *and* who confirmed may be warned; the others get a
   ``suppress`` decision with the reason (so the audit log shows they were not contacted).
3. A cooldown per person: after an alert was sent, no other alert for ``cooldown``.
4. With no confirmed contact at all, one ``suppress`` decision records that nobody was warned.

The message a contact receives says only that the person may be going through a hard time and
asked hamdel to let them know: never what they wrote, said or scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal


@dataclass(frozen=True)
class AlertPolicy:
    threshold: float = 0.8
    cooldown: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if self.cooldown < timedelta(0):
            raise ValueError("cooldown cannot be negative")


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
) -> list[AlertDecision]:
    """What to do for each contact; an empty list means the alert was not even considered."""
    if depression_p < policy.threshold:
        return []
    if last_sent_at is not None and now - last_sent_at < policy.cooldown:
        until = (last_sent_at + policy.cooldown).isoformat(timespec="minutes")
        return [
            AlertDecision(None, "suppress", f"cooldown: an alert was sent; next allowed {until}")
        ]
    confirmed = [c for c in contacts if c.confirmed]
    decisions = [
        AlertDecision(c.id, "suppress", "contact has not confirmed")
        for c in contacts
        if not c.confirmed
    ]
    if not confirmed:
        decisions.append(AlertDecision(None, "suppress", "no confirmed contact"))
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


__all__ = ["AlertDecision", "AlertPolicy", "ContactRef", "alert_message", "decide"]
