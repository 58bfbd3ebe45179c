"""Alerts: the outbox under faults, and what an alert adds to the request that triggers it.

    .venv/bin/python -m benchmarks.alert_bench [--part faults,latency] [--runs 100] [--seed 7] \
        [--db sqlite,postgres] [--lease 2] [--slow 0.1] [--people 2] [--messages 20] \
        [--smtp-delay 2]

``faults``: ``--runs`` seeded runs, alternating the databases. Each run: a fresh database; a
person with 1-3 confirmed e-mail contacts (sometimes one more who has not agreed or who
withdrew); 1-6 depression, crisis or attempt events at realistic times, each decided with
``alert_contacts`` in its own transaction (some while couriers run); then 2-3 couriers at once
(subprocesses and threads) against a real SMTP server (aiosmtpd on loopback) that answers 451
to its first k messages, is stopped, or holds a message before keeping it or before saying so,
while the subprocesses are killed with SIGKILL before, during or after the SMTP transaction;
in a share ``--slow`` of the runs the server is alive but slow (each send outlasts the lease,
every reply within the socket timeout). Then everything heals and an in-process courier whose
clock jumps forward an hour a pass runs until nothing is due. Checked against the database and
what the SMTP server kept (by ``X-Hamdel-Key``): lost alerts, duplicates (a copy the server
kept whose sender never heard so, i.e. the ack window, or anything else), messages to contacts
who did not agree, and the policy (a crisis or attempt alert to a confirmed contact is
suppressed only when an alert as serious or more reached that contact within the crisis
cooldown).

``latency``: ``hamdel serve`` as a person starts it (as ``benchmarks/load_bench.py``), its
mail going to a local SMTP server that takes ``--smtp-delay`` seconds per message. People sign
up, add an e-mail contact who agrees through the real invitation (link token and code read
from the e-mail), then send ordinary and crisis messages, interleaved and one at a time; a
control person with no contact sends the same. /api/chat latency per kind, what an alert adds,
and when each alert reached the SMTP server. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks._report import merge_subsections, read_section, save_part, write_section
from benchmarks.load_bench import MESSAGES, _call, _person
from benchmarks.load_bench import _serve as serve

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("HAMDEL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BASE_URL = "https://hamdel.example.org"
SECTION = "## Alerts: the outbox under faults, and the latency of an alert"

# -- the SMTP server ---------------------------------------------------------------------------


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _closing(server: Any) -> bool:
    return server.transport is None or server.transport.is_closing()


@dataclass
class Copy:
    """One message the SMTP server kept."""

    key: str
    rcpt: list[str]
    kept: float  # time.monotonic()
    heard: bool = False
    """The 250 went out on an open connection (False: the sender died or the server stopped
    before it could say so, so the sender cannot know the message was kept)."""


class FaultInbox:
    """An aiosmtpd handler with faults: 451 to the next ``refuse`` messages; ``pre_delay``
    before accepting a recipient (a window before DATA), ``delay`` after DATA before keeping,
    ``ack_delay`` after keeping before the 250, ``quit_delay`` before answering QUIT (the
    sender has its 250 but has not recorded it)."""

    def __init__(self) -> None:
        self.copies: list[Copy] = []
        self.state: dict[str, tuple[str, float]] = {}
        """key -> (phase of its latest DATA, monotonic time that DATA began)."""
        self.refuse = 0
        self.refused = 0
        self.pre_delay = self.delay = self.ack_delay = self.quit_delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.pre_delay:
            await asyncio.sleep(self.pre_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        raw = envelope.original_content or envelope.content
        key = str(BytesHeaderParser().parsebytes(raw).get("X-Hamdel-Key", ""))
        began = time.monotonic()
        if self.refuse > 0:
            self.refuse -= 1
            self.refused += 1
            self.state[key] = ("refused", began)
            return "451 4.3.0 try again later"
        self.state[key] = ("data", began)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
                if _closing(server):
                    self.state[key] = ("dropped", began)
                    return "451 the sender went away before the end"
        except asyncio.CancelledError:  # the sender died: nothing kept
            self.state[key] = ("dropped", began)
            raise
        copy = Copy(key, list(envelope.rcpt_tos), time.monotonic())
        self.copies.append(copy)
        self.state[key] = ("kept", began)
        if self.ack_delay:
            await asyncio.sleep(self.ack_delay)  # cancelled when the sender dies: unheard
        copy.heard = not _closing(server)
        self.state[key] = ("acked", began)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.quit_delay:  # the sender has its 250 but has not recorded it yet
            await asyncio.sleep(self.quit_delay)
        return "221 Bye"


class SmtpServer:
    """aiosmtpd on a fixed loopback port that can be stopped and started again."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.port = _port()
        self.controller: Any = None
        self.stops = 0

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self.controller is None:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
            self.controller.start()

    def stop(self, *, fault: bool = False) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
            self.stops += fault


# -- part 1: faults ----------------------------------------------------------------------------

