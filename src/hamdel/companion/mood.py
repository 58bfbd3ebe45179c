"""Mood over time: the person's own daily rating on five faces, and what hamdel perceived
(emotion from text and voice, sentiment, stress), by local day, with a week in plain words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any

from hamdel.core.calendar import in_zone
from hamdel.core.emotions import is_negative
from hamdel.core.errors import InputError
from hamdel.core.languages import localize_digits
from hamdel.store import Session
from hamdel.store import repositories as repo
from hamdel.store.models import MoodRating, Observation

FACES = {1: "😞", 2: "😕", 3: "😐", 4: "😊", 5: "😄"}
"""The five faces, 1 = very low, 5 = very good."""

EMOTION_WORDS = {
    "en": {"anger": "anger", "fear": "worry or fear", "happiness": "happiness",
           "neutral": "a calm, even tone", "sadness": "sadness", "surprise": "surprise"},
    "fa": {"anger": "خشم", "fear": "نگرانی یا ترس", "happiness": "شادی",
           "neutral": "لحنی آرام و معمولی", "sadness": "غم", "surprise": "شگفتی"},
}  # fmt: skip


@dataclass(frozen=True)
class Day:
    day: date
    mood: int | None = None
    """The person's own rating (1–5)."""
    sentiment: float | None = None
    """Mean Sentimeter intensity of the day's messages (−5..+5)."""
    negative: float | None = None
    """Share of the day's observations whose emotion was anger, fear or sadness (0..1)."""
    stress: float | None = None
    """Mean stress probability (text and heart, 0..1)."""


@dataclass(frozen=True)
class Overview:
    days: tuple[Day, ...]
    """Oldest first, one per local day, empty days included."""
    emotions: dict[str, int] = field(default_factory=dict)
    """Emotions perceived in the last 7 days, counted."""
    summary: str = ""
    rated_today: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": [
                {
                    "day": d.day.isoformat(),
                    "mood": d.mood,
                    "sentiment": d.sentiment,
                    "negative": d.negative,
                    "stress": d.stress,
                }
                for d in self.days
            ],
            "emotions": self.emotions,
            "summary": self.summary,
            "rated_today": self.rated_today,
        }


def local_day(now: datetime, profile: Mapping[str, Any]) -> date:
    return in_zone(now, profile).date()


def rate_mood(
    db: Session, *, user_id: int, mood: int, now: datetime, profile: Mapping[str, Any]
) -> MoodRating:
    """Today's rating (today in the person's time zone); a second one today replaces it."""
    if isinstance(mood, bool) or not isinstance(mood, int) or mood not in FACES:
        raise InputError("mood must be a whole number from 1 (very low) to 5 (very good)")
    day = local_day(now, profile)
    rows = repo.list_owned(db, MoodRating, user_id=user_id, limit=3)
    row = next((r for r in rows if r.day == day), None)
    if row is None:
        return repo.add_owned(db, MoodRating, user_id=user_id, day=day, mood=mood, at=now)
    row.mood, row.at = mood, now
    return row


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 3) if values else None


def overview(
    db: Session,
    *,
    user_id: int,
    profile: Mapping[str, Any],
    now: datetime,
    days: int = 14,
    language: str = "en",
) -> Overview:
    """The last ``days`` local days, and the last week in words."""
    today = local_day(now, profile)
    first = today - timedelta(days=days - 1)
    ratings = {
        r.day: r.mood
        for r in repo.list_owned(db, MoodRating, user_id=user_id, limit=days + 7)
        if r.day >= first
    }
    observed: dict[date, list[Observation]] = {}
    for o in repo.list_owned(db, Observation, user_id=user_id, limit=2000):
        day = in_zone(o.observed_at, profile).date()
        if day >= first:
            observed.setdefault(day, []).append(o)
    out = []
    for i in range(days):
        day = first + timedelta(days=i)
        seen = observed.get(day, [])
        felt = [o.emotion for o in seen if o.emotion]
        out.append(
            Day(
                day=day,
                mood=ratings.get(day),
                sentiment=_mean([o.sentiment for o in seen if o.sentiment is not None]),
                negative=round(sum(is_negative(e) for e in felt) / len(felt), 3) if felt else None,
                stress=_mean([o.stress_p for o in seen if o.stress_p is not None]),
            )
        )
    week_start = today - timedelta(days=6)
    emotions = Counter(
        o.emotion
        for day, seen in observed.items()
        if day >= week_start
        for o in seen
        if o.emotion and not (o.details or {}).get("crisis")
    )
    found = tuple(out)
    return Overview(
        days=found,
        emotions=dict(emotions.most_common()),
        summary=week_in_words(found, emotions, language),
        rated_today=ratings.get(today),
    )


def week_in_words(days: tuple[Day, ...], emotions: Counter[str], language: str) -> str:
    """The last 7 days against the 7 before, in a few plain sentences."""
    lang = "fa" if language == "fa" else "en"
    this = [d.mood for d in days[-7:] if d.mood is not None]
    before = [d.mood for d in days[-14:-7] if d.mood is not None]
    stress = [d.stress for d in days[-7:] if d.stress is not None]
    parts = []
    if this:
        avg = mean(this)
        if lang == "en":
            part = f"This week you rated your mood on {len(this)} day(s), {avg:.1f} of 5 on average"
        else:
            part = f"این هفته {len(this)} روز حالت را ثبت کردی، به‌طور میانگین {avg:.1f} از ۵"
        if before:
            diff = avg - mean(before)
            if abs(diff) < 0.3:
                part += (
                    ", about the same as the week before"
                    if lang == "en"
                    else "، تقریباً مثل هفتهٔ قبل"
                )
            elif diff > 0:
                part += ", better than the week before" if lang == "en" else "، بهتر از هفتهٔ قبل"
            else:
                part += ", lower than the week before" if lang == "en" else "، پایین‌تر از هفتهٔ قبل"
        parts.append(part + ".")
    if emotions:
        top = emotions.most_common(1)[0][0]
        word = EMOTION_WORDS[lang][top]
        parts.append(
            f"Most of what you shared sounded like {word}."
            if lang == "en"
            else f"بیشتر چیزهایی که گفتی رنگ {word} داشت."
        )
    if stress:
        level = mean(stress)
        name = ("low", "moderate", "high")[0 if level < 0.4 else 1 if level < 0.7 else 2]
        fa = {"low": "کم", "moderate": "متوسط", "high": "زیاد"}[name]
        parts.append(
            f"Signs of stress were {name} on the whole."
            if lang == "en"
            else f"نشانه‌های استرس روی‌هم‌رفته {fa} بود."
        )
    if not parts:
        return (
            "Not enough yet: rate your mood each day and talk to hamdel, and the picture fills in."
            if lang == "en"
            else "هنوز چیز زیادی نیست: هر روز حالت را ثبت کن و با همدل حرف بزن تا تصویر کامل‌تر شود."
        )
    text = " ".join(parts)
    if lang == "en":
        return text
    return re.sub(r"(?<=[۰-۹])\.(?=[۰-۹])", "٫", localize_digits(text, lang))  # Persian decimal


__all__ = ["FACES", "Day", "Overview", "local_day", "overview", "rate_mood", "week_in_words"]
