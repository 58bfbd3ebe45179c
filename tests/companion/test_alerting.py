"""The alert chain end to end: decisions in the outbox, delivery after commit through Apprise
to a real SMTP server and a real HTTP gateway on loopback, retries, severity, every attempt
logged; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from hamdel.companion.alerting import alert_contacts
from hamdel.companion.courier import RETRY_AFTER, Courier, deliver_due
from hamdel.safety import ATTEMPT, CRISIS, DEPRESSION, AlertPolicy, Sender, Smtp
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Alert, Contact, Delivery, DeliveryAttempt, Observation
from tests.conftest import free_port

NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)
ONE_MESSAGE = AlertPolicy(min_days=1)
"""Depression warns on one message here; the sustained rule has its own tests."""


def _sender(port: int, *, gateway: int | None = None) -> Sender:
    return Sender(
        smtp=Smtp("127.0.0.1", port, "hamdel@localhost", starttls=False),
        sms_gateway=f"json://127.0.0.1:{gateway}/sms?:to={{phone}}" if gateway else None,
        allow_private=True,
    )


def _courier(sender: Sender, at: datetime = NOW) -> Courier:
    return Courier(sender=sender, base_url="https://hamdel.example.org", clock=lambda: at)


def _person(sessions, *contacts: tuple[str, str, str, bool], country: str | None = "GB"):  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email="p@x.org", password_hash="x", language="en", display_name="Mina"
        )
        if country:
            repo.set_profile_attribute(
                db, user_id=user.id, name="country", value=country, consent=True
            )
        for name, channel, address, confirmed in contacts:
            repo.add_owned(db, Contact, user_id=user.id, name=name, channel=channel,
                           address=address, confirmed=confirmed,
                           withdraw_token=f"w-{name}-token")  # fmt: skip
        return user.id


SAM = ("Sam", "email", "sam@example.org", True)
LEE = ("Lee", "email", "lee@example.org", False)


def _alert(sessions, uid, severity, sender, at=NOW, policy=ONE_MESSAGE, p=None):  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return alert_contacts(db, user_id=uid, severity=severity, depression_p=p,
                              policy=policy, sender=sender, now=at)  # fmt: skip


def test_a_crisis_reaches_the_contact_by_email_after_commit_and_everything_is_logged(
    sessions, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    sender = _sender(port)
    uid = _person(sessions, SAM, LEE)
    told = _alert(sessions, uid, CRISIS, sender)
    assert (told.queued, told.unreachable) == (1, 0)
    assert inbox.messages == []  # nothing is sent in the deciding transaction
    report = deliver_due(sessions, _courier(sender))
    assert report.sent == 1
    assert [rcpt for rcpt, _ in inbox.messages] == [["sam@example.org"]]
    mail = message_from_bytes(inbox.messages[0][1], policy=policy.default)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Mina may be in danger now" in mail["Subject"]
    # the danger text: call them; emergency services of the person's country; a withdraw link
    assert "call them now" in text and "999" in text and "United Kingdom" in text
    assert "https://hamdel.example.org/contacts/withdraw?token=w-Sam-token" in text
    assert mail["X-Hamdel-Key"]
    with transaction(sessions) as db:
        alerts = repo.list_owned(db, Alert, user_id=uid)
        assert sorted(a.status for a in alerts) == ["sent", "suppressed"]
        attempts = repo.list_owned(db, DeliveryAttempt, user_id=uid)
        assert [a.outcome for a in attempts] == ["sent"]
        sam = next(c for c in repo.list_owned(db, Contact, user_id=uid) if c.name == "Sam")
        assert sam.last_delivery_at is not None and sam.last_error is None
    assert deliver_due(sessions, _courier(sender)).sent == 0  # nothing twice


def test_depression_alert_says_hard_time_and_never_quotes(sessions, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    sender = _sender(port)
    uid = _person(sessions, SAM)
    assert _alert(sessions, uid, DEPRESSION, sender, p=0.93).queued == 1
    deliver_due(sessions, _courier(sender))
    mail = message_from_bytes(inbox.messages[0][1], policy=policy.default)
    assert "having a hard time" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "check in with them" in body and "call them now" not in body


def test_a_crisis_is_not_held_back_by_a_depression_alert_nor_an_attempt_by_a_crisis(
    sessions, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    sender = _sender(port)
    uid = _person(sessions, SAM)
    assert _alert(sessions, uid, DEPRESSION, sender, p=0.95).queued == 1
    assert _alert(sessions, uid, CRISIS, sender, at=NOW + timedelta(hours=3)).queued == 1
    # the same crisis again within the crisis cooldown: already told
    again = _alert(sessions, uid, CRISIS, sender, at=NOW + timedelta(hours=3, minutes=10))
    assert again.queued == 0
    # worse ("im on the roof now") two hours after: at once
    assert (
        _alert(sessions, uid, ATTEMPT, sender, at=NOW + timedelta(hours=3, minutes=20)).queued == 1
    )
    # a crisis after the crisis cooldown goes again
    assert _alert(sessions, uid, CRISIS, sender, at=NOW + timedelta(hours=5)).queued == 1
    # depression within a day of a crisis alert: the contact already knows more
    assert (
        _alert(sessions, uid, DEPRESSION, sender, at=NOW + timedelta(hours=6), p=0.99).queued == 0
    )
    deliver_due(sessions, _courier(sender, NOW + timedelta(hours=6)))
    assert len(inbox.messages) == 4


def test_a_failed_delivery_is_retried_with_backoff_then_sent(sessions, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    down = Sender(smtp=Smtp("127.0.0.1", free_port(), "h@localhost", starttls=False),
                  allow_private=True, timeout_s=2)  # fmt: skip
    uid = _person(sessions, SAM)
    _alert(sessions, uid, CRISIS, down)
    report = deliver_due(sessions, _courier(down))
    assert (report.sent, report.retried) == (0, 1)
    # not due again before its backoff
    assert deliver_due(sessions, _courier(_sender(port), NOW + timedelta(seconds=5))).sent == 0
    report = deliver_due(sessions, _courier(_sender(port), NOW + timedelta(seconds=11)))
    assert report.sent == 1 and len(inbox.messages) == 1
    with transaction(sessions) as db:
        assert [a.outcome for a in repo.list_owned(db, DeliveryAttempt, user_id=uid, limit=10)][
            ::-1
        ] in (["retry", "sent"], ["sent", "retry"])
        (alert,) = [a for a in repo.list_owned(db, Alert, user_id=uid) if a.contact_id]
        assert alert.status == "sent"


def test_a_crisis_held_back_by_an_alert_that_then_fails_is_sent(sessions, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    """Found by the fault benchmark: the cooldown counts alerts on their way; when that alert
    is finally given up, what it held back must go."""
    inbox, port = smtp_inbox
    down = Sender(smtp=Smtp("127.0.0.1", free_port(), "h@localhost", starttls=False),
                  allow_private=True, timeout_s=2)  # fmt: skip
    uid = _person(sessions, SAM)
    _alert(sessions, uid, CRISIS, down)
    assert deliver_due(sessions, _courier(down)).retried == 1
    held = _alert(sessions, uid, CRISIS, down, at=NOW + timedelta(minutes=5))
    assert held.queued == 0  # within the crisis cooldown of the first, still being retried
    at = NOW
    for wait in RETRY_AFTER:  # the mail server stays down until the first is given up
        at += wait + timedelta(seconds=1)
        deliver_due(sessions, _courier(down, at))
    with transaction(sessions) as db:
        first, second = sorted(
            (a for a in repo.list_owned(db, Alert, user_id=uid) if a.contact_id),
            key=lambda a: a.created_at,
        )
        assert first.status == "failed" and second.status == "pending"
    # (it went out at once, with the server still down: retried, and sent once it is back)
    report = deliver_due(sessions, _courier(_sender(port), at + timedelta(minutes=1)))
    assert report.sent == 1 and [r for r, _ in inbox.messages] == [["sam@example.org"]]


def test_an_unreachable_contact_fails_at_once_and_the_person_is_told(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions, SAM, ("Ali", "phone", "+447700900123", True))
    told = _alert(sessions, uid, CRISIS, Sender())  # no SMTP, no SMS gateway
    assert (told.queued, told.unreachable) == (0, 2)
    with transaction(sessions) as db:
        details = sorted(a.detail for a in repo.list_owned(db, Alert, user_id=uid) if a.contact_id)
        assert all(d.startswith("cannot be reached") for d in details)
        assert repo.list_owned(db, Delivery, user_id=uid) == []


def test_phone_contacts_go_through_the_sms_gateway(sessions, smtp_inbox, gateway) -> None:  # type: ignore[no-untyped-def]
    _inbox, port = smtp_inbox
    received, gw_port = gateway
    sender = _sender(port, gateway=gw_port)
    uid = _person(sessions, ("Ali", "phone", "+44 7700 900123", True))
    assert _alert(sessions, uid, CRISIS, sender).queued == 1
    assert deliver_due(sessions, _courier(sender)).sent == 1
    (hit,) = received
    assert hit["path"].startswith("/sms") and hit["json"]["to"] == "+447700900123"
    assert "Mina may be in danger now" in hit["json"]["title"]
    assert hit["headers"].get("X-Hamdel-Key")


def test_two_couriers_at_once_deliver_each_alert_once(sessions, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    inbox.delay = 0.2
    sender = _sender(port)
    contacts = [(f"C{i}", "email", f"c{i}@example.org", True) for i in range(6)]
    uid = _person(sessions, *contacts)
    assert _alert(sessions, uid, CRISIS, sender).queued == 6
    threads = [threading.Thread(target=deliver_due, args=(sessions, _courier(sender)))
               for _ in range(3)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r, _ in inbox.messages) == sorted(c[2] for c in contacts)


def test_depression_days_counts_different_days_at_the_threshold(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions, SAM)
    with transaction(sessions) as db:
        for hours, p in ((0, 0.9), (2, 0.95), (30, 0.85), (50, 0.5), (-24 * 9, 0.99)):
            repo.add_owned(db, Observation, user_id=uid, source="text",
                           observed_at=NOW + timedelta(hours=hours), depression_p=p)  # fmt: skip
        count = repo.depression_days(db, user_id=uid, threshold=0.8, since=NOW - timedelta(days=7))
    assert count == 2


def test_below_threshold_or_not_sustained_nothing_is_queued(sessions, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    _inbox, port = smtp_inbox
    uid = _person(sessions, SAM)
    assert _alert(sessions, uid, DEPRESSION, _sender(port), p=0.5).queued == 0
    sustained = AlertPolicy()  # two days needed
    assert _alert(sessions, uid, DEPRESSION, _sender(port), p=0.95, policy=sustained).queued == 0
    with transaction(sessions) as db:
        (row,) = repo.list_owned(db, Alert, user_id=uid)
        assert row.detail.startswith("not sustained yet")