COURIER = r"""
import json, sys, time
from datetime import timedelta
from hamdel.companion.courier import Courier, deliver_due
from hamdel.safety import Sender, Smtp
from hamdel.store import make_engine, make_session_factory


class Traced(Sender):
    def send(self, channel, address, message):
        print("start", message.key, time.monotonic(), flush=True)
        try:
            super().send(channel, address, message)
        except Exception:
            print("fail", message.key, time.monotonic(), flush=True)
            raise
        print("done", message.key, time.monotonic(), flush=True)


url, port, lease = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
engine = make_engine(url)
with engine.connect():
    pass
sender = Traced(smtp=Smtp("127.0.0.1", port, "hamdel@localhost", starttls=False),
                allow_private=True)
courier = Courier(sender=sender, base_url="https://hamdel.example.org",
                  lease=timedelta(seconds=lease))
print("ready", flush=True)
sys.stdin.readline()
for _ in range(3):
    report = deliver_due(make_session_factory(engine), courier).to_dict()
    print("report", json.dumps(report, separators=(",", ":")), flush=True)
    if not any(report.values()):
        break
"""

WINDOWS = (
    "before any send", "before DATA", "during DATA", "ack window", "after 250", "after 451",
    "between",
)  # fmt: skip


@dataclass
class Kill:
    window: str
    key: str | None
    started: float | None
    at: float
    interrupted: bool
    """Its attempt was never recorded (the delivery was still "sending" after the kill)."""


class CourierProcess:
    """A courier subprocess that imports, connects, says "ready", and delivers on "go"; its
    sends are traced on stdout (start/done/fail, key, monotonic time)."""

    def __init__(self, url: str, port: int, lease: float, log: Path) -> None:
        self.log = log.open("w")
        self.popen = subprocess.Popen(
            [sys.executable, "-c", COURIER, url, str(port), str(lease)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
        self.ready = threading.Event()
        self.sends: list[tuple[str, str, float]] = []  # (event, key, monotonic)
        self.reports: list[dict[str, int]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.killed = False

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "ready":
                self.ready.set()
            elif parts[0] == "report":
                self.reports.append(json.loads(parts[1]))
            elif len(parts) == 3:
                self.sends.append((parts[0], parts[1], float(parts[2])))
        self.ready.set()  # it ended (or died) before saying so

    def go(self) -> None:
        assert self.popen.stdin is not None
        try:
            self.popen.stdin.write("go\n")
            self.popen.stdin.flush()
        except OSError:
            pass

    def alive(self) -> bool:
        return self.popen.poll() is None

    def last_send(self) -> tuple[str, float, bool] | None:
        """(key, started, finished) of its latest send."""
        sends = list(self.sends)
        starts = [(k, t) for e, k, t in sends if e == "start"]
        if not starts:
            return None
        key, started = starts[-1]
        finished = any(e != "start" and k == key and t >= started for e, k, t in sends)
        return key, started, finished

    def kill(self) -> None:
        os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self.killed = True
        self.reader.join(timeout=5)  # every line it printed before it died

    def close(self) -> str | None:
        """Wait for it; the tail of its stderr when it failed by itself."""
        if self.alive():
            self.popen.wait(timeout=60)
        self.reader.join(timeout=10)
        self.log.close()
        code = self.popen.returncode
        if code != 0 and not self.killed:
            return f"exit {code}: " + Path(self.log.name).read_text()[-300:]
        return None


def _window(proc: CourierProcess, inbox: FaultInbox) -> tuple[str, str | None, float | None]:
    """How far the courier's latest send had got: (window, key, when that send started)."""
    last = proc.last_send()
    if last is None:
        return "before any send", None, None
    key, started, finished = last
    if finished:
        return "between", key, started
    phase, began = inbox.state.get(key, ("", 0.0))
    if not phase or began < started:  # this attempt has not reached DATA
        return "before DATA", key, started
    window = {"data": "during DATA", "dropped": "during DATA", "kept": "ack window"}
    return window.get(phase, "after 250" if phase == "acked" else "after 451"), key, started


def _status_of(sessions: Any, key: str) -> str | None:
    from sqlalchemy import select

    from hamdel.store import transaction
    from hamdel.store.models import Delivery

    with transaction(sessions) as db:
        return db.scalar(select(Delivery.status).where(Delivery.key == key))


def _killer(
    proc: CourierProcess,
    plan: str,
    inbox: FaultInbox,
    sessions: Any,
    at_random: float,
    kills: list[Kill],
    seconds: float = 8.0,
) -> None:
    """Kill ``proc`` when its send reaches the window ``plan`` names (or at ``at_random`` s)."""
    t0 = time.monotonic()
    deadline = t0 + seconds
    want = {
        "before": "before DATA", "during": "during DATA", "ack": "ack window",
        "after": "after 250",
    }.get(plan)  # fmt: skip
    while time.monotonic() < deadline and proc.alive():
        window, key, started = _window(proc, inbox)
        if window == want or (plan == "random" and time.monotonic() - t0 >= at_random):
            proc.kill()
            window, key, started = _window(proc, inbox)  # what it had reached when it died
            status = _status_of(sessions, key) if key else None
            kills.append(Kill(window, key, started, time.monotonic(), status == "sending"))
            return
        time.sleep(0.002)


@dataclass
class Event:
    at: datetime
    severity: int
    depression_p: float | None = None


@dataclass
class RunResult:
    db: str
    run: int
    events: int = 0
    expected: int = 0
    delivered: int = 0
    lost: int = 0
    lost_detail: list[str] = field(default_factory=list)
    dup_ack: int = 0
    dup_other: int = 0
    dup_detail: list[str] = field(default_factory=list)
    non_consenting: int = 0
    policy_mismatch: int = 0
    invariant_violations: int = 0
    kills: list[str] = field(default_factory=list)
    refused: int = 0
    server_stops: int = 0
    retries: int = 0
    lost_lease: int = 0
    heal_passes: int = 0
    couriers: str = ""
    slow: bool = False
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def _database(kind: str, folder: str, run: int) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder}/run{run}.db"
        return
    import psycopg

    admin = psycopg.connect(POSTGRES, connect_timeout=3, autocommit=True)
    schema = f"hamdel_alert_bench_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def _events(rng: random.Random) -> list[Event]:
    """1-6 events over the last hours: some within the crisis cooldown of the one before."""
    from hamdel.safety import ATTEMPT, CRISIS, DEPRESSION

    gaps = [rng.choice([1, 5, 12, 20, 29, 31, 40, 75, 180, 1500]) + rng.random() for _ in range(6)]
    count = rng.randint(1, 6)
    start = datetime.now(UTC) - timedelta(minutes=sum(gaps[:count]) + 1)
    events, at = [], start
    for i in range(count):
        at += timedelta(minutes=gaps[i])
        severity = rng.choices([DEPRESSION, CRISIS, ATTEMPT], weights=[2, 4, 2])[0]
        p = rng.choice([0.5, 0.85, 0.95]) if severity == DEPRESSION else None
        events.append(Event(at, severity, p))
    return events


def _expected(
    events: list[Event], contacts: list[dict[str, Any]], policy: Any
) -> set[tuple[datetime, int]]:
    """(event time, contact id) of every alert the policy should send (a model of it kept apart
    from ``hamdel.safety.alerts.decide``)."""
    told: dict[int, list[tuple[datetime, int]]] = {}
    out = set()
    for e in events:
        if e.severity == 1 and (e.depression_p or 0) < policy.threshold:
            continue
        window = policy.crisis_cooldown if e.severity >= 2 else policy.cooldown
        for c in contacts:
            if not c["confirmed"] or c["withdrawn"]:
                continue
            past = told.setdefault(c["id"], [])
            if any(s >= e.severity and e.at - at < window for at, s in past):
                continue
            past.append((e.at, e.severity))
            out.add((e.at, c["id"]))
    return out


def _heal(sessions: Any, sender: Any, result: RunResult) -> None:
    """Couriers (two threads) with a clock an hour further each pass, until nothing is due."""
    from sqlalchemy import func, select

    from hamdel.companion.courier import Courier, deliver_due
    from hamdel.store import transaction
    from hamdel.store.models import Delivery

    at = datetime.now(UTC)
    for n in range(1, 16):
        at += timedelta(hours=1)
        courier = Courier(sender=sender, base_url=BASE_URL, clock=lambda at=at: at)
        reports = _threads(2, lambda c=courier: deliver_due(sessions, c), result)
        result.heal_passes = n
        result.lost_lease += sum(r.lost_lease for r in reports)
        with transaction(sessions) as db:
            waiting = db.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.status.in_(("pending", "sending")))
            )
        if not waiting and not any(sum(r.to_dict().values()) for r in reports):
            return


