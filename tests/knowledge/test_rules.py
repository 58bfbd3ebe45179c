"""The person's graph and the rules: defaults, each refusal rule, and random profiles."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

import hamdel.knowledge as knowledge
from hamdel.core.errors import InputError
from hamdel.knowledge import (
    Ontology,
    allowed,
    classify,
    filter_allowed,
    forbidden_by_query,
    mentioned_term,
    user_graph,
)


@dataclass(frozen=True)
class Item:
    id: str
    texts: dict[str, str]
    contraindicated_risks: frozenset[str] = frozenset()
    contraindicated_contexts: frozenset[str] = frozenset()
    needs_privacy: bool = False
    needs_outdoors: bool = False
    energy: str = "low"
    tags: tuple[str, ...] = field(default=())


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def test_exports_are_real() -> None:
    for name in knowledge.__all__:
        assert hasattr(knowledge, name), name


def test_empty_profile_gets_the_design_defaults(onto: Ontology) -> None:
    person = user_graph({}, onto)
    assert person.sleep_hours == 8.0
    assert person.risk_habits == frozenset()
    assert person.preferred_message_kinds == ()
    assert person.context is None
    assert {"sleep_hours", "risk_habits", "preferred_message_kinds"} <= person.defaulted
    assert user_graph(None, onto) == person


def test_profile_is_validated(onto: Ontology) -> None:
    with pytest.raises(InputError, match="risk_habits"):
        user_graph({"risk_habits": ["gambling"]}, onto)
    with pytest.raises(InputError, match="unknown profile attribute"):
        user_graph({"favourite_colour": "blue"}, onto)
    with pytest.raises(InputError):
        user_graph(["not", "a", "dict"], onto)  # type: ignore[arg-type]


def test_graph_holds_the_shared_facts(onto: Ontology) -> None:
    person = user_graph(
        {"context": "work", "sleep_hours": 6, "risk_habits": ["alcohol"]}, onto, user_id="u1"
    )
    triples = {
        (str(p).rsplit("#", 1)[-1], str(o).rsplit("#", 1)[-1])
        for p, o in person.graph.predicate_objects(person.node)
    }
    assert ("inContext", "Workplace") in triples
    assert ("hasRiskHabit", "Alcohol") in triples
    assert ("sleepHours", "6.0") in triples
    assert person.to_dict()["risk_habits"] == ["alcohol"]


def test_reasoner_classifies_the_person(onto: Ontology) -> None:
    classes = classify(user_graph({"risk_habits": ["smoking"], "context": "travel"}, onto), onto)
    assert {"Smoker", "PersonWithRiskHabit", "Traveller", "Person"} <= classes
    assert "AlcoholUser" not in classes
    assert "PersonWithRiskHabit" not in classify(user_graph({}, onto), onto)


def test_cigarette_break_never_reaches_a_smoker(onto: Ontology) -> None:
    item = Item("c", {"en": "Take a cigarette break outside.", "fa": "برو بیرون یک نخ سیگار بکش."})
    verdict = allowed(item, user_graph({"risk_habits": ["smoking"]}, onto))
    assert verdict == (False, verdict.reason, "risk-term") and "smoking" in verdict.reason
    assert allowed(item, user_graph({}, onto)).allowed


def test_drink_items_never_reach_alcohol_habit(onto: Ontology) -> None:
    person = user_graph({"risk_habits": ["alcohol"]}, onto)
    assert not allowed(Item("d", {"en": "Have a drink with a friend."}), person).allowed
    assert not allowed(Item("d", {"fa": "یک نوشیدنی گرم برای خودت درست کن."}), person).allowed
    assert allowed(Item("t", {"en": "Barely a minute: stretch your arms."}), person).allowed
    tagged = Item(
        "x", {"en": "Meet friends in the evening."}, contraindicated_risks=frozenset({"alcohol"})
    )
    assert allowed(tagged, person).rule == "risk"


def test_context_privacy_outdoors_and_sleep(onto: Ontology) -> None:
    run = Item(
        "r",
        {"en": "Go for a brisk walk outside."},
        contraindicated_contexts=frozenset({"work"}),
        needs_outdoors=True,
    )
    assert allowed(run, user_graph({"context": "work"}, onto)).rule == "context"
    assert allowed(run, user_graph({"context": "travel"}, onto)).rule == "outdoors"
    assert allowed(run, user_graph({"context": "home"}, onto)).allowed
    assert allowed(run, user_graph({}, onto)).allowed  # unknown context refuses nothing
    cry = Item("p", {"en": "Let yourself cry for a while."}, needs_privacy=True)
    assert allowed(cry, user_graph({"context": "study"}, onto)).rule == "privacy"
    assert allowed(cry, user_graph({"context": "home"}, onto)).allowed
    dance = Item("h", {"en": "Put on a song and dance hard."}, energy="high")
    assert allowed(dance, user_graph({"sleep_hours": 3}, onto)).rule == "sleep"
    assert allowed(dance, user_graph({"sleep_hours": 7}, onto)).allowed


def test_persian_terms_match_with_suffixes() -> None:
    assert mentioned_term("سیگاری‌ها", frozenset({"سیگار"})) == "سیگار"
    assert mentioned_term("a cocktails night", frozenset({"cocktail"})) == "cocktails"
    assert mentioned_term("barely", frozenset({"bar"})) is None


def test_random_profiles_never_violate_a_rule(onto: Ontology) -> None:
    rng = random.Random(7)
    risks, contexts = ("smoking", "alcohol", "other"), ("home", "study", "work", "travel")
    items = [
        Item(
            f"i{i}",
            {
                "en": rng.choice(
                    ["Stretch.", "Sip some water.", "Call a friend.", "Smoke-free walk."]
                )
            },
            contraindicated_risks=frozenset(rng.sample(risks, rng.randint(0, 2))),
            contraindicated_contexts=frozenset(rng.sample(contexts, rng.randint(0, 2))),
            needs_privacy=rng.random() < 0.3,
            needs_outdoors=rng.random() < 0.3,
            energy=rng.choice(["low", "medium", "high"]),
        )
        for i in range(60)
    ]
    for _ in range(200):
        profile: dict[str, object] = {}
        if rng.random() < 0.7:
            profile["risk_habits"] = rng.sample(risks, rng.randint(0, 3))
        if rng.random() < 0.7:
            profile["context"] = rng.choice(contexts)
        if rng.random() < 0.5:
            profile["sleep_hours"] = rng.randint(0, 12)
        person = user_graph(profile, onto)
        for item in filter_allowed(items, person):
            assert not item.contraindicated_risks & person.risk_habits
            assert person.context not in item.contraindicated_contexts
            if person.context in {"study", "work", "travel"}:
                assert not item.needs_privacy
            if person.context == "travel":
                assert not item.needs_outdoors
            if person.sleep_hours < 5:
                assert item.energy != "high"
            if "smoking" in person.risk_habits:
                assert "smoke" not in item.texts["en"].lower()


def test_sparql_rules_agree_with_allowed(onto: Ontology) -> None:
    rng = random.Random(3)
    risks, contexts = ("smoking", "alcohol", "other"), ("home", "study", "work", "travel")
    items = [
        Item(
            f"q{i}",
            {"en": "Stretch your arms.", "fa": "دست‌هایت را کش بده."},
            contraindicated_risks=frozenset(rng.sample(risks, rng.randint(0, 2))),
            contraindicated_contexts=frozenset(rng.sample(contexts, rng.randint(0, 2))),
            needs_privacy=rng.random() < 0.3,
            needs_outdoors=rng.random() < 0.3,
            energy=rng.choice(["low", "medium", "high"]),
        )
        for i in range(40)
    ]
    for _ in range(8):
        profile: dict[str, object] = {"risk_habits": rng.sample(risks, rng.randint(0, 2))}
        if rng.random() < 0.8:
            profile["context"] = rng.choice(contexts)
        if rng.random() < 0.6:
            profile["sleep_hours"] = rng.randint(0, 10)
        person = user_graph(profile, onto)
        by_query = forbidden_by_query(items, person, onto)
        verdicts = {item.id: allowed(item, person) for item in items}
        assert set(by_query) == {ident for ident, v in verdicts.items() if not v.allowed}, profile
        for ident, rules in by_query.items():
            assert verdicts[ident].rule in rules


def test_trigger_memo_follows_the_text_not_just_the_id(onto: Ontology) -> None:
    smoker = user_graph({"risk_habits": ["smoking"]}, onto)
    assert allowed(Item("same", {"en": "Stretch your arms."}), smoker).allowed
    assert allowed(Item("same", {"en": "Light a cigarette."}), smoker).rule == "risk-term"
    assert allowed(Item("same", {"en": "Stretch your arms."}), smoker).allowed
