"""The rules as a SPARQL query over the ontology, the person's graph and the items' graph.

:func:`hamdel.knowledge.allowed` evaluates the rules from tables read once from the ontology (fast
enough for every recommendation). This module states the same tag-based rules declaratively, so
they can be audited, run over a whole item set at once, and cross-checked against ``allowed``.
The text rule (trigger words) has no SPARQL counterpart.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from hamdel.knowledge._ontology import HD, Ontology
from hamdel.knowledge._rules import Constrained
from hamdel.knowledge._user import UserGraph

FORBIDDEN_QUERY = """
PREFIX hd: <https://hamdel.invalid/ontology#>
SELECT DISTINCT ?id ?rule WHERE {
  ?person a hd:Person .
  ?item hd:itemId ?id .
  {
    { ?person hd:hasHealthCondition ?why } UNION { ?person hd:hasLifeEvent ?why }
    ?why hd:avoids ?hazard . ?item hd:hasHazard ?hazard . BIND("hazard" AS ?rule)
  } UNION {
    ?person hd:hasRiskHabit ?risk . ?item hd:contraindicatedForRisk ?risk . BIND("risk" AS ?rule)
  } UNION {
    ?person hd:inContext ?c . ?item hd:contraindicatedInContext ?c . BIND("context" AS ?rule)
  } UNION {
    ?person hd:inContext ?c . ?c hd:offersPrivacy false . ?item hd:needsPrivacy true .
    BIND("privacy" AS ?rule)
  } UNION {
    ?person hd:inContext ?c . ?c hd:offersOutdoors false . ?item hd:needsOutdoors true .
    BIND("outdoors" AS ?rule)
  } UNION {
    ?person hd:sleepHours ?hours . ?item hd:needsEnergy ?energy .
    ?energy hd:minSleepHours ?minimum . FILTER(?hours < ?minimum) BIND("sleep" AS ?rule)
  }
}
"""
"""Every (item id, rule) pair the tag-based rules refuse for the one person in the graph."""


def items_graph(items: Iterable[Constrained], ontology: Ontology) -> Graph:
    """The items as ontology individuals (``hd:item/<id>``), their needs and contraindications."""
    graph = Graph()
    for item in items:
        node = URIRef(f"{HD}item/{item.id}")
        graph.add((node, RDF.type, HD.RecommendationItem))
        graph.add((node, HD.itemId, Literal(item.id)))
        for risk in item.contraindicated_risks:
            graph.add((node, HD.contraindicatedForRisk, ontology.individual("risk_habits", risk)))
        for hazard in getattr(item, "hazards", ()):
            graph.add((node, HD.hasHazard, ontology.individual("hazard", hazard)))
        for context in item.contraindicated_contexts:
            graph.add((node, HD.contraindicatedInContext, ontology.individual("context", context)))
        for attribute, prop in (
            ("needs_privacy", HD.needsPrivacy),
            ("needs_outdoors", HD.needsOutdoors),
        ):
            value = getattr(item, attribute, False)
            graph.add((node, prop, Literal(bool(value), datatype=XSD.boolean)))
        energy = getattr(item, "energy", None)
        if isinstance(energy, str):
            graph.add((node, HD.needsEnergy, ontology.individual("energy", energy)))
    return graph


def forbidden_by_query(
    items: Iterable[Constrained], user: UserGraph, ontology: Ontology
) -> dict[str, frozenset[str]]:
    """``{item id: rules refusing it}`` from :data:`FORBIDDEN_QUERY` (allowed items are absent)."""
    graph = Graph()
    for part in (ontology.graph, user.graph, items_graph(items, ontology)):
        for triple in part:
            graph.add(triple)
    found: dict[str, set[str]] = {}
    for row in graph.query(FORBIDDEN_QUERY):
        ident, rule = (str(value) for value in row)  # type: ignore[union-attr]
        found.setdefault(ident, set()).add(rule)
    return {ident: frozenset(rules) for ident, rules in found.items()}


__all__ = ["FORBIDDEN_QUERY", "forbidden_by_query", "items_graph"]
