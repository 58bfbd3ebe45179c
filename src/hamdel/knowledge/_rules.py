"""Rules: may this item be offered to this person now? Each refusal names its reason.

The rules, in order (the first that applies refuses the item):

0. ``hazard``: the item exposes the person to something (vigorous exertion, open water, heights,
   food as comfort, being alone outdoors, going out at night, attention on the heartbeat,
   celebrations) that the ontology says to avoid with one of their shared health conditions
   (``hd:HeartCondition hd:avoids hd:VigorousExertion``), a recent loss, the emotion of the
   moment (anger avoids exertion, water and heights), or a check-in or crisis in the last days.
   These rules protect; :func:`safe` applies them alone, whatever the recommender variant.
1. ``risk``: the item is tagged as contraindicated for one of the person's risk habits.
2. ``risk-term``: the item's text (any language) mentions a trigger term the ontology links to
   one of the person's risk habits (e.g. "cigarette" for smoking, "drink" for alcohol); a second
   line of defence behind the tags.
3. ``context``: the item is tagged as contraindicated in the person's current context.
4. ``privacy``: the item needs privacy and the person's context does not offer it.
5. ``outdoors``: the item needs the outdoors and the context does not allow stepping out.
6. ``sleep``: the item needs more energy than is sensible after the person's hours of sleep.

Unknown facts (no context shared) never refuse an item on their own; risk habits default to
none, sleep to 8 hours, as in the design.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple, Protocol, TypeVar

from rdflib import Graph
from rdflib.namespace import RDF

from hamdel.knowledge._ontology import HD, Knowledge, Ontology, reason
from hamdel.knowledge._user import UserGraph


class Constrained(Protocol):
    """What the rules need from an item (a suggestion or a message)."""

    @property
    def id(self) -> str: ...

    @property
    def texts(self) -> Mapping[str, str]: ...

    @property
    def contraindicated_risks(self) -> frozenset[str]: ...

    @property
    def contraindicated_contexts(self) -> frozenset[str]: ...


class Verdict(NamedTuple):
    """The answer of :func:`allowed`: ``(allowed, reason)``; ``rule`` names the refusing rule."""

    allowed: bool
    reason: str
    rule: str | None = None


ItemT = TypeVar("ItemT", bound=Constrained)
_TOKEN = re.compile(r"[\w\u200c]+", re.UNICODE)


@lru_cache(maxsize=64)
def _english_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    words = sorted((t for t in terms if t.isascii()), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es|ing)?\b", re.IGNORECASE
    )


@lru_cache(maxsize=1 << 16)
def mentioned_term(text: str, terms: frozenset[str]) -> str | None:
    """The first trigger term found in ``text``, or ``None``.

    English terms match whole words (plural and -ing forms included); Persian terms match a word
    that starts with the term, so suffixes (``سیگاری``, ``سیگارت``) are caught too. Results are
    cached, so checking the same corpus again costs a dictionary look-up.
    """
    found = _english_pattern(terms).search(text)
    if found:
        return found.group(0).lower()
    persian = [t for t in terms if not t.isascii()]
    for token in _TOKEN.findall(text):
        for term in persian:
            if token.startswith(term):
                return term
    return None


_MENTIONS: dict[str, tuple[tuple[str, ...], object, frozenset[str]]] = {}


def _risk_mentions(item: Constrained, know: Knowledge) -> frozenset[str]:
    """The risk habits whose trigger words occur in the item's texts (memoised per item id)."""
    texts = tuple(item.texts.values())
    cached = _MENTIONS.get(item.id)
    if cached is not None and cached[1] is know.risk_terms and cached[0] == texts:
        return cached[2]
    found = frozenset(
        risk
        for risk, terms in know.risk_terms.items()
        if any(mentioned_term(text, terms) is not None for text in texts)
    )
    _MENTIONS[item.id] = (texts, know.risk_terms, found)
    return found


def _knowledge(user: UserGraph) -> Knowledge:
    return user.knowledge if user.knowledge is not None else Ontology.load().knowledge


def _avoiding(user: UserGraph, emotion: str | None, concern: bool) -> list[tuple[str, str]]:
    """The (table, value) pairs whose hazards this person avoids now, most personal first."""
    sources = [("health", h) for h in sorted(user.health)]
    if user.recent_loss:
        sources.append(("recent_loss", "yes"))
    if concern:
        sources.append(("concern", "recent_concern"))
    if emotion is not None:
        sources.append(("emotion", emotion))
    return sources


