"""Knowledge of the person: the hamdel OWL ontology, the person's graph, and the rules.

>>> from hamdel.knowledge import Ontology, user_graph, allowed
>>> onto = Ontology.load()                       # data/ontology/hamdel.ttl
>>> person = user_graph({"risk_habits": ["alcohol"], "context": "travel"}, onto)
>>> person.sleep_hours                            # default: 8 h when not shared
8.0

See ``docs/knowledge.md``.
"""

from __future__ import annotations

from hamdel.knowledge._ontology import (
    DEFAULT_PATH,
    HD,
    Defaults,
    Knowledge,
    Ontology,
    reason,
    reasoning_errors,
)
from hamdel.knowledge._queries import FORBIDDEN_QUERY, forbidden_by_query, items_graph
from hamdel.knowledge._rules import (
    Constrained,
    Verdict,
    allowed,
    classify,
    filter_allowed,
    mentioned_term,
    safe,
)
from hamdel.knowledge._user import UserGraph, user_graph

__all__ = [
    "DEFAULT_PATH",
    "FORBIDDEN_QUERY",
    "HD",
    "Constrained",
    "Defaults",
    "Knowledge",
    "Ontology",
    "UserGraph",
    "Verdict",
    "allowed",
    "classify",
    "filter_allowed",
    "forbidden_by_query",
    "items_graph",
    "mentioned_term",
    "reason",
    "reasoning_errors",
    "safe",
    "user_graph",
]
