"""The content screen every suggestion and message passes: hazard words, register, calques.

A review of the whole catalogue (2026-12-07) found items that no rule caught: fast laps offered
to an angry person, a river to a sad one, attention on the heartbeat to a frightened one, comfort
food with no thought of diabetes or an eating difficulty, messages that a person thinking of
dying could read as an invitation. The screen makes that review repeatable:

* ``HAZARD_WORDS``: words (English and Persian) that suggest a hazard. An item whose text matches
  must carry the hazard tag, or be listed in ``data/recommend/screen_exempt.tsv`` with the reason
  the match is harmless ("drink a glass of water" is not open water). So no new item passes
  untagged.
* ``register_problems``: the companion speaks to one person as «تو»; «شما» and plural verb forms
  are refused.

Run ``python -m hamdel.recommend.screen`` to list every match that is neither tagged nor exempt.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

EXEMPT_FILE = Path(__file__).resolve().parents[3] / "data" / "recommend" / "screen_exempt.tsv"

_FA_START = r"(?<![\w\u200c])"

HAZARD_WORDS: dict[str, tuple[str, str]] = {
    # hazard: (English pattern, Persian pattern); Persian matches at the start of a word
    "exertion": (
        r"\b(?:run(?:ning)?|jog(?:ging)?|sprints?|laps?|jumping jacks|star jumps|skipping|jump rope"
        r"|burpees?|push-?ups?|high knees|as fast as|fast walk|brisk|shadow-?box\w*|stairs)\b",
        _FA_START + r"(?:بدو|دویدن|دوی |پرش|طناب|شنای سوئدی|پله|تند راه|با سرعت|حرکات سریع)",
    ),
    "water": (
        r"\b(?:seas?|seaside|ocean|rivers?|riverbank|lakes?|pools?|swim\w*|beach\w*|shore|ponds?"
        r"|waves?|canal)\b",
        _FA_START + r"(?:دریا|رودخانه|رود |دریاچه|استخر|شنا|ساحل|موج|برکه)",
    ),
    "heights": (
        r"\b(?:hills?|hilltop|roofs?|rooftop|cliffs?|bridges?|towers?|top floor|balcon\w+"
        r"|mountains?|viewpoint|high place|overlook)\b",
        _FA_START + r"(?:تپه|پشت‌بام|بام|صخره|پل |برج|بالکن|کوه|بلندی|ارتفاع)",
    ),
    "food": (
        r"\b(?:chocolate|cakes?|sweets?|cand(?:y|ies)|ice cream|snacks?|biscuits?|cookies?"
        r"|desserts?|pastr(?:y|ies)|treat yourself|comfort food|bak(?:e|ing)|cook\w*|meals?"
        r"|eat(?:ing)?|food|fruit|honey)\b",
        _FA_START + r"(?:شکلات|کیک|شیرینی|بستنی|تنقلات|خوراکی|غذا|آشپزی|بپز|پختن|میوه|عسل|خوردن"
        r"|بخور|دسر)",
    ),
    "alone_outdoors": (
        r"\b(?:alone|on your own|by yourself|stranger)\b[^.]*\b(?:park|woods|forest|trail|outside"
        r"|street)\b|\b(?:park|woods|forest|trail)\b[^.]*\b(?:alone|on your own|by yourself"
        r"|stranger)\b",
        _FA_START + r"(?:تنهایی[^.]*(?:پارک|جنگل|کوچه|خیابان|بیرون)|غریبه)",
    ),
    "night": (
        r"\b(?:night|tonight|after dark|midnight|stars|moon)\b[^.]*\b(?:walk|outside|go out"
        r"|step out|stroll)\b|\b(?:walk|outside|go out|step out|stroll)\b[^.]*\b(?:at night"
        r"|after dark|midnight|stars|moon)\b",
        _FA_START + r"(?:شب[^.]*(?:قدم بزن|بیرون برو|پیاده‌روی)|(?:قدم بزن|بیرون برو|پیاده‌روی)"
        r"[^.]*شب)",
    ),
    "heartbeat": (
        r"\b(?:heart ?beats?|pulse|heart rate|your heart)\b",
        _FA_START + r"(?:ضربان|نبض|تپش)",
    ),
    "celebration": (
        r"\b(?:celebrat\w*|part(?:y|ies)|festival|wedding|birthday|get-together|gathering)\b",
        _FA_START + r"(?:جشن|مهمانی|تولد|عروسی|دورهمی)",
    ),
    "letting_go": (
        r"\b(?:let (?:go|yourself go)|set (?:everything|it all) down|drift\w*|float\w*|forever"
        r"|sink\w*|fade\w*|disappear\w*|dissolve\w*|melt\w* away|heavy and still"
        r"|nothing (?:left )?to prove|one breath away)\b",
        _FA_START + r"(?:رها کن|رها شو|شناور|برای همیشه|محو|ناپدید|حل شو|زمین بگذار)",
    ),
}
"""Words that suggest each hazard. A match is a question for the author, not a verdict."""


@cache
def _compiled() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    return {
        hazard: (re.compile(en, re.IGNORECASE), re.compile(fa))
        for hazard, (en, fa) in HAZARD_WORDS.items()
    }


def suggested_hazards(texts: Mapping[str, str]) -> dict[str, str]:
    """``{hazard: the words that suggest it}`` for an item's texts (``{"en": ..., "fa": ...}``)."""
    found: dict[str, str] = {}
    for hazard, (en, fa) in _compiled().items():
        match = en.search(texts.get("en", "")) or fa.search(texts.get("fa", ""))
        if match:
            found[hazard] = match.group(0)
    return found