def _threads(n: int, work: Callable[[], Any], result: RunResult, stagger: float = 0.0) -> list[Any]:
    out: list[Any] = []

    def one() -> None:
        try:
            out.append(work())
        except Exception as exc:  # recorded: the benchmark reports it
            result.errors.append(f"courier thread: {type(exc).__name__}: {exc}"[:300])

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
        time.sleep(stagger)
    for t in threads:
        t.join()
    return out


def fault_run(
    kind: str, run: int, rng: random.Random, lease: float, folder: str, slow: float = 0.1
) -> RunResult:
    from sqlalchemy import func, select

    from hamdel.companion.alerting import alert_contacts
    from hamdel.companion.courier import Courier, deliver_due
    from hamdel.safety import AlertPolicy, Sender, Smtp
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo
    from hamdel.store.models import Contact, DeliveryAttempt

    result = RunResult(kind, run)
    started = time.monotonic()
    policy = AlertPolicy(min_days=1)
    inbox = FaultInbox()
    smtp = SmtpServer(inbox)
    smtp.start()
    sender = Sender(
        smtp=Smtp("127.0.0.1", smtp.port, "hamdel@localhost", starttls=False), allow_private=True
    )
    # the faults of this run
    result.slow = rng.random() < slow
    n_proc = 1 if result.slow else rng.choice([1, 2])  # slow: two couriers polling in-process
    n_thread = 2 if result.slow else 1 if n_proc == 2 else rng.choice([1, 2])
    plans = [
        rng.choice(["before", "during", "ack", "ack", "after", "random", "none"])
        for _ in range(n_proc)
    ]
    refuse = rng.choice([0, 0, 1, 2, 3, 5])  # armed once the kills are done (or missed)
    stop_at = rng.uniform(0.1, 1.5) if rng.random() < 0.25 else None
    inbox.pre_delay = rng.uniform(0.15, 0.35) if "before" in plans else 0.0
    inbox.delay = rng.uniform(0.2, 0.5) if "during" in plans else 0.0
    inbox.ack_delay = rng.uniform(0.2, 0.5) if "ack" in plans else 0.0
    inbox.quit_delay = rng.uniform(0.2, 0.5) if "after" in plans else 0.0
    if result.slow:  # alive but slow: each send outlasts the lease (every reply < the timeout)
        inbox.pre_delay = inbox.delay = 0.6 * lease
    result.couriers = f"{n_proc}p+{n_thread}t " + ",".join(plans)
    events = _events(rng)
    result.events = len(events)
    n_confirmed = rng.randint(1, 3)
    extra = rng.choices(["", "unconfirmed", "withdrawn"], weights=[5, 3, 2])[0]
    before = rng.randint(1, len(events))  # decided before the couriers start; the rest during
    with _database(kind, folder, run) as url:
        procs = [
            CourierProcess(url, smtp.port, lease, Path(folder) / f"courier{run}-{i}.log")
            for i in range(n_proc)
        ]
        engine = make_engine(url)
        try:
            upgrade(engine)
            sessions = make_session_factory(engine)
            with transaction(sessions) as db:
                uid = repo.create_user(
                    db, email=f"p{run}@example.org", password_hash="x", language="en",
                    display_name="Mina",
                ).id  # fmt: skip
                repo.set_profile_attribute(
                    db, user_id=uid, name="country", value="GB", consent=True
                )
                rows = [(f"C{i}", True, None) for i in range(n_confirmed)]
                if extra:
                    gone = datetime.now(UTC) if extra == "withdrawn" else None
                    rows.append(("X", extra == "withdrawn", gone))
                contacts = []
                for name, confirmed, withdrawn in rows:
                    c = repo.add_owned(
                        db, Contact, user_id=uid, name=name, channel="email",
                        address=f"{name.lower()}.r{run}@example.org", confirmed=confirmed,
                        withdraw_token=uuid.uuid4().hex, withdrawn_at=withdrawn,
                    )  # fmt: skip
                    contacts.append({"id": c.id, "address": c.address, "confirmed": confirmed,
                                     "withdrawn": withdrawn is not None})  # fmt: skip

            def decide(e: Event) -> None:
                try:
                    with transaction(sessions) as db:
                        alert_contacts(db, user_id=uid, severity=e.severity, policy=policy,
                                       sender=sender, now=e.at,
                                       depression_p=e.depression_p)  # fmt: skip
                except Exception as exc:  # recorded: the benchmark reports it
                    result.errors.append(f"decide: {type(exc).__name__}: {exc}"[:300])

            for e in events[:before]:
                decide(e)
            for p in procs:
                p.ready.wait(60)
            # the fault phase: 2-3 couriers at once, kills, a refusing or stopped server
            kills: list[Kill] = []
            killers = [
                threading.Thread(
                    target=_killer,
                    args=(p, plan, inbox, sessions, rng.uniform(0.0, 1.2), kills),
                )
                for p, plan in zip(procs, plans, strict=True)
            ]
            stopper = threading.Timer(stop_at, lambda: smtp.stop(fault=True)) if stop_at else None

            def arm() -> None:
                for k in killers:
                    k.join()
                inbox.refuse = refuse

            armer = threading.Thread(target=arm)
            for p in procs:
                p.go()
            for k in killers:
                k.start()
            armer.start()
            if stopper:
                stopper.start()
            courier = Courier(sender=sender, base_url=BASE_URL, lease=timedelta(seconds=lease))

            over = threading.Event()

            def polling() -> int:
                """Passes every 0.25 s until the fault phase is over (as the server's courier
                thread and the monitor do, faster); the leases it found taken over."""
                lost = 0
                while True:
                    lost += deliver_due(sessions, courier).lost_lease
                    if over.wait(0.25):
                        return lost

            def in_process() -> None:
                result.lost_lease += sum(_threads(n_thread, polling, result, stagger=0.05))

            worker = threading.Thread(target=in_process)
            time.sleep(rng.uniform(0.0, 0.3))
            worker.start()
            for e in events[before:]:
                time.sleep(rng.uniform(0.0, 0.4))
                decide(e)
            armer.join()
            if stopper:
                stopper.join()
            for p in procs:
                problem = p.close()
                if problem:
                    result.errors.append(problem)
                result.lost_lease += sum(r.get("lost_lease", 0) for r in p.reports)
            time.sleep(0.5)
            over.set()
            worker.join()
            # heal: the server back, no delays; refusals left over run out on their own
            inbox.pre_delay = inbox.delay = inbox.ack_delay = inbox.quit_delay = 0.0
            smtp.start()
            _heal(sessions, sender, result)
            result.refused, result.server_stops = inbox.refused, smtp.stops
            result.kills = [k.window for k in kills]
            _check(result, sessions, uid, events, contacts, policy, inbox, kills)
            with transaction(sessions) as db:
                result.retries = db.scalar(
                    select(func.count()).where(DeliveryAttempt.outcome == "retry")
                )
        finally:
            for p in procs:
                if p.alive():
                    p.kill()
            engine.dispose()
            smtp.stop()
    result.seconds = time.monotonic() - started
    return result


