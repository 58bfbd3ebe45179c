"""The short, human "why" of each recommended item, in English or Persian."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hamdel.core.languages import localize_digits

if TYPE_CHECKING:
    from hamdel.knowledge import UserGraph
    from hamdel.recommend.corpus import Suggestion
    from hamdel.recommend.request import Need

_EMOTION = {
    "en": {
        "anger": "anger",
        "fear": "fear",
        "happiness": "happiness",
        "neutral": "a calm mood",
        "sadness": "sadness",
        "surprise": "surprise",
    },
    "fa": {
        "anger": "خشم",
        "fear": "ترس",
        "happiness": "شادی",
        "neutral": "حال آرام",
        "sadness": "غم",
        "surprise": "شگفتی",
    },
}
_KIND = {
    "en": {
        "happy": "happy",
        "calm": "calming",
        "relaxing": "relaxing",
        "motivational": "motivating",
    },
    "fa": {
        "happy": "شاد",
        "calm": "آرامش‌بخش",
        "relaxing": "تسکین‌دهنده",
        "motivational": "انگیزه‌بخش",
    },
}
_CONTEXT = {
    "en": {
        "home": "at home",
        "study": "while studying",
        "work": "at work",
        "travel": "while travelling",
    },
    "fa": {"home": "در خانه", "study": "هنگام درس", "work": "سر کار", "travel": "در سفر"},
}
_LEVEL = {
    "en": {"lower": "gentle", "intermediate": "steady", "extreme": "strong"},
    "fa": {"lower": "ملایم", "intermediate": "معتدل", "extreme": "پرشور"},
}


def suggestion(
    item: Suggestion,
    need: Need,
    user: UserGraph | None,
    model: float,
    fit: float,
    liked: float,
    language: str,
    *,
    sustained: bool = False,
    named: bool = False,
    gentle: bool = False,
) -> str:
    """E.g. "Helps with sadness; about 5 minutes, little effort; suits being at work."."""
    en = language == "en"
    emotion = _EMOTION[language][need.emotion]
    parts = [f"Helps with {emotion}" if en else f"برای {emotion} مناسب است"]
    if gentle:
        parts = ["Something gentle for any moment" if en else "کاری آرام که به هر حالی می‌خورد"]
    if named:
        parts = ["For what you just told me" if en else "برای چیزی که گفتی"]
    if item.professional and sustained:
        parts = [
            "Because you have been low for several days, someone trained could help"
            if en
            else "چون چند روز است حالت خوب نیست، کمک یک آدم کاردان می‌تواند به کارت بیاید"
        ]
    if user is not None and user.health:
        parts.append(
            "chosen with your health in mind" if en else "با در نظر گرفتن سلامتت انتخاب شده"
        )
    minutes = f"about {item.minutes} minutes" if en else f"حدود {item.minutes} دقیقه"
    if fit > 0 and item.energy == "low":
        minutes += ", little effort for a strong feeling" if en else "، کم‌زحمت برای حسی شدید"
    parts.append(minutes)
    if user is not None and user.context is not None:
        where = _CONTEXT[language][user.context]
        parts.append(f"doable {where}" if en else f"{where} شدنی است")
    if liked > 0.05:
        parts.append("you liked similar ones" if en else "مشابهش را پسندیده بودی")
    elif model < 0.5:
        parts.append("something different to try" if en else "چیزی متفاوت برای امتحان")
    text = ("; " if en else "؛ ").join(parts) + "."
    return text if en else localize_digits(text, "fa")


def message(kind: str, intensity: str, code: str, need: Need | None, language: str) -> str:
    """E.g. "A calming message, because stress is high; steady in tone."."""
    en = language == "en"
    name = _KIND[language][kind]
    level = _LEVEL[language][intensity]
    emotion = _EMOTION[language][need.emotion] if need is not None else ""
    reasons_en = {
        "default": "nothing has been posted yet, so a positive start",
        "random": "chosen without the profile or mood (study variant)",
        "plain": "a general message, as no preference was shared",
        "preferred": "the kind you prefer",
        "stress": "because stress is high",
        "negative": f"for {emotion}",
        "happy": "to share a good mood",
        "other": f"for {emotion}",
    }
    reasons_fa = {
        "default": "هنوز چیزی ننوشته‌ای، پس یک شروع مثبت",
        "random": "بدون نمایه و حال انتخاب شده (نسخهٔ پژوهشی)",
        "plain": "پیامی عمومی، چون ترجیحی نگفته‌ای",
        "preferred": "از نوعی که ترجیح می‌دهی",
        "stress": "چون استرس بالاست",
        "negative": f"برای {emotion}",
        "happy": "برای همراهی با حال خوبت",
        "other": f"برای {emotion}",
    }
    base, _, preferred = code.partition("+")
    reason = (reasons_en if en else reasons_fa)[base]
    if preferred:
        reason += ", a kind you prefer" if en else "، از نوعی که ترجیح می‌دهی"
    if en:
        return f"A {name} message, {reason}; {level} in tone."
    return f"پیامی {name}، {reason}؛ با لحنی {level}."