_FORMAL = frozenset(
    [
        "کنید",
        "بکنید",
        "نکنید",
        "باشید",
        "نباشید",
        "بنویسید",
        "بخوانید",
        "بگذارید",
        "بدهید",
        "بگیرید",
        "بکشید",
        "بدانید",
        "بمانید",
        "بیایید",
        "بفرمایید",
        "می\u200cتوانید",
        "نمی\u200cتوانید",
        "هستید",
        "نیستید",
        "دارید",
        "ندارید",
        "می\u200cکنید",
    ]
)
"""Common verb forms that address the reader as «شما» (not a plural of two people doing
something together: «با هم قدم بزنید» stays)."""


def register_problems(fa: str) -> list[str]:
    """The companion speaks to one person as «تو»: «شما» and the verb forms that address the
    reader as «شما» are refused."""
    problems = []
    words = re.findall(r"[\w\u200c]+", fa)
    if any(w in ("شما", "شمایی", "شماست", "شمارا") for w in words):
        problems.append("addresses the reader as «شما»")
    formal = [w for w in words if w in _FORMAL]
    if formal and "با هم" not in fa:
        problems.append(f"verb form(s) {formal[:3]} address «شما»: address one person («تو»)")
    return problems


@dataclass(frozen=True)
class Exemption:
    item_id: str
    hazard: str
    reason: str


@cache
def exemptions(path: Path = EXEMPT_FILE) -> frozenset[tuple[str, str]]:
    """``(item id, hazard)`` pairs whose word match was reviewed and found harmless."""
    return frozenset((e.item_id, e.hazard) for e in read_exemptions(path))


def read_exemptions(path: Path = EXEMPT_FILE) -> list[Exemption]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [Exemption(r[0], r[1], r[2]) for r in rows if len(r) >= 3 and r[2].strip()]


def unscreened(items: Iterable[Any]) -> list[tuple[str, str, str]]:
    """``(item id, hazard, words)`` for every hazard the words suggest that the item neither
    carries nor has a reviewed exemption for (items: suggestions or messages)."""
    exempt = exemptions()
    out = []
    for item in items:
        ident = str(item.id)
        tagged: frozenset[str] = item.hazards
        for hazard, words in suggested_hazards(item.texts).items():
            if hazard not in tagged and (ident, hazard) not in exempt:
                out.append((ident, hazard, words))
    return out


def main() -> None:  # pragma: no cover - a review aid
    from hamdel.recommend.catalogue import MessageCatalogue
    from hamdel.recommend.corpus import SuggestionCorpus

    items = [*SuggestionCorpus.load(include_unreviewed=True), *MessageCatalogue.load()]
    for _ident, _hazard, _words in unscreened(items):
        pass
    for item in items:
        for _problem in register_problems(item.fa):
            pass


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = [
    "EXEMPT_FILE",
    "HAZARD_WORDS",
    "Exemption",
    "exemptions",
    "read_exemptions",
    "register_problems",
    "suggested_hazards",
    "unscreened",
]