def _check(
    result: RunResult,
    sessions: Any,
    uid: int,
    events: list[Event],
    contacts: list[dict[str, Any]],
    policy: Any,
    inbox: FaultInbox,
    kills: list[Kill],
) -> None:
    from hamdel.store import repositories as repo
    from hamdel.store import transaction
    from hamdel.store.models import Alert, Delivery

    with transaction(sessions) as db:
        alerts = repo.list_owned(db, Alert, user_id=uid, limit=1000)
        deliveries = {d.alert_id: d for d in repo.list_owned(db, Delivery, user_id=uid, limit=1000)}
    by_contact = {c["id"]: c for c in contacts}
    severity_at = {e.at: e.severity for e in events}
    copies: dict[str, list[Copy]] = {}
    for c in inbox.copies:
        copies.setdefault(c.key, []).append(c)
    expected = _expected(events, contacts, policy)
    result.expected = len(expected)
    # lost: an alert the policy sends that did not end sent, or never reached the server
    actual = {(a.created_at, a.contact_id): a for a in alerts if a.contact_id is not None}
    for at, contact_id in sorted(expected):
        a = actual.get((at, contact_id))
        d = deliveries.get(a.id) if a is not None else None
        address = by_contact[contact_id]["address"]
        got = [c for c in copies.get(d.key, [])] if d is not None else []
        why = (
            "no decision" if a is None
            else f"alert {a.status}" if a.status != "sent"
            else "no delivery" if d is None
            else f"delivery {d.status}" if d.status != "sent"
            else "never reached the SMTP server" if not got
            else "wrong recipient" if any(c.rcpt != [address] for c in got)
            else ""
        )  # fmt: skip
        if why:
            result.lost += 1
            result.lost_detail.append(f"{at:%H:%M} sev {severity_at.get(at)}: {why}")
        else:
            result.delivered += 1
    # the policy, two ways: the model above, and the invariant read from the stored decisions
    sent_now = {k for k, a in actual.items() if a.status != "suppressed"}
    result.policy_mismatch = len(sent_now ^ expected)
    for (at, contact_id), a in actual.items():
        c = by_contact.get(contact_id)
        sev = severity_at.get(at, 0)
        if a.status != "suppressed" or sev < 2 or c is None or not c["confirmed"] or c["withdrawn"]:
            continue
        told = any(
            b.contact_id == contact_id and b.status == "sent" and b.severity >= sev
            and b.created_at < at and at - b.created_at < policy.crisis_cooldown
            for b in alerts
        )  # fmt: skip
        if not told:
            result.invariant_violations += 1
    # messages to contacts who did not agree
    refused = {c["address"] for c in contacts if not c["confirmed"] or c["withdrawn"]}
    result.non_consenting = sum(1 for c in inbox.copies if set(c.rcpt) & refused)
    # duplicates: a copy is explained when its sender never heard it was kept (unheard), or
    # when its sender was killed after the 250 but before it recorded the outcome
    for key, got in copies.items():
        if len(got) < 2:
            continue
        explained = sum(1 for c in got if not c.heard)
        for k in kills:
            if k.key == key and k.interrupted and k.started is not None:
                mine = [c for c in got if k.started <= c.kept <= k.at]
                explained += sum(1 for c in mine if c.heard)
        extra = len(got) - 1
        ack = min(extra, explained)
        result.dup_ack += ack
        result.dup_other += extra - ack
        if extra - ack:
            result.dup_detail.append(
                f"{key[:8]}: {len(got)} copies, heard {[c.heard for c in got]}, "
                f"kills {[(k.window, k.interrupted) for k in kills if k.key == key]}"
            )


