"""Scheduled messages: one supportive message at a time, at the times of day the person chose.

Only people who chose times of day (profile attribute ``message_periods``, given with consent)
get scheduled messages; ``messages_per_day`` (default 1) caps them per local day, and they are
spread out: two scheduled messages are at least (hours of the chosen periods) / (messages per
day) apart. The message fits the person's latest observation of the last 24 hours (emotion,
intensity, stress); with none, a default positive message (the engine's rule for "nothing posted
yet"). A person taking part in the recommender study gets the message their variant chooses
(``hamdel.companion.study``). Nobody gets a cheerful message within 24 hours of a crisis: that
tick is skipped and says so. Messages are delivered in the app (``GET /api/messages``, the home
page), never by e-mail.

:func:`run_monitor` is one tick over everyone; the service runs it every ``monitor_minutes``
through the job queue (``hamdel.monitor.tick``), and ``hamdel monitor run`` runs it by hand.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hamdel.companion.assessment import Assessment
from hamdel.companion.import_drop import pick_up
from hamdel.companion.posts import analyze_pending_posts
from hamdel.companion.reply import Recommend
from hamdel.companion.service import Components, assessment_of, person_context
from hamdel.companion.thread import record_message
from hamdel.core.profile import MESSAGE_KINDS, local_time
from hamdel.store import Session, Sessions, timeline, transaction
from hamdel.store import repositories as repo
from hamdel.store.models import UNCONFIRMED_DAYS, DeliveredMessage, User

logger = logging.getLogger(__name__)

PERIOD_HOURS = {"morning": (5, 12), "afternoon": (12, 17), "evening": (17, 21), "night": (21, 5)}
"""Local hours of each period (the engine's ``period_of``): start inclusive, end exclusive."""


def period_hours(period: str) -> int:
    start, end = PERIOD_HOURS[period]
    return (end - start) % 24


def min_gap(periods: list[str], per_day: int) -> timedelta:
    """The least time between two scheduled messages: chosen hours shared evenly."""
    hours = sum(period_hours(p) for p in periods)
    return timedelta(hours=hours / max(per_day, 1))


@dataclass(frozen=True)
class Outcome:
    user_id: int
    delivered: str | None
    reason: str


@dataclass
class MonitorReport:
    checked: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    expired_tokens_removed: int = 0
    unconfirmed_removed: int = 0
    """Accounts whose address was never confirmed, removed after ``UNCONFIRMED_DAYS``."""

    @property
    def delivered(self) -> int:
        return sum(o.delivered is not None for o in self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "delivered": self.delivered,
            "outcomes": [o.__dict__ for o in self.outcomes],
            "expired_tokens_removed": self.expired_tokens_removed,
            "unconfirmed_removed": self.unconfirmed_removed,
        }


def _latest_assessment(db: Session, user_id: int, now: datetime) -> tuple[Assessment | None, bool]:
    """(assessment from the latest observation of the last 24 h or None, crisis in that time)."""
    rows = timeline.observations_since(db, user_id=user_id, since=now - timedelta(hours=24))
    crisis = any((r.details or {}).get("crisis") for r in rows)
    latest = next((r for r in rows if r.emotion), None)
    if latest is None or latest.emotion is None:
        return None, crisis
    assessment = assessment_of(latest, intensity="intermediate")
    return assessment, crisis


def _last_message_at(db: Session, user_id: int) -> datetime | None:
    return timeline.last_delivered_at(db, user_id=user_id, kinds=MESSAGE_KINDS)


def check_person(
    db: Session, recommend: Recommend, *, user: User, now: datetime, seed: int
) -> Outcome:
    """Deliver one message to ``user`` if one is due now; say why not otherwise."""
    profile: Mapping[str, Any] = repo.consented_profile(db, user_id=user.id)
    periods = list(profile.get("message_periods") or [])
    if not periods:
        return Outcome(user.id, None, "no times of day chosen")
    per_day = int(profile.get("messages_per_day", 1))
    if per_day == 0:
        return Outcome(user.id, None, "messages per day is 0")
    local = local_time(now, profile)
    last = _last_message_at(db, user.id)
    if last is not None and now - last < min_gap(periods, per_day):
        return Outcome(user.id, None, "too soon after the last message")
    assessment, crisis = _latest_assessment(db, user.id, now)
    if crisis:
        return Outcome(user.id, None, "a crisis in the last 24 hours: no scheduled message")
    ctx = person_context(db, user_id=user.id, since=now - timedelta(days=7), profile=profile)
    message = recommend(
        assessment, person=ctx, language=user.language, now=now, seed=seed, want="message"
    ).message
    if message is None:
        return Outcome(user.id, None, f"nothing due at {local:%H:%M} local time")
    repo.add_owned(
        db,
        DeliveredMessage,
        user_id=user.id,
        kind=str(message.message_kind),
        item_id=message.id,
        intensity=message.intensity,
        language=user.language,
        text=message.text,
        delivered_at=now,
    )
    record_message(
        db, user_id=user.id, message=message, language=user.language, now=now,
        variant=ctx.variant,
    )  # fmt: skip
    return Outcome(user.id, message.id, "delivered")


def run_monitor(
    sessions: Sessions, recommend: Recommend, *, now: datetime, seed: int | None = None
) -> MonitorReport:
    """One tick over everyone; each person in their own transaction (one failure stops no one),
    under that person's lock: any number of concurrent ticks deliver each due message once."""
    rng = random.Random(seed)
    report = MonitorReport()
    with transaction(sessions) as db:  # housekeeping: sessions and tokens past their expiry
        report.expired_tokens_removed = repo.delete_expired_tokens(db, now=now)
        stale = now - timedelta(days=UNCONFIRMED_DAYS)
        for user_id in repo.unconfirmed_users(db, created_before=stale):
            report.unconfirmed_removed += repo.delete_user(db, user_id=user_id)
    with transaction(sessions) as db:
        user_ids = timeline.user_ids(db)
    for user_id in user_ids:
        report.checked += 1
        try:
            with transaction(sessions) as db:
                # first: one tick at a time per person, so concurrent ticks deliver once
                user = repo.lock_user(db, user_id=user_id)
                if user is None:  # deleted since the list was read
                    continue
                outcome = check_person(db, recommend, user=user, now=now, seed=rng.randrange(2**31))
        except Exception as exc:  # one person's failure must not stop the others
            logger.error(  # the type only: messages may quote profile values
                "monitor failed for a person",
                extra={"fields": {"user_id": user_id, "error": type(exc).__name__}},
            )
            outcome = Outcome(user_id, None, f"error: {type(exc).__name__}")
        report.outcomes.append(outcome)
    logger.info(
        "monitor tick",
        extra={"fields": {"checked": report.checked, "delivered": report.delivered}},
    )
    return report


class MonitorThread:
    """Calls ``tick`` every ``interval_s`` seconds (first after one interval), or at once when
    :meth:`wake` is called (new posts to read), until stopped.

    A failing tick is logged and the next one still runs.
    """

    def __init__(self, interval_s: float, tick: Callable[[], object]) -> None:
        self.interval_s = interval_s
        self._tick = tick
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hamdel-monitor", daemon=True)

    def start(self) -> MonitorThread:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self._tick()
            except Exception as exc:
                logger.error("monitor tick failed", extra={"fields": {"error": type(exc).__name__}})

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


def monitor_tick(
    sessions: Sessions,
    components: Components,
    *,
    drop_root: Path,
    settle_seconds: float,
    now: datetime,
) -> dict[str, Any]:
    """One tick of the monitor, wherever it runs (the server's thread, the Celery job):
    archives left in drop folders are imported, every pending post is read, then the messages
    due are delivered."""
    drop = pick_up(sessions, root=drop_root, settle_seconds=settle_seconds).to_dict()
    read = analyze_pending_posts(sessions, components, limit=None)
    out: dict[str, Any] = {
        "drop": drop,
        "posts": {"read": read.read, "failed": read.failed},
        "checked": 0,
        "delivered": 0,
        "outcomes": [],
    }
    if components.recommend is not None:
        out |= run_monitor(sessions, components.recommend, now=now).to_dict()
    return out


__all__ = [
    "MonitorReport",
    "MonitorThread",
    "Outcome",
    "check_person",
    "min_gap",
    "monitor_tick",
    "run_monitor",
]
