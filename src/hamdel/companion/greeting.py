"""How hamdel greets: the first time, on return after a while, and, for a person who chose to
share it (profile attribute ``remember_topics``), with what the last conversation was about:
"Welcome back. Last time, things with your exams were weighing on you: how did it go?".

The topic is not stored anywhere new: it is read, when the page is shown, from the person's own
words already in the thread (a theme keyword, said back to them). A conversation that ended in
a crisis reply is never named in a greeting; the person is asked how they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from hamdel.store import Session
from hamdel.store import repositories as repo

GREET_AGAIN_AFTER = timedelta(hours=6)
CONVERSATION_GAP = timedelta(hours=2)
"""Entries further apart than this belong to different conversations."""
WEIGHING = frozenset({"anger", "fear", "sadness"})
TopicOf = Callable[[str, str], "str | None"]
"""(text, language) -> the topic said back to the person, or None (ThemeDetector.topic)."""

Kind = Literal["first", "again", "topic", "topic_weighing", "same_day"]


@dataclass(frozen=True)
class Greeting:
    kind: Kind
    name: str | None = None
    topic: str | None = None


TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "first": "Hello, I'm hamdel. How are you today?",
        "first_named": "Hello {name}, I'm hamdel. How are you today?",
        "again": "Welcome back. How are you today?",
        "again_named": "Welcome back, {name}. How are you today?",
        "topic": "Welcome back. Last time you told me about {topic}: how is it going?",
        "topic_named": "Welcome back, {name}. Last time you told me about {topic}: "
        "how is it going?",
        "topic_weighing": "Welcome back. Last time, things with {topic} were weighing on you: "
        "how did it go?",
        "topic_weighing_named": "Welcome back, {name}. Last time, things with {topic} were "
        "weighing on you: how did it go?",
        "same_day": "Good to see you",
        "same_day_named": "Good to see you, {name}",
    },
    "fa": {
        "first": "سلام، من همدلم. امروز حالت چطور است؟",
        "first_named": "سلام {name}، من همدلم. امروز حالت چطور است؟",
        "again": "خوش برگشتی. امروز حالت چطور است؟",
        "again_named": "خوش برگشتی، {name}. امروز حالت چطور است؟",
        "topic": "خوش برگشتی. دفعهٔ قبل از «{topic}» برایم گفتی: اوضاع چطور است؟",
        "topic_named": "خوش برگشتی، {name}. دفعهٔ قبل از «{topic}» برایم گفتی: اوضاع چطور است؟",
        "topic_weighing": "خوش برگشتی. دفعهٔ قبل «{topic}» ذهنت را درگیر کرده بود: چطور پیش رفت؟",
        "topic_weighing_named": "خوش برگشتی، {name}. دفعهٔ قبل «{topic}» ذهنت را درگیر کرده "
        "بود: چطور پیش رفت؟",
        "same_day": "خوشحالم که دوباره آمدی",
        "same_day_named": "خوشحالم که دوباره آمدی، {name}",
    },
}


def greeting_text(greeting: Greeting, language: str) -> str:
    texts = TEXTS["fa" if language == "fa" else "en"]
    key = greeting.kind + ("_named" if greeting.name else "")
    return texts[key].format(name=greeting.name or "", topic=greeting.topic or "")


def greet(
    db: Session,
    *,
    user_id: int,
    name: str | None,
    remember: bool,
    topic_of: TopicOf | None,
    now: datetime,
) -> Greeting:
    """The greeting for the home page or a terminal chat that starts now. ``remember``: the
    person consented to ``remember_topics``."""
    rows = repo.thread_page(db, user_id=user_id, limit=12)  # newest first
    if not rows:
        return Greeting("first", name)
    if now - rows[0].at <= GREET_AGAIN_AFTER:
        return Greeting("same_day", name)
    if not remember or topic_of is None:
        return Greeting("again", name)
    conversation = [rows[0]]
    for row in rows[1:]:
        if conversation[-1].at - row.at > CONVERSATION_GAP:
            break
        conversation.append(row)
    if any(r.kind == "crisis" for r in conversation):
        return Greeting("again", name)
    said = [r for r in reversed(conversation) if r.role == "person" and r.text]
    topic = next((t for r in said if (t := topic_of(r.text, r.language or "en")) is not None), None)
    if topic is None:
        return Greeting("again", name)
    heard = {(r.details or {}).get("emotion") for r in conversation if r.role == "hamdel"}
    return Greeting("topic_weighing" if heard & WEIGHING else "topic", name, topic)


__all__ = ["GREET_AGAIN_AFTER", "Greeting", "TopicOf", "greet", "greeting_text"]