def faults(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    kinds = args.db.split(",")
    runs: list[RunResult] = []
    with tempfile.TemporaryDirectory(prefix="hamdel-alert-bench-") as folder:
        for run in range(args.runs):
            kind = kinds[run % len(kinds)]
            r = fault_run(kind, run, random.Random(rng.random()), args.lease, folder, args.slow)
            runs.append(r)
            flag = (
                " LOST" * bool(r.lost) + " DUP" * bool(r.dup_other)
                + " POLICY" * bool(r.policy_mismatch or r.invariant_violations)
                + " ERR" * bool(r.errors)
            )  # fmt: skip
            print(
                f"run {run:3d} {kind:8s} events {r.events} expected {r.expected} lost {r.lost} "
                f"dup {r.dup_ack}/{r.dup_other} kills {r.kills} refused {r.refused} "
                f"stops {r.server_stops} {r.couriers}{' slow' * r.slow} {r.seconds:.1f}s{flag}",
                file=sys.stderr,
                flush=True,
            )
            for line in r.lost_detail + r.dup_detail + r.errors:
                print(f"    {line}", file=sys.stderr, flush=True)
    summary: dict[str, Any] = {}
    for kind in kinds:
        mine = [r for r in runs if r.db == kind]
        windows = {w: sum(r.kills.count(w) for r in mine) for w in WINDOWS}
        summary[kind] = {
            "runs": len(mine),
            "events": sum(r.events for r in mine),
            "alerts_expected": sum(r.expected for r in mine),
            "delivered": sum(r.delivered for r in mine),
            "lost": sum(r.lost for r in mine),
            "duplicates_ack_window": sum(r.dup_ack for r in mine),
            "duplicates_other": sum(r.dup_other for r in mine),
            "to_non_consenting": sum(r.non_consenting for r in mine),
            "policy_mismatches": sum(r.policy_mismatch for r in mine),
            "invariant_violations": sum(r.invariant_violations for r in mine),
            "kills": sum(len(r.kills) for r in mine),
            "kills_by_window": {w: n for w, n in windows.items() if n},
            "smtp_451": sum(r.refused for r in mine),
            "smtp_stops": sum(r.server_stops for r in mine),
            "retries": sum(r.retries for r in mine),
            "lost_lease": sum(r.lost_lease for r in mine),
            "slow_runs": sum(r.slow for r in mine),
            "duplicates_other_slow_runs": sum(r.dup_other for r in mine if r.slow),
            "lost_lease_slow_runs": sum(r.lost_lease for r in mine if r.slow),
            "errors": [e for r in mine for e in r.errors],
            "wall_s": sum(r.seconds for r in mine),
        }
    return {
        "runs": args.runs,
        "seed": args.seed,
        "lease_s": args.lease,
        "slow": args.slow,
        "by_db": summary,
        "anomalies": [
            {
                "run": r.run,
                "db": r.db,
                "slow": r.slow,
                "lost": r.lost_detail,
                "dup": r.dup_detail,
                "errors": r.errors,
            }
            for r in runs
            if r.lost_detail or r.dup_detail or r.errors
        ],
    }


def _faults_markdown(res: dict[str, Any]) -> str:
    lines = [
        "### Fault runs: killed couriers, a refusing or stopped SMTP server, couriers at once",
        "",
        f"{res['runs']} seeded runs (seed {res['seed']}), alternating the databases; a real SMTP "
        "server (aiosmtpd on loopback); courier subprocesses killed with SIGKILL before, during "
        f"or after the SMTP transaction (lease {res['lease_s']:g} s), 2-3 couriers at once, "
        "451 to the first 0-5 messages, the server stopped in a quarter of the runs; then healed "
        "and delivered with a clock an hour further each pass. Target: no crisis alert lost or "
        "duplicated (a copy kept in the ack window, same key, is the one no outbox can avoid).",
        "",
        "| database | runs | events | alerts expected | lost | duplicates: ack window / other "
        "| to contacts who did not agree | policy violations | kills | SMTP 451 / stops "
        "| retries | wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, s in res["by_db"].items():
        lines.append(
            f"| {kind} | {s['runs']} | {s['events']} | {s['alerts_expected']} | **{s['lost']}** "
            f"| {s['duplicates_ack_window']} / **{s['duplicates_other']}** "
            f"| {s['to_non_consenting']} | {s['policy_mismatches'] + s['invariant_violations']} "
            f"| {s['kills']} | {s['smtp_451']} / {s['smtp_stops']} | {s['retries']} "
            f"| {s['wall_s']:.0f} |"
        )
    lines.append("")
    for kind, s in res["by_db"].items():
        by = ", ".join(f"{w} {n}" for w, n in s["kills_by_window"].items()) or "none"
        lines.append(f"Kills on {kind} by what the courier had reached: {by}.")
    lines.append("")
    for kind, s in res["by_db"].items():
        lines.append(
            f"Slow SMTP server on {kind} (alive, every reply within the socket timeout, each send "
            f"1.2 times the lease, two couriers polling): {s['slow_runs']} runs, "
            f"{s['duplicates_other_slow_runs']} of the other duplicates, "
            f"{s['lost_lease_slow_runs']} of the {s['lost_lease']} deliveries whose outcome was "
            "refused because another courier had claimed them."
        )
    if any(s["duplicates_other"] for s in res["by_db"].values()):
        lines += [
            "",
            "Other duplicates: both copies acknowledged, no kill: a send outlasted its lease and "
            "a second courier claimed the delivery and sent it again. The first courier's "
            "outcome is still accepted (`record_attempt` checks that the delivery is "
            '"sending", not whose claim it is) and the second\'s refused; when the first had '
            "failed, the delivery goes back to pending though the second delivered it, and is "
            "sent once more.",
        ]
    lines += [
        "",
        "Policy violations: decisions that differ from a separate model of the policy, plus "
        "crisis or attempt alerts to a confirmed contact suppressed without an alert as serious "
        "or more sent to them within the crisis cooldown.",
        "",
    ]
    return "\n".join(lines)


# -- part 2: latency ---------------------------------------------------------------------------

CRISIS_TEXTS = [
    "I want to end my life",
    "I want to kill myself",
    "I'm going to kill myself tonight",
    "I want to end my life, I can't do this anymore",
]
ATTEMPT_TEXTS = [
    "I took all my pills",
    "I swallowed all my pills an hour ago",
    "I'm on the roof now and I'm going to jump",
    "I took all my sleeping pills just now",
]


class SlowInbox:
    """A mail server that takes ``delay`` seconds over each message; what it kept, and when."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        began = time.time()
        await asyncio.sleep(self.delay)
        raw = envelope.original_content or envelope.content
        mail = message_from_bytes(raw, policy=email_policy.default)
        self.messages.append(
            {
                "rcpt": list(envelope.rcpt_tos),
                "subject": str(mail["Subject"]),
                "key": str(mail["X-Hamdel-Key"]),
                "began": began,
                "kept": time.time(),
                "mail": mail,
                "audio": any(
                    part.get_content_maintype() == "audio" or part.get_filename()
                    for part in mail.iter_attachments()
                ),
            }
        )
        return "250 OK"


def _serve(database_url: str, smtp_port: int) -> tuple[subprocess.Popen[bytes], str]:
    """``hamdel serve`` as load_bench starts it, mailing to the local SMTP server."""
    return serve(
        database_url,
        extra={
            "HAMDEL_SMTP_HOST": "127.0.0.1",
            "HAMDEL_SMTP_PORT": str(smtp_port),
            "HAMDEL_SMTP_FROM": "hamdel@localhost",
            "HAMDEL_SMTP_STARTTLS": "false",
            "HAMDEL_OUTBOUND_ALLOW_PRIVATE": "true",
            "HAMDEL_BASE_URL": BASE_URL,
            "HAMDEL_CRISIS_COOLDOWN_MINUTES": "0",
        },
    )


def _wait_for(condition: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    return None


def _agree(url: str, inbox: SlowInbox, headers: dict[str, str], address: str) -> int:
    """Add ``address`` as an e-mail contact; the contact agrees with the link's token and the
    code from the invitation, from a client with no session. The contact's id."""
    status, made = _call(
        url, "POST", "/api/contacts", {"name": "Sam", "channel": "email", "address": address},
        headers,
    )  # fmt: skip
    if status != 201 or not made["invitation_sent"]:
        raise RuntimeError(f"contact not added: {status} {made}")
    invitation = _wait_for(
        lambda: next((m for m in inbox.messages if m["rcpt"] == [address]), None), 60
    )
    if invitation is None:
        raise RuntimeError(f"no invitation reached {address}")
    body = invitation["mail"].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/contacts/confirm\?\S+", body)
    code = re.search(r"\b(\d{6})\b", body)
    if link is None or code is None:
        raise RuntimeError("the invitation has no link or code")
    token = parse_qs(urlsplit(link.group(0)).query)["token"][0]
    status, _ = _call(url, "POST", "/api/contacts/confirm", {"token": token, "code": code.group(1)})
    _, rows = _call(url, "GET", "/api/contacts", None, headers)
    if status != 200 or rows[0]["state"] != "agreed":
        raise RuntimeError(f"the contact did not agree: {status} {rows}")
    return int(made["id"])


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else float("nan")


def latency(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select

    from hamdel.store import make_engine, make_session_factory, transaction
    from hamdel.store.models import Alert, Delivery, User

    inbox = SlowInbox(args.smtp_delay)
    smtp = SmtpServer(inbox)
    smtp.start()
    samples: dict[str, list[float]] = {"ordinary": [], "crisis, contact told": [],
                                       "crisis, no contact": []}  # fmt: skip
    crises: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="hamdel-alert-latency-") as tmp:
            db_url = f"sqlite:///{tmp}/latency.db"
            proc, url = _serve(db_url, smtp.port)
            try:
                tag = f"lat{int(time.time())}"
                people = []
                for i in range(args.people):
                    headers = _person(url, f"{tag}-{i}@example.org")
                    _agree(url, inbox, headers, f"contact-{tag}-{i}@example.org")
                    people.append((f"{tag}-{i}@example.org", headers, True))
                people.append((f"{tag}-control@example.org",
                               _person(url, f"{tag}-control@example.org"), False))  # fmt: skip
                n = 0
                for r in range(args.messages):
                    for email, headers, has_contact in people:
                        kinds = (
                            ["ordinary", "crisis"] if (r + n) % 2 == 0 else ["crisis", "ordinary"]
                        )
                        for kind in kinds:
                            n += 1
                            if kind == "ordinary":
                                text, severity = f"{MESSAGES[n % len(MESSAGES)]} #{n}", 0
                            elif r % 2 == 0:
                                text, severity = f"{CRISIS_TEXTS[r // 2 % 4]} #{n}", 2
                            else:
                                text, severity = f"{ATTEMPT_TEXTS[r // 2 % 4]} #{n}", 3
                            wall0, t0 = time.time(), time.perf_counter()
                            status, reply = _call(url, "POST", "/api/chat", {"text": text}, headers)
                            took, wall1 = time.perf_counter() - t0, time.time()
                            if status != 200:
                                problems.append(f"{kind}: HTTP {status}")
                                continue
                            if kind == "ordinary":
                                samples["ordinary"].append(took)
                                continue
                            told = reply["contacts_notified"]
                            if reply["kind"] != "crisis" or told != int(has_contact):
                                problems.append(
                                    f"{text!r}: kind {reply['kind']}, contacts told {told}"
                                )
                            key = "crisis, contact told" if has_contact else "crisis, no contact"
                            samples[key].append(took)
                            if has_contact and told:
                                crises.append({"email": email, "t0": wall0, "t1": wall1,
                                               "severity": severity})  # fmt: skip
                requests_done = time.time()

                def alerts_in() -> list[dict[str, Any]]:
                    return [m for m in inbox.messages if "trusted contact" not in m["subject"]]

                _wait_for(
                    lambda: len(alerts_in()) >= len(crises),
                    args.smtp_delay * len(crises) * 1.5 + 60,
                )
                time.sleep(2 * args.smtp_delay)  # anything more (a duplicate) would come now
                engine = make_engine(db_url)
                with transaction(make_session_factory(engine)) as db:
                    rows = db.execute(
                        select(Delivery.key, Delivery.created_at, Delivery.severity, User.email)
                        .join(Alert, Alert.id == Delivery.alert_id)
                        .join(User, User.id == Delivery.user_id)
                    ).all()
                engine.dispose()
            finally:
                proc.terminate()
                proc.wait(30)
    finally:
        smtp.stop()
    received = alerts_in()
    by_key: dict[str, list[dict[str, Any]]] = {}
    for m in received:
        by_key.setdefault(m["key"], []).append(m)
    arrival: list[float] = []
    by_severity: dict[int, list[float]] = {}
    matched = 0
    for key, created, severity, email in rows:
        at = created.timestamp()
        hit = next((c for c in crises if c["email"] == email and c["t0"] <= at <= c["t1"]), None)
        got = by_key.get(key, [])
        if hit is None or not got:
            problems.append(f"alert {key[:8]} ({email}): request found {hit is not None}, "
                            f"copies {len(got)}")  # fmt: skip
            continue
        if hit["severity"] != severity:
            problems.append(f"alert {key[:8]}: severity {severity}, the message {hit['severity']}")
        matched += 1
        arrival.append(got[0]["kept"] - hit["t1"])
        by_severity.setdefault(severity, []).append(got[0]["kept"] - hit["t1"])
        got[0]["t1"] = hit["t1"]
    # what the courier spends on a message besides the mail server's own time: from when it
    # could start (the response, or the end of the message before) to the next DATA
    gaps, free = [], 0.0
    for m in sorted(received, key=lambda m: m["began"]):
        if "t1" in m:
            gaps.append(m["began"] - max(free, m["t1"]))
        free = m["kept"]
    stats = {
        kind: {
            "n": len(v),
            "p50_ms": 1000 * statistics.median(v) if v else None,
            "p95_ms": 1000 * _pct(v, 0.95) if v else None,
            "max_ms": 1000 * max(v) if v else None,
        }
        for kind, v in samples.items()
    }
    told, ordinary, control = (
        stats["crisis, contact told"], stats["ordinary"], stats["crisis, no contact"]
    )  # fmt: skip
    return {
        "people": args.people,
        "messages": args.messages,
        "smtp_delay_s": args.smtp_delay,
        "latency": stats,
        "added_p95_ms_vs_ordinary": told["p95_ms"] - ordinary["p95_ms"],
        "added_p95_ms_vs_no_contact": told["p95_ms"] - control["p95_ms"],
        "added_p50_ms_vs_no_contact": told["p50_ms"] - control["p50_ms"],
        "alerts_queued": len(crises),
        "alerts_in_outbox": len(rows),
        "alerts_received": len(by_key),
        "alert_copies_received": len(received),
        "alerts_matched": matched,
        "arrival_p50_s": statistics.median(arrival) if arrival else None,
        "arrival_p95_s": _pct(arrival, 0.95) if arrival else None,
        "arrival_max_s": max(arrival) if arrival else None,
        "arrival_p50_s_by_severity": {
            {2: "crisis", 3: "attempt"}.get(k, str(k)): statistics.median(v)
            for k, v in sorted(by_severity.items())
        },
        "drain_s": max(m["kept"] for m in received) - requests_done if received else None,
        "courier_gap_p50_s": statistics.median(gaps) if gaps else None,
        "courier_gap_p95_s": _pct(gaps, 0.95) if gaps else None,
        "spoken_attached": sum(1 for m in received if m["audio"]),
        "problems": problems,
    }


def _latency_markdown(res: dict[str, Any]) -> str:
    lines = [
        "### Latency: a request that triggers an alert does not wait for its delivery",
        "",
        f"`hamdel serve` (SQLite, shipped models), mail to a local SMTP server that takes "
        f"{res['smtp_delay_s']:g} s per message; {res['people']} people with a contact who agreed "
        f"through the real invitation, and one with no contact, each sending {res['messages']} "
        "ordinary and as many crisis or attempt messages, interleaved, one request at a time "
        "(crisis cooldown 0: every crisis alerts).",
        "",
        "| /api/chat | n | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for kind, s in res["latency"].items():
        if s["n"]:
            lines.append(
                f"| {kind} | {s['n']} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | {s['max_ms']:.0f} |"
            )
    lines += [
        "",
        f"**p95 added by an alert: {round(res['added_p95_ms_vs_no_contact']):+d} ms** against the "
        f"same crisis messages from the person with no contact (p50 "
        f"{round(res['added_p50_ms_vs_no_contact']):+d} ms), "
        f"{round(res['added_p95_ms_vs_ordinary']):+d} ms "
        "against ordinary messages; target 200 ms. The request commits the decision and the "
        "outbox row and wakes the courier; nothing waits for the mail server.",
        "",
        f"Alerts: {res['alerts_queued']} queued, {res['alerts_received']} received by the SMTP "
        f"server ({res['alert_copies_received']} copies). From the response to the e-mail kept: "
        f"p50 {res['arrival_p50_s']:.1f} s, p95 {res['arrival_p95_s']:.1f} s, max "
        f"{res['arrival_max_s']:.1f} s: one courier sends one message at a time, so at "
        f"{res['smtp_delay_s']:g} s a message the later alerts queue behind the earlier ones "
        f"(the outbox drained {res['drain_s']:.0f} s after the last request; attempts go first: "
        + ", ".join(f"{k} p50 {v:.0f} s" for k, v in res["arrival_p50_s_by_severity"].items())
        + "). Besides the mail "
        f"server's own time the courier spends p50 {res['courier_gap_p50_s']:.2f} s, p95 "
        f"{res['courier_gap_p95_s']:.2f} s on a message (claim, spoken version: "
        f"{res['spoken_attached']} of {res['alert_copies_received']} carried one, connect).",
        "",
    ]
    if res["problems"]:
        lines += ["Problems: " + "; ".join(res["problems"][:10]), ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", default="faults,latency")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default="sqlite,postgres")
    ap.add_argument("--lease", type=float, default=2.0, help="fault-phase couriers' lease (s)")
    ap.add_argument(
        "--slow", type=float, default=0.1, help="share of runs whose SMTP server outlasts the lease"
    )
    ap.add_argument("--people", type=int, default=2)
    ap.add_argument("--messages", type=int, default=20, help="of each kind, per person")
    ap.add_argument("--smtp-delay", type=float, default=2.0)
    args = ap.parse_args()
    parts = args.part.split(",")
    text = SECTION + "\n\n"
    if "faults" in parts:
        res = faults(args)
        print("faults", json.dumps(res), flush=True)
        save_part("alerts_faults", res)
        text += _faults_markdown(res) + "\n"
        write_section("alerts", merge_subsections(read_section("alerts"), text))
    if "latency" in parts:
        res = latency(args)
        print("latency", json.dumps(res), flush=True)
        save_part("alerts_latency", res)
        write_section(
            "alerts",
            merge_subsections(read_section("alerts"), SECTION + "\n\n" + _latency_markdown(res)),
        )


if __name__ == "__main__":
    main()
