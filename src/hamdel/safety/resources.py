"""Crisis resources per country, in the person's language. Shown before any other reply.

Numbers were checked against the services' own public pages (Iran: State Welfare Organisation
counselling line 1480 and social emergency 123, medical emergency 115; US: 988 Suicide & Crisis
Lifeline, Crisis Text Line, 911). Review this table whenever a service changes; add countries
with a source note in the same form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from hamdel.core.languages import Language


@dataclass(frozen=True)
class CrisisLine:
    country: str
    name: str
    contact: str
    hours: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class CrisisResources:
    language: str
    message: str
    lines: tuple[CrisisLine, ...]
    emergency: str

    def to_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "message": self.message,
            "lines": [line.to_dict() for line in self.lines],
            "emergency": self.emergency,
        }


LINES: dict[str, dict[str, tuple[CrisisLine, ...]]] = {
    "IR": {
        "fa": (
            CrisisLine("IR", "صدای مشاور (بهزیستی)", "تماس با ۱۴۸۰", "همه‌روزه"),
            CrisisLine("IR", "اورژانس اجتماعی", "تماس با ۱۲۳", "شبانه‌روزی"),
            CrisisLine("IR", "اورژانس پزشکی", "تماس با ۱۱۵", "شبانه‌روزی"),
        ),
        "en": (
            CrisisLine("IR", "Sedaye Moshaver counselling line (Behzisti)", "call 1480", "daily"),
            CrisisLine("IR", "Social emergency", "call 123", "24/7"),
            CrisisLine("IR", "Medical emergency", "call 115", "24/7"),
        ),
    },
    "US": {
        "en": (
            CrisisLine("US", "988 Suicide & Crisis Lifeline", "call or text 988", "24/7"),
            CrisisLine("US", "Crisis Text Line", "text HOME to 741741", "24/7"),
            CrisisLine("US", "Emergency services", "call 911", "24/7"),
        ),
        "fa": (
            CrisisLine(
                "US", "خط ملی ۹۸۸ (بحران و پیشگیری از خودکشی)", "تماس یا پیامک به ۹۸۸", "شبانه‌روزی"
            ),
            CrisisLine("US", "Crisis Text Line", "پیامک HOME به 741741", "شبانه‌روزی"),
            CrisisLine("US", "اورژانس", "تماس با ۹۱۱", "شبانه‌روزی"),
        ),
    },
}

MESSAGES = {
    "en": (
        "It sounds like you are carrying something very painful right now, and I'm glad you said "
        "it. You deserve support from a person today. If you might act on thoughts of hurting "
        "yourself, please reach one of these services now — they are there for exactly this."
    ),
    "fa": (
        "به نظر می‌رسد همین حالا درد خیلی سنگینی را تحمل می‌کنید و خوشحالم که آن را گفتید. "
        "شما سزاوار این هستید که امروز با یک آدم واقعی حرف بزنید. اگر ممکن است به خودتان آسیب "
        "بزنید، لطفاً همین حالا با یکی از این مراکز تماس بگیرید؛ آن‌ها دقیقاً برای همین لحظه‌ها هستند."
    ),
}
EMERGENCY = {
    "en": "If you are in immediate danger, call your local emergency number now.",
    "fa": "اگر همین حالا در خطر هستید، فوراً با شمارهٔ اورژانس محل زندگی‌تان تماس بگیرید.",
}
DEFAULT_COUNTRY = {"fa": "IR", "en": "US"}


def crisis_resources(country: str | None, language: str) -> CrisisResources:
    """Lines for the person's country first; the other known countries follow (people travel,
    and a person may not have shared their country). Never empty."""
    lang = Language(language).value
    first = (country or DEFAULT_COUNTRY[lang]).upper()
    order = [first, *sorted(c for c in LINES if c != first)]
    lines = tuple(line for c in order if c in LINES for line in LINES[c][lang])
    return CrisisResources(
        language=lang, message=MESSAGES[lang], lines=lines, emergency=EMERGENCY[lang]
    )


__all__ = ["LINES", "CrisisLine", "CrisisResources", "crisis_resources"]
