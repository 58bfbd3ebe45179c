"""The person's graph: their shared profile as ontology individuals, with the design's defaults.

Only attributes the person chose to share are asserted. What is missing falls back to the
ontology's :class:`~hamdel.knowledge._ontology.Defaults` (8 h sleep, no risk habits, no
preferences), and the fallback is recorded in :attr:`UserGraph.defaulted`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from hamdel.core.errors import InputError
from hamdel.core.profile import ATTRIBUTES, validate_attribute
from hamdel.knowledge._ontology import HD, Knowledge, Ontology

_OBJECT_PROPERTIES: dict[str, URIRef] = {
    "age_range": HD.hasAgeRange,
    "gender": HD.hasGender,
    "education": HD.hasEducation,
    "occupation": HD.hasOccupation,
    "activity_level": HD.hasActivityLevel,
    "sleep_routine": HD.hasSleepRoutine,
    "risk_habits": HD.hasRiskHabit,
    "context": HD.inContext,
    "preferred_message_kinds": HD.prefersMessageKind,
    "message_periods": HD.prefersPeriod,
    "health": HD.hasHealthCondition,
    "recent_loss": HD.hasLifeEvent,
}
_DATA_PROPERTIES: dict[str, tuple[URIRef, URIRef]] = {
    "sleep_hours": (HD.sleepHours, XSD.decimal),
    "messages_per_day": (HD.messagesPerDay, XSD.integer),
    "region": (HD.region, XSD.string),
    "country": (HD.country, XSD.string),
}


@dataclass(frozen=True)
class UserGraph:
    """What the rules know about one person.

    Attributes
    ----------
    sleep_hours, sleep_routine, risk_habits, context, activity_level, preferred_message_kinds
        The facts the rules read, defaults filled in.
    shared
        The validated profile exactly as given (only consented attributes).
    defaulted
        Names of the attributes that were filled from the ontology's defaults.
    graph
        The person's triples (the node :attr:`node`, typed ``hd:Person``).
    knowledge
        The ontology's rule tables the graph was built with.
    """

    sleep_hours: float
    sleep_routine: str | None
    risk_habits: frozenset[str]
    context: str | None
    activity_level: str | None
    preferred_message_kinds: tuple[str, ...]
    health: frozenset[str] = frozenset()
    """Health conditions the person shared (none assumed when not shared)."""
    recent_loss: bool = False
    shared: dict[str, Any] = field(default_factory=dict)
    defaulted: frozenset[str] = frozenset()
    graph: Graph = field(default_factory=Graph, compare=False, repr=False)
    node: URIRef | BNode = field(default_factory=BNode, compare=False, repr=False)
    knowledge: Knowledge | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the rdflib graph is left out)."""
        return {
            "sleep_hours": self.sleep_hours,
            "sleep_routine": self.sleep_routine,
            "risk_habits": sorted(self.risk_habits),
            "context": self.context,
            "activity_level": self.activity_level,
            "preferred_message_kinds": list(self.preferred_message_kinds),
            "health": sorted(self.health),
            "recent_loss": self.recent_loss,
            "shared": dict(self.shared),
            "defaulted": sorted(self.defaulted),
        }


def _validated(profile: dict[str, Any] | None) -> dict[str, Any]:
    if profile is None:
        return {}
    if not isinstance(profile, dict):
        raise InputError("a profile must be a JSON object of attribute names to values")
    return {
        name: validate_attribute(name, value)
        for name, value in profile.items()
        if value is not None
    }


def user_graph(
    profile: dict[str, Any] | None, ontology: Ontology | None = None, user_id: str | None = None
) -> UserGraph:
    """Build the person's graph from a profile dict (attribute names of ``core/profile.py``).

    Parameters
    ----------
    profile
        Shared attributes; ``None`` or ``{}`` means the person shared nothing. ``None`` values
        count as not shared. Unknown names or bad values raise :class:`InputError`.
    ontology
        A loaded ontology (loaded from the shipped file when omitted).
    user_id
        Optional identifier used to name the person node (``hd:user/<id>``).

    Examples
    --------
    >>> ug = user_graph({"risk_habits": ["smoking"], "context": "work"})
    >>> sorted(ug.risk_habits), ug.sleep_hours, sorted(ug.defaulted)[:1]
    (['smoking'], 8.0, ['preferred_message_kinds'])
    """
    onto = ontology if ontology is not None else Ontology.load()
    shared = _validated(profile)
    node: URIRef | BNode = URIRef(f"{HD}user/{user_id}") if user_id else BNode()
    graph = Graph()
    graph.bind("hd", HD)
    graph.add((node, RDF.type, HD.Person))
    for name, value in shared.items():
        if name in _OBJECT_PROPERTIES:
            for item in value if isinstance(value, list) else [value]:
                graph.add((node, _OBJECT_PROPERTIES[name], onto.individual(name, item)))
        elif name in _DATA_PROPERTIES:
            prop, datatype = _DATA_PROPERTIES[name]
            graph.add((node, prop, Literal(value, datatype=datatype)))
    defaults = onto.knowledge.defaults
    defaulted = {"sleep_hours", "sleep_routine", "risk_habits", "preferred_message_kinds"} - set(
        shared
    )
    return UserGraph(
        sleep_hours=float(shared.get("sleep_hours", defaults.sleep_hours)),
        sleep_routine=shared.get("sleep_routine", defaults.sleep_routine),
        risk_habits=frozenset(shared.get("risk_habits", defaults.risk_habits)),
        context=shared.get("context"),
        activity_level=shared.get("activity_level"),
        preferred_message_kinds=tuple(
            shared.get("preferred_message_kinds", defaults.preferred_message_kinds)
        ),
        health=frozenset(shared.get("health", ())),
        recent_loss=shared.get("recent_loss") == "yes",
        shared=shared,
        defaulted=frozenset(defaulted),
        graph=graph,
        node=node,
        knowledge=onto.knowledge,
    )


KNOWN_ATTRIBUTES = tuple(ATTRIBUTES)

__all__ = ["KNOWN_ATTRIBUTES", "UserGraph", "user_graph"]
