"""Loading the hamdel ontology (Turtle) and reading the knowledge the rules need from it.

The ontology is queried once, at load time, into small frozen tables (:class:`Knowledge`), so
that rule checks during a recommendation are plain set look-ups, never SPARQL.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES

logger = logging.getLogger(__name__)

HD = Namespace("https://hamdel.invalid/ontology#")
"""The hamdel ontology namespace."""

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "ontology" / "hamdel.ttl"
"""The ontology shipped in the repository."""

ERROR_CLASS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

_VALUE_CLASSES: dict[str, URIRef] = {
    "age_range": HD.AgeRange,
    "gender": HD.Gender,
    "education": HD.EducationLevel,
    "occupation": HD.Occupation,
    "activity_level": HD.ActivityLevel,
    "sleep_routine": HD.SleepRoutine,
    "risk_habits": HD.Risk,
    "context": HD.Context,
    "preferred_message_kinds": HD.MessageKind,
    "message_periods": HD.DayPeriod,
    "emotion": HD.Emotion,
    "intensity": HD.IntensityLevel,
    "energy": HD.EnergyLevel,
    "health": HD.Health,
    "recent_loss": HD.LifeEvent,
    "concern": HD.Concern,
    "hazard": HD.Hazard,
}
AVOIDING = ("health", "recent_loss", "emotion", "concern")
"""The value tables whose individuals may ``hd:avoids`` a hazard."""


@dataclass(frozen=True)
class Defaults:
    """What is assumed when a person shared nothing: 8 h sleep, no risk habits, no preferences."""

    sleep_hours: float
    sleep_routine: str | None
    risk_habits: frozenset[str] = frozenset()
    preferred_message_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """The rule tables read from the ontology."""

    context_privacy: Mapping[str, bool]
    context_outdoors: Mapping[str, bool]
    risk_terms: Mapping[str, frozenset[str]]
    energy_min_sleep: Mapping[str, float]
    negative_emotions: frozenset[str]
    defaults: Defaults
    avoids: Mapping[tuple[str, str], frozenset[str]]
    """``(table, value)`` (e.g. ``("health", "heart")``, ``("emotion", "anger")``) -> the hazards
    whose items are not offered then."""
    hazard_labels: Mapping[str, Mapping[str, str]]
    """Hazard -> its label by language (for the reasons given)."""
    avoid_labels: Mapping[tuple[str, str], Mapping[str, str]]
    """``(table, value)`` -> its label by language."""

    @property
    def hazards(self) -> frozenset[str]:
        return frozenset(self.hazard_labels)


def reason(graph: Graph) -> Graph:
    """Return a copy of ``graph`` expanded with its OWL-RL closure (the input is left untouched)."""
    import owlrl  # type: ignore[import-untyped]

    closed = Graph()
    for prefix, namespace in graph.namespaces():
        closed.bind(prefix, namespace)
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def reasoning_errors(closed: Graph) -> list[str]:
    """The inconsistencies OWL-RL recorded in a closed graph (empty when consistent)."""
    return sorted(
        str(text)
        for node in closed.subjects(RDF.type, ERROR_CLASS)
        for text in closed.objects(node, ERROR_TEXT)
    )


class Ontology:
    """The hamdel ontology: an rdflib graph plus the value tables the rules use.

    Examples
    --------
    >>> onto = Ontology.load()
    >>> onto.individual("context", "travel").endswith("#Travel")
    True
    """

    def __init__(self, graph: Graph, source: Path | None = None) -> None:
        self.graph = graph
        self.source = source
        self._values = self._read_values()
        self.knowledge = self._read_knowledge()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Ontology:
        """Parse a Turtle file (the shipped ontology by default)."""
        source = Path(path) if path is not None else DEFAULT_PATH
        if not source.is_file():
            raise ModelUnavailableError(f"ontology file not found: {source}")
        graph = Graph()
        try:
            graph.parse(source, format="turtle")
        except Exception as exc:  # rdflib raises several parser error types
            raise InputError(f"ontology {source} is not valid Turtle: {exc}") from exc
        graph.bind("hd", HD)
        logger.debug("loaded ontology %s (%d triples)", source, len(graph))
        return cls(graph, source)

    # ------------------------------------------------------------------ value look-ups
    def _read_values(self) -> dict[str, dict[str, URIRef]]:
        values: dict[str, dict[str, URIRef]] = {}
        for attribute, cls in _VALUE_CLASSES.items():
            table: dict[str, URIRef] = {}
            for member in self._members(cls):
                for value in self.graph.objects(member, HD.profileValue):
                    table[str(value)] = member
            values[attribute] = table
        return values

    def _members(self, cls: URIRef) -> set[URIRef]:
        classes = {cls, *self.graph.transitive_subjects(RDFS.subClassOf, cls)}
        return {
            m for c in classes for m in self.graph.subjects(RDF.type, c) if isinstance(m, URIRef)
        }

    def individual(self, attribute: str, value: str) -> URIRef:
        """The individual standing for ``value`` of ``attribute`` (e.g. ``("context", "home")``)."""
        table = self._values.get(attribute)
        if table is None:
            raise InputError(f"the ontology has no values for {attribute!r}")
        try:
            return table[value]
        except KeyError:
            raise InputError(
                f"{value!r} is not a known {attribute} in the ontology; known: {sorted(table)}"
            ) from None

    def values(self, attribute: str) -> tuple[str, ...]:
        """All profile values the ontology knows for ``attribute``, sorted."""
        return tuple(sorted(self._values.get(attribute, {})))

    def label(self, node: URIRef, language: str = "en") -> str:
        """The ``rdfs:label`` of a node in ``language`` (falls back to the local name)."""
        for label in self.graph.objects(node, RDFS.label):
            if isinstance(label, Literal) and label.language == language:
                return str(label)
        return str(node).rsplit("#", 1)[-1]

    # ------------------------------------------------------------------ rule tables
    def _flag(self, node: URIRef, prop: URIRef) -> bool:
        value = self.graph.value(node, prop)
        return bool(value.toPython()) if isinstance(value, Literal) else False

    def _read_knowledge(self) -> Knowledge:
        contexts = self._values["context"]
        risks = self._values["risk_habits"]
        energies = self._values["energy"]
        emotions = self._values["emotion"]
        min_sleep = {
            name: float(value.toPython())
            for name, node in energies.items()
            if isinstance(value := self.graph.value(node, HD.minSleepHours), Literal)
        }
        return Knowledge(
            context_privacy=MappingProxyType(
                {n: self._flag(c, HD.offersPrivacy) for n, c in contexts.items()}
            ),
            context_outdoors=MappingProxyType(
                {n: self._flag(c, HD.offersOutdoors) for n, c in contexts.items()}
            ),
            risk_terms=MappingProxyType(
                {
                    n: frozenset(str(t).lower() for t in self.graph.objects(r, HD.triggerTerm))
                    for n, r in risks.items()
                }
            ),
            energy_min_sleep=MappingProxyType(min_sleep),
            negative_emotions=frozenset(
                n for n, e in emotions.items() if self._flag(e, HD.isNegative)
            ),
            defaults=self._read_defaults(),
            avoids=MappingProxyType(
                {
                    (table, name): frozenset(
                        str(self.graph.value(h, HD.profileValue))
                        for h in self.graph.objects(node, HD.avoids)
                    )
                    for table in AVOIDING
                    for name, node in self._values[table].items()
                }
            ),
            hazard_labels=MappingProxyType(
                {
                    name: {lang: self.label(node, lang) for lang in LANGUAGES}
                    for name, node in self._values["hazard"].items()
                }
            ),
            avoid_labels=MappingProxyType(
                {
                    (table, name): {lang: self.label(node, lang) for lang in LANGUAGES}
                    for table in AVOIDING
                    for name, node in self._values[table].items()
                }
            ),
        )

    def _read_defaults(self) -> Defaults:
        default = next(iter(self.graph.subjects(RDF.type, HD.DefaultProfile)), None)
        if default is None:
            raise InputError("the ontology defines no hd:DefaultProfile individual")
        hours = self.graph.value(default, HD.sleepHours)
        routine = self.graph.value(default, HD.hasSleepRoutine)
        return Defaults(
            sleep_hours=float(hours.toPython()) if isinstance(hours, Literal) else 8.0,
            sleep_routine=str(self.graph.value(routine, HD.profileValue))
            if routine is not None
            else None,
        )

    def named_individuals(self) -> set[URIRef]:
        """Every ``owl:NamedIndividual`` declared in the ontology."""
        return {
            s for s in self.graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)
        }


__all__ = ["DEFAULT_PATH", "HD", "Defaults", "Knowledge", "Ontology", "reason", "reasoning_errors"]
