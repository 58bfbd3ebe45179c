"""The ontology loads, is consistent under OWL-RL, and maps the profile values of core/profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.profile import INTENSITY_LEVELS, MESSAGE_KINDS
from hamdel.knowledge import HD, Ontology, reason, reasoning_errors


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


@pytest.fixture(scope="module")
def closed(onto: Ontology):  # type: ignore[no-untyped-def]
    return reason(onto.graph)


def test_reasoning_finds_no_inconsistency(closed) -> None:  # type: ignore[no-untyped-def]
    assert reasoning_errors(closed) == []


def test_disjoint_classes_share_no_member_after_reasoning(closed) -> None:  # type: ignore[no-untyped-def]
    pairs = set()
    for a, b in closed.subject_objects(OWL.disjointWith):
        pairs.add((a, b))
    assert pairs, "the closure should contain the pairwise disjointness axioms"
    for a, b in pairs:
        shared = set(closed.subjects(RDF.type, a)) & set(closed.subjects(RDF.type, b))
        assert not shared, f"{a} and {b} are disjoint but share {shared}"


def test_reasoner_reports_a_planted_inconsistency(onto: Ontology) -> None:
    graph = onto.graph.__class__()
    for triple in onto.graph:
        graph.add(triple)
    graph.add((HD.Anger, RDF.type, HD.NonNegativeEmotion))  # Anger is a NegativeEmotion
    assert reasoning_errors(reason(graph)), "OWL-RL must flag an individual of two disjoint classes"


def test_every_individual_is_typed_and_labelled_in_both_languages(onto: Ontology) -> None:
    individuals = onto.named_individuals()
    assert len(individuals) > 40
    for node in individuals:
        types = set(onto.graph.objects(node, RDF.type)) - {OWL.NamedIndividual}
        assert types, f"{node} has no class"
        languages = {
            lab.language for lab in onto.graph.objects(node, RDFS.label) if isinstance(lab, Literal)
        }
        assert {"en", "fa"} <= languages, f"{node} lacks an en or fa label"


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("age_range", ("18-26", "27-35", "36-43", "other")),
        ("gender", ("female", "male", "other")),
        ("education", ("basic", "higher", "secondary")),
        ("occupation", ("both", "neither", "study", "work")),
        ("activity_level", ("high", "low", "moderate")),
        ("sleep_routine", ("irregular", "regular")),
        ("risk_habits", ("alcohol", "other", "smoking")),
        ("context", ("home", "study", "travel", "work")),
        ("message_periods", ("afternoon", "evening", "morning", "night")),
        ("preferred_message_kinds", tuple(sorted(MESSAGE_KINDS))),
        ("intensity", tuple(sorted(INTENSITY_LEVELS))),
        ("emotion", tuple(sorted(e.value for e in EMOTIONS))),
    ],
)
def test_profile_values_map_to_individuals(
    onto: Ontology, attribute: str, expected: tuple[str, ...]
) -> None:
    assert onto.values(attribute) == expected


def test_negative_emotions_match_core(onto: Ontology) -> None:
    assert onto.knowledge.negative_emotions == {"anger", "fear", "sadness"}


def test_defaults_follow_the_design(onto: Ontology) -> None:
    defaults = onto.knowledge.defaults
    assert defaults.sleep_hours == 8.0
    assert defaults.risk_habits == frozenset()
    assert defaults.preferred_message_kinds == ()


def test_context_knowledge(onto: Ontology) -> None:
    know = onto.knowledge
    assert know.context_privacy["home"] and not know.context_privacy["work"]
    assert not know.context_outdoors["travel"]
    assert "cigarette" in know.risk_terms["smoking"] and "سیگار" in know.risk_terms["smoking"]


def test_unknown_value_is_a_domain_error(onto: Ontology) -> None:
    with pytest.raises(InputError, match="context"):
        onto.individual("context", "moon")


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError):
        Ontology.load(tmp_path / "absent.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix hd: <x#> .\nhd:a hd:b", encoding="utf-8")
    with pytest.raises(InputError, match="not valid Turtle"):
        Ontology.load(broken)
