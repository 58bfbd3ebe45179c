"""Alerts end to end: policy, real SMTP delivery, audit rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from hamdel.companion import alert_contacts
from hamdel.safety import AlertPolicy, ChannelError, SmtpChannel
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Alert, Contact

NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)
ONE_MESSAGE = AlertPolicy(min_days=1)
"""The delivery tests below warn on one message; the sustained rule has its own tests."""


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            (list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def db_factory(sessions):  # type: ignore[no-untyped-def]
    return sessions


def _person(sessions, *, confirmed: bool, unconfirmed: bool):  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email="p@x.org", password_hash="x", language="en", display_name="Mina"
        )
        if confirmed:
            repo.add_owned(
                db,
                Contact,
                user_id=user.id,
                name="Sam",
                channel="email",
                address="sam@example.org",
                confirmed=True,
            )
        if unconfirmed:
            repo.add_owned(
                db,
                Contact,
                user_id=user.id,
                name="Lee",
                channel="email",
                address="lee@example.org",
                confirmed=False,
            )
        return user.id


def test_confirmed_contact_gets_an_email_and_everything_is_logged(db_factory, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    channels = {
        "email": SmtpChannel(host="127.0.0.1", port=port, sender="hamdel@localhost", starttls=False)
    }
    uid = _person(db_factory, confirmed=True, unconfirmed=True)
    with transaction(db_factory) as db:
        rows = alert_contacts(
            db, user_id=uid, depression_p=0.93, policy=ONE_MESSAGE, channels=channels, now=NOW
        )
    assert sorted(r.status for r in rows) == ["sent", "suppressed"]
    assert [rcpt for rcpt, _ in inbox.messages] == [["sam@example.org"]]
    mail = message_from_bytes(inbox.messages[0][1], policy=policy.default)
    assert "Mina" in mail["Subject"] and "Sam" in mail.get_content()

    # cooldown: a second detection an hour later sends nothing, and says so in the log
    with transaction(db_factory) as db:
        rows = alert_contacts(
            db,
            user_id=uid,
            depression_p=0.99,
            policy=ONE_MESSAGE,
            channels=channels,
            now=NOW + timedelta(hours=1),
        )
    assert [(r.status, "cooldown" in (r.detail or "")) for r in rows] == [("suppressed", True)]
    assert len(inbox.messages) == 1
    # after the cooldown the contact can be warned again
    with transaction(db_factory) as db:
        rows = alert_contacts(
            db,
            user_id=uid,
            depression_p=0.99,
            policy=ONE_MESSAGE,
            channels=channels,
            now=NOW + timedelta(hours=25),
        )
    assert "sent" in [r.status for r in rows] and len(inbox.messages) == 2
    with transaction(db_factory) as db:
        assert len(repo.list_owned(db, Alert, user_id=uid)) == 5


def test_depression_days_counts_different_days_at_the_threshold(db_factory) -> None:  # type: ignore[no-untyped-def]
    from hamdel.store.models import Observation

    uid = _person(db_factory, confirmed=True, unconfirmed=False)
    with transaction(db_factory) as db:
        for hours, p in ((0, 0.9), (2, 0.95), (30, 0.85), (50, 0.5), (-24 * 9, 0.99)):
            repo.add_owned(db, Observation, user_id=uid, source="text",
                           observed_at=NOW + timedelta(hours=hours), depression_p=p)  # fmt: skip
        count = repo.depression_days(db, user_id=uid, threshold=0.8, since=NOW - timedelta(days=7))
    # NOW and NOW+2h share a day, NOW+30h is the next; 0.5 is below, nine days ago is too old
    assert count == 2


def test_below_threshold_nothing_happens(db_factory, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    channels = {
        "email": SmtpChannel(host="127.0.0.1", port=port, sender="h@localhost", starttls=False)
    }
    uid = _person(db_factory, confirmed=True, unconfirmed=False)
    with transaction(db_factory) as db:
        assert (
            alert_contacts(
                db, user_id=uid, depression_p=0.5, policy=ONE_MESSAGE, channels=channels, now=NOW
            )
            == []
        )
    assert inbox.messages == []


def test_nobody_confirmed_means_nobody_is_contacted_and_that_is_logged(db_factory) -> None:  # type: ignore[no-untyped-def]
    class Exploding:
        name = "email"

        def send(self, **_kw: str) -> None:
            raise AssertionError("must not be called")

    uid = _person(db_factory, confirmed=False, unconfirmed=True)
    with transaction(db_factory) as db:
        rows = alert_contacts(
            db,
            user_id=uid,
            depression_p=0.95,
            policy=ONE_MESSAGE,
            channels={"email": Exploding()},
            now=NOW,
        )
    assert {r.detail for r in rows} == {"contact has not confirmed", "no confirmed contact"}
    assert all(r.status == "suppressed" for r in rows)


def test_delivery_failure_is_recorded_as_failed(db_factory) -> None:  # type: ignore[no-untyped-def]
    class Down:
        name = "email"

        def send(self, **_kw: str) -> None:
            raise ChannelError("e-mail not sent: connection refused")

    uid = _person(db_factory, confirmed=True, unconfirmed=False)
    with transaction(db_factory) as db:
        rows = alert_contacts(
            db,
            user_id=uid,
            depression_p=0.95,
            policy=ONE_MESSAGE,
            channels={"email": Down()},
            now=NOW,
        )
    # the person's log gets a plain reason; the channel's own error goes to our log only
    assert [(r.status, r.detail) for r in rows] == [("failed", "could not be sent by email")]
    # a failed alert does not start the cooldown
    with transaction(db_factory) as db:
        assert repo.last_alert_sent_at(db, user_id=uid) is None


def test_unreachable_smtp_server_raises_channel_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    channel = SmtpChannel(
        host="127.0.0.1", port=port, sender="h@localhost", starttls=False, timeout_s=2
    )
    with pytest.raises(ChannelError):
        channel.send(address="a@b.org", subject="s", body="b")