def safe(
    item: Constrained,
    user: UserGraph,
    *,
    emotion: str | None = None,
    concern: bool = False,
    language: str = "en",
) -> Verdict:
    """The ``hazard`` rule alone: whether the item exposes the person to something the ontology
    says to avoid with their health conditions, a recent loss, the emotion of the moment
    (``emotion``) or a recent check-in or crisis (``concern``).

    >>> from hamdel.knowledge import user_graph
    >>> from types import SimpleNamespace
    >>> laps = SimpleNamespace(id="x", texts={"en": "Run fast laps"},
    ...     hazards=frozenset({"exertion"}), contraindicated_risks=frozenset(),
    ...     contraindicated_contexts=frozenset())
    >>> safe(laps, user_graph({"health": ["heart"]})).allowed
    False
    >>> safe(laps, user_graph({}), emotion="anger").rule
    'hazard'
    """
    hazards: frozenset[str] = getattr(item, "hazards", frozenset())
    if not hazards:
        return Verdict(True, "exposes the person to nothing the ontology says to avoid")
    know = _knowledge(user)
    lang = "fa" if language == "fa" else "en"
    for source in _avoiding(user, emotion, concern):
        hit = hazards & know.avoids.get(source, frozenset())
        if hit:
            hazard = sorted(hit)[0]
            what = know.hazard_labels[hazard][lang]
            why = know.avoid_labels[source][lang]
            reason = (
                f"«{what}» با «{why}» پیشنهاد نمی‌شود"
                if lang == "fa"
                else f"{what}: not offered with {why}"
            )
            return Verdict(False, reason, "hazard")
    return Verdict(True, "exposes the person to nothing the ontology says to avoid now")


def allowed(
    item: Constrained, user: UserGraph, *, emotion: str | None = None, concern: bool = False
) -> Verdict:
    """Whether ``item`` may be offered to the person of ``user``, and why not when it may not.

    Examples
    --------
    >>> from hamdel.knowledge import user_graph
    >>> from types import SimpleNamespace
    >>> item = SimpleNamespace(id="x", texts={"en": "Take a cigarette break", "fa": "یک سیگار بکش"},
    ...     contraindicated_risks=frozenset(), contraindicated_contexts=frozenset())
    >>> allowed(item, user_graph({"risk_habits": ["smoking"]})).allowed
    False
    """
    verdict = safe(item, user, emotion=emotion, concern=concern)
    if not verdict.allowed:
        return verdict
    know = _knowledge(user)
    hit = item.contraindicated_risks & user.risk_habits
    if hit:
        return Verdict(False, f"contraindicated for the risk habit {sorted(hit)[0]}", "risk")
    mentioned = _risk_mentions(item, know) & user.risk_habits if user.risk_habits else None
    if mentioned:
        risk = sorted(mentioned)[0]
        terms = know.risk_terms[risk]
        found = (mentioned_term(text, terms) for text in item.texts.values())
        term = next(t for t in found if t is not None)
        return Verdict(False, f"mentions {term!r}, related to the risk habit {risk}", "risk-term")
    context = user.context
    if context is not None:
        if context in item.contraindicated_contexts:
            return Verdict(False, f"not suitable while in the context {context}", "context")
        if getattr(item, "needs_privacy", False) and not know.context_privacy.get(context, False):
            return Verdict(
                False, f"needs privacy, which the context {context} does not offer", "privacy"
            )
        if getattr(item, "needs_outdoors", False) and not know.context_outdoors.get(context, False):
            return Verdict(
                False, f"needs the outdoors, not reachable in the context {context}", "outdoors"
            )
    energy = getattr(item, "energy", None)
    minimum = know.energy_min_sleep.get(energy) if isinstance(energy, str) else None
    if minimum is not None and user.sleep_hours < minimum:
        return Verdict(
            False, f"needs {energy} energy; not after {user.sleep_hours:g} h of sleep", "sleep"
        )
    return Verdict(True, "no rule of the person's profile or context rules it out")


def filter_allowed(items: Iterable[ItemT], user: UserGraph) -> list[ItemT]:
    """The items :func:`allowed` accepts, in their given order."""
    return [item for item in items if allowed(item, user).allowed]


def classify(user: UserGraph, ontology: Ontology) -> frozenset[str]:
    """The ontology classes the person belongs to after OWL-RL reasoning (local names).

    Defined classes such as ``Smoker``, ``AlcoholUser``, ``PersonWithRiskHabit`` and ``Traveller``
    are inferred from the person's triples by the reasoner, not by Python code.
    """
    merged = Graph()
    for triple in ontology.graph:
        merged.add(triple)
    for triple in user.graph:
        merged.add(triple)
    closed = reason(merged)
    prefix = str(HD)
    return frozenset(
        str(cls)[len(prefix) :]
        for cls in closed.objects(user.node, RDF.type)
        if str(cls).startswith(prefix)
    )


__all__ = [
    "Constrained",
    "Verdict",
    "allowed",
    "classify",
    "filter_allowed",
    "mentioned_term",
    "safe",
]
