"""Short empathetic acknowledgements, per emotion, in English and Persian.

Written by us, for people, not as word-for-word translations. They acknowledge and reflect; they
never diagnose, promise, or tell anyone how they should feel.
"""

from __future__ import annotations

import random

from hamdel.core.emotions import Emotion

LINES: dict[str, dict[Emotion, tuple[str, ...]]] = {
    "en": {
        Emotion.SADNESS: (
            "That sounds really heavy. Thank you for telling me.",
            "I'm sorry it feels this hard right now. You don't have to carry it alone here.",
            "It makes sense to feel low after that. I'm here with you.",
        ),
        Emotion.ANGER: (
            "That sounds really frustrating. Your anger makes sense.",
            "It sounds like something crossed a line for you. I hear you.",
            "Anyone would feel worked up by that. Let's take it one step at a time.",
        ),
        Emotion.FEAR: (
            "That sounds frightening. It's okay to feel scared.",
            "Worry like that can take up a lot of room. Let's slow down together.",
            "You're not alone with this feeling right now.",
        ),
        Emotion.HAPPINESS: (
            "That's lovely to hear!",
            "I'm really glad something good happened.",
            "It sounds like a good moment. Enjoy it.",
        ),
        Emotion.SURPRISE: (
            "That sounds unexpected!",
            "Wow, that's a lot to take in.",
            "Surprises can shake things up. How are you feeling about it?",
        ),
        Emotion.NEUTRAL: (
            "Thanks for sharing how your day is going.",
            "I'm listening. Tell me more whenever you like.",
            "Good to hear from you.",
        ),
    },
    "fa": {
        Emotion.SADNESS: (
            "به نظر می‌رسد خیلی سنگین است. ممنونم که گفتی.",
            "متأسفم که الان این‌قدر سخت است. لازم نیست اینجا تنهایی تحملش کنی.",
            "طبیعی است بعد از این حال دلت گرفته باشد. من اینجا کنارت هستم.",
        ),
        Emotion.ANGER: (
            "معلوم است خیلی کلافه‌ات کرده. عصبانیتت قابل درک است.",
            "انگار چیزی از حد گذشته. حرفت را می‌شنوم.",
            "هر کسی جای تو بود به‌هم می‌ریخت. بیا قدم‌به‌قدم جلو برویم.",
        ),
        Emotion.FEAR: (
            "به نظر ترسناک می‌آید. اشکالی ندارد که بترسی.",
            "این‌جور نگرانی جای زیادی در ذهن می‌گیرد. بیا با هم کمی آرام‌تر پیش برویم.",
            "الان با این حس تنها نیستی.",
        ),
        Emotion.HAPPINESS: (
            "چه خوب! شنیدنش خوشحالم کرد.",
            "واقعاً خوشحالم که اتفاق خوبی افتاده.",
            "لحظهٔ خوبی به نظر می‌رسد. از آن لذت ببر.",
        ),
        Emotion.SURPRISE: (
            "چه غیرمنتظره!",
            "وای، هضمش کمی وقت می‌برد.",
            "غافلگیری‌ها گاهی همه‌چیز را به‌هم می‌ریزند. خودت چه حسی داری؟",
        ),
        Emotion.NEUTRAL: (
            "ممنونم که از روزت گفتی.",
            "گوش می‌دهم. هر وقت خواستی بیشتر بگو.",
            "خوشحالم که سر زدی.",
        ),
    },
}

NOT_A_THERAPIST = {
    "en": "I'm not a therapist, but I'm here to listen and to suggest small things that may help.",
    "fa": "من درمانگر نیستم، اما اینجا هستم که گوش بدهم "
    "و کارهای کوچکی پیشنهاد کنم که شاید کمک کند.",
}


def acknowledge(emotion: Emotion | str, language: str, rng: random.Random) -> str:
    """One acknowledgement for the emotion, chosen with the caller's seeded RNG."""
    lang = "fa" if language == "fa" else "en"
    return rng.choice(LINES[lang][Emotion(emotion)])


__all__ = ["LINES", "NOT_A_THERAPIST", "acknowledge"]
