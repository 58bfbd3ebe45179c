"""The conversation: both sides of every turn, kept in order, shown as a thread.

A turn writes two entries in its own transaction: what the person said (a message, a voice note
with its transcript and the tone heard, a wearable export, a yes or no) and what hamdel said (the
acknowledgement with its three suggestions and message, a check-in question, or a crisis reply).
Scheduled messages are entries too. The faces read pages of :class:`ThreadItem`; crisis lines are
rendered again at display time from the country and whether an attempt may be under way, so a
line that changed is never shown stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from hamdel.companion.reply import Reply
from hamdel.safety.resources import CrisisResources, crisis_resources
from hamdel.store import Session
from hamdel.store import repositories as repo
from hamdel.store.models import Feedback, ThreadEntry

if TYPE_CHECKING:
    from hamdel.recommend import Recommended

PAGE = 20


@dataclass(frozen=True)
class Said:
    """What the person said in a turn."""

    kind: str
    """"text", "voice", "heart" or "answer"."""
    text: str = ""
    language: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    """voice: {"emotion": ..., "transcribed": bool}; heart: {"stress": ...}."""


@dataclass(frozen=True)
class ThreadItem:
    id: int
    at: datetime
    role: str
    kind: str
    language: str | None
    text: str
    suggestions: tuple[dict[str, Any], ...] = ()
    message: dict[str, Any] | None = None
    check_in: dict[str, Any] | None = None
    crisis: CrisisResources | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "role": self.role,
            "kind": self.kind,
            "language": self.language,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "message": self.message,
            "check_in": self.check_in,
            "crisis": self.crisis.to_dict() if self.crisis is not None else None,
            "emotion": self.details.get("emotion"),
        }


@dataclass(frozen=True)
class ThreadPage:
    items: tuple[ThreadItem, ...]
    """Oldest first."""
    earlier: int | None
    """Pass as ``before`` for the page before this one (None: this is the start)."""


def record_turn(
    db: Session,
    *,
    user_id: int,
    said: Said | None,
    reply: Reply,
    now: datetime,
    observation_id: int | None,
) -> None:
    """Both sides of one turn, in the caller's transaction."""
    if said is not None:
        repo.add_owned(
            db, ThreadEntry, user_id=user_id, at=now, role="person", kind=said.kind,
            language=said.language, text=said.text, details=said.details or None,
            observation_id=observation_id,
        )  # fmt: skip
    details: dict[str, Any] = {"emotion": reply.assessment.emotion}
    if reply.suggestions:
        details["suggestions"] = [
            {"id": s.id, "text": s.text, "why": s.why} for s in reply.suggestions
        ]
    if reply.message is not None:
        details["message"] = {"id": reply.message.id, "text": reply.message.text}
    if reply.check_in is not None:
        details["check_in"] = {"id": reply.check_in.id, "question": reply.check_in.question}
    if reply.crisis is not None:
        details["crisis"] = {"country": reply.crisis.country, "attempt": reply.crisis.attempt}
    if reply.variant is not None and (reply.suggestions or reply.message is not None):
        details["variant"] = reply.variant  # what a rating of its items is counted under
    repo.add_owned(
        db, ThreadEntry, user_id=user_id, at=now, role="hamdel",
        kind="crisis" if reply.kind == "crisis" else "reply", language=reply.language,
        text=reply.text, details=details, observation_id=observation_id,
    )  # fmt: skip


def record_message(
    db: Session,
    *,
    user_id: int,
    message: Recommended,
    language: str,
    now: datetime,
    variant: str | None = None,
) -> None:
    """A scheduled message, delivered at the time the person chose (by ``variant``)."""
    details: dict[str, Any] = {"message": {"id": message.id, "text": message.text}}
    if variant is not None:
        details["variant"] = variant
    repo.add_owned(
        db, ThreadEntry, user_id=user_id, at=now, role="hamdel", kind="message",
        language=language, text="", details=details,
    )  # fmt: skip


def _item(entry: ThreadEntry, answered: set[int]) -> ThreadItem:
    details = dict(entry.details or {})
    lang = entry.language or "en"
    crisis = None
    if "crisis" in details:
        c = details["crisis"]
        crisis = crisis_resources(c.get("country"), lang, attempt=bool(c.get("attempt")))
    check_in = details.get("check_in")
    if check_in is not None:
        check_in = {**check_in, "open": int(check_in["id"]) not in answered}
    return ThreadItem(
        id=entry.id,
        at=entry.at,
        role=entry.role,
        kind=entry.kind,
        language=entry.language,
        text=entry.text,
        suggestions=tuple(details.get("suggestions") or ()),
        message=details.get("message"),
        check_in=check_in,
        crisis=crisis,
        details=details,
    )


def page(db: Session, *, user_id: int, before: int | None = None, limit: int = PAGE) -> ThreadPage:
    """One page of the thread, oldest first, and where the page before it starts."""
    rows = repo.thread_page(db, user_id=user_id, before=before, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    answered = {
        int(r.details["answer_to"])
        for r in rows
        if r.kind == "answer" and r.details and "answer_to" in r.details
    }
    items = tuple(_item(r, answered) for r in reversed(rows))
    return ThreadPage(items=items, earlier=items[0].id if more and items else None)


def last_said_at(db: Session, *, user_id: int) -> datetime | None:
    rows = repo.thread_page(db, user_id=user_id, limit=1)
    return rows[0].at if rows else None


def to_follow_up(db: Session, *, user_id: int, now: datetime) -> ThreadItem | None:
    """The last reply's suggestions, when it is an hour or more old and none of them was rated:
    hamdel asks whether one of them helped (the answer is feedback)."""
    rows = repo.thread_page(db, user_id=user_id, limit=6)
    last = next((r for r in rows if r.role == "hamdel" and r.kind == "reply"), None)
    if last is None or not (last.details or {}).get("suggestions"):
        return None
    if now - last.at < timedelta(hours=1) or now - last.at > timedelta(days=3):
        return None
    ids = {s.get("id") for s in last.details["suggestions"]}  # type: ignore[index]
    rated = repo.list_owned(db, Feedback, user_id=user_id, limit=50)
    if any(f.item_id in ids and f.created_at >= last.at for f in rated):
        return None
    return _item(last, set())


__all__ = [
    "PAGE",
    "Said",
    "ThreadItem",
    "ThreadPage",
    "last_said_at",
    "page",
    "record_message",
    "record_turn",
    "to_follow_up",
]
