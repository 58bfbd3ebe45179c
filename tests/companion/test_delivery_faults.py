"""The outbox under faults: a courier killed with SIGKILL mid-delivery, and delivery as a Celery
job on a real Redis. The SMTP server is real (aiosmtpd on loopback); the killed courier is a
real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest

from hamdel.companion.alerting import alert_contacts
from hamdel.companion.courier import Courier, deliver_due
from hamdel.safety import CRISIS, AlertPolicy, Sender, Smtp
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Alert, Contact, Delivery, DeliveryAttempt

LEASE_S = 2
COURIER = """
import sys
from datetime import timedelta
from hamdel.companion.courier import Courier, deliver_due
from hamdel.safety import Sender, Smtp
from hamdel.store import make_engine, make_session_factory
url, port, lease = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
sender = Sender(smtp=Smtp("127.0.0.1", port, "hamdel@localhost", starttls=False),
                allow_private=True)
courier = Courier(sender=sender, base_url="https://hamdel.example.org",
                  lease=timedelta(seconds=lease))
print(deliver_due(make_session_factory(make_engine(url)), courier).to_dict(), flush=True)
"""


def _sender(port: int) -> Sender:
    return Sender(smtp=Smtp("127.0.0.1", port, "hamdel@localhost", starttls=False),
                  allow_private=True)  # fmt: skip


def _crisis_for_one_contact(sessions, port: int) -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid = repo.create_user(
            db, email="p@x.org", password_hash="x", language="en", display_name="Mina"
        ).id
        repo.add_owned(db, Contact, user_id=uid, name="Sam", channel="email",
                       address="sam@example.org", confirmed=True,
                       withdraw_token="w-sam-token")  # fmt: skip
    with transaction(sessions) as db:
        told = alert_contacts(db, user_id=uid, severity=CRISIS, policy=AlertPolicy(),
                              sender=_sender(port), now=datetime.now(UTC))  # fmt: skip
    assert told.queued == 1
    return uid


def _courier_process(url: str, port: int) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "-c", COURIER, url, str(port), str(LEASE_S)],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(root / "src")},
    )  # fmt: skip


def _wait(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def _deliver_after_the_lease(sessions, port: int):  # type: ignore[no-untyped-def]
    courier = Courier(sender=_sender(port), base_url="https://hamdel.example.org")
    assert deliver_due(sessions, courier).sent == 0  # the dead worker's lease still holds
    time.sleep(LEASE_S + 0.5)
    return deliver_due(sessions, courier)


def test_a_courier_killed_mid_send_is_delivered_once_after_restart(
    sessions, database_url, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp_inbox
    uid = _crisis_for_one_contact(sessions, port)
    inbox.delay = 5.0  # the message is in flight when the worker dies
    proc = _courier_process(database_url, port)
    _wait(lambda: inbox.arrivals == 1 or proc.poll() is not None)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    _kill(proc)
    with transaction(sessions) as db:
        (delivery,) = repo.list_owned(db, Delivery, user_id=uid)
        assert delivery.status == "sending" and delivery.attempts == 1
        assert repo.list_owned(db, DeliveryAttempt, user_id=uid) == []
    inbox.delay = 0.0
    courier = Courier(sender=_sender(port), base_url="https://hamdel.example.org")
    assert deliver_due(sessions, courier).sent == 0  # the dead worker's lease still holds
    time.sleep(5.5)  # the server ends the abandoned transaction, keeping nothing; the lease ends
    assert inbox.messages == []
    assert deliver_due(sessions, courier).sent == 1
    assert [rcpt for rcpt, _ in inbox.messages] == [["sam@example.org"]]
    with transaction(sessions) as db:
        (alert,) = repo.list_owned(db, Alert, user_id=uid)
        (delivery,) = repo.list_owned(db, Delivery, user_id=uid)
        assert alert.status == "sent" and delivery.status == "sent" and delivery.attempts == 2
        assert [a.outcome for a in repo.list_owned(db, DeliveryAttempt, user_id=uid)] == ["sent"]
    assert deliver_due(sessions, Courier(sender=_sender(port), base_url="x")).sent == 0


def test_killed_after_the_server_kept_it_the_copy_carries_the_same_key(
    sessions, database_url, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    """The one window no outbox can close: the message was kept but the worker died before it
    heard so. The retry carries the same ``X-Hamdel-Key``, so a receiver shows it once."""
    inbox, port = smtp_inbox
    uid = _crisis_for_one_contact(sessions, port)
    inbox.ack_delay = 3.0
    proc = _courier_process(database_url, port)
    _wait(lambda: len(inbox.messages) == 1 or proc.poll() is not None)
    _kill(proc)
    inbox.ack_delay = 0.0
    assert _deliver_after_the_lease(sessions, port).sent == 1
    keys = {message_from_bytes(raw)["X-Hamdel-Key"] for _, raw in inbox.messages}
    assert len(inbox.messages) == 2 and len(keys) == 1 and None not in keys
    with transaction(sessions) as db:
        (alert,) = repo.list_owned(db, Alert, user_id=uid)
        assert alert.status == "sent"


@pytest.mark.redis
def test_delivery_runs_as_a_celery_job_on_redis_once(
    tmp_path: Path, redis_url: str, smtp_inbox, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from celery.contrib.testing.worker import start_worker

    from hamdel.core.settings import get_settings
    from hamdel.jobs import monitor
    from hamdel.jobs.celery_backend import CeleryQueue, make_celery
    from hamdel.store import make_engine, make_session_factory, upgrade

    inbox, port = smtp_inbox
    url = f"sqlite:///{tmp_path / 'celery.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    for name, value in {
        "DATABASE_URL": url, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
        "SMTP_FROM": "hamdel@localhost", "SMTP_STARTTLS": "false",
        "OUTBOUND_ALLOW_PRIVATE": "true", "MODELS_DIR": str(tmp_path / "models"),
        "BASE_URL": "https://hamdel.example.org", "JOB_BACKEND": "celery", "REDIS_URL": redis_url,
    }.items():  # fmt: skip
        monkeypatch.setenv(f"HAMDEL_{name}", value)
    caches = (get_settings, monitor.service_components, monitor.sessions_for)
    for cached in caches:
        cached.cache_clear()
    uid = _crisis_for_one_contact(sessions, port)
    app = make_celery(redis_url)
    queue = CeleryQueue(redis_url, app=app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            first = queue.submit("hamdel.deliveries.run").result(timeout=120)
            again = queue.submit("hamdel.deliveries.run").result(timeout=60)
    finally:
        app.close()
        for cached in caches:
            cached.cache_clear()
    assert first["sent"] == 1 and again["sent"] == 0
    assert [rcpt for rcpt, _ in inbox.messages] == [["sam@example.org"]]
    with transaction(sessions) as db:
        assert repo.list_owned(db, Alert, user_id=uid)[0].status == "sent"


def test_a_send_that_outlasts_its_lease_cannot_overwrite_the_next_claim(
    sessions, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    """Found by the fault benchmark: worker A's send outlived its lease, B claimed again and
    sent, then A's stale "retry" put the delivery back to pending and B's "sent" was refused."""
    _, port = smtp_inbox
    uid = _crisis_for_one_contact(sessions, port)
    now = datetime.now(UTC)
    with transaction(sessions) as db:
        a = repo.claim_delivery(db, now=now, lease_until=now + timedelta(seconds=1))
        assert a is not None
        a_id, a_attempt = a.id, a.attempts
    later = now + timedelta(seconds=5)  # A's lease has run out: B claims it again
    with transaction(sessions) as db:
        b = repo.claim_delivery(db, now=later, lease_until=later + timedelta(seconds=90))
        assert b is not None and b.id == a_id and b.attempts == a_attempt + 1
        b_attempt = b.attempts
    with transaction(sessions) as db:  # A comes back late with a failure: refused
        assert not repo.record_attempt(db, delivery_id=a_id, outcome="retry", error="451",
                                       now=later, retry_at=later, attempt=a_attempt)  # fmt: skip
    with transaction(sessions) as db:  # B's success counts
        assert repo.record_attempt(db, delivery_id=a_id, outcome="sent", error=None, now=later,
                                   alert_detail="sent by email", attempt=b_attempt)  # fmt: skip
    with transaction(sessions) as db:
        (delivery,) = repo.list_owned(db, Delivery, user_id=uid)
        (alert,) = repo.list_owned(db, Alert, user_id=uid)
        assert delivery.status == "sent" and alert.status == "sent"
        assert [a.outcome for a in repo.list_owned(db, DeliveryAttempt, user_id=uid)] == ["sent"]
