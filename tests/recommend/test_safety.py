"""Safe for every person: nothing reaches someone it is contraindicated for (health, a recent loss,
the emotion of the moment, a recent check-in or crisis), professional help when low mood has
lasted, calm words for a strong negative feeling, and the content screen over the whole catalogue.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from hamdel.knowledge import HD, user_graph
from hamdel.recommend import Need, Recommender, RecommendRequest
from hamdel.recommend.catalogue import CALQUES_FA, MessageCatalogue, intensity_adverbs
from hamdel.recommend.corpus import HELPLINE, SuggestionCorpus
from hamdel.recommend.screen import (
    exemptions,
    register_problems,
    suggested_hazards,
    unscreened,
)

EMOTIONS = ("anger", "fear", "happiness", "neutral", "sadness", "surprise")
NOON = datetime(2026, 11, 22, 12, 30)
RETIRED = Path(__file__).resolve().parents[2] / "data" / "recommend" / "retired_ids.tsv"


@pytest.fixture(scope="module")
def engine() -> Recommender:
    return Recommender.load()


def _avoided(engine: Recommender, prop: Any, value: str) -> set[str]:
    """Hazards (profile values) the ontology's triples say to avoid for ``value``: read from the
    graph here, not from the tables the rules use."""
    graph = engine.ontology.graph
    out: set[str] = set()
    for node in graph.subjects(HD.profileValue, Literal(value)):
        if (node, None, None) not in graph or not any(graph.triples((node, HD.avoids, None))):
            continue
        if prop is not None and not any(graph.triples((node, prop[0], prop[1]))):
            continue
        out |= {str(graph.value(h, HD.profileValue)) for h in graph.objects(node, HD.avoids)}
    return out


def _expected_avoid(
    engine: Recommender, profile: dict[str, Any], emotion: str | None, concern: bool
) -> set[str]:
    from rdflib.namespace import RDF

    def of(cls: Any, value: str) -> set[str]:
        return _avoided(engine, (RDF.type, cls), value)

    hazards: set[str] = set()
    for condition in profile.get("health", []):
        hazards |= of(HD.Health, condition)
    if profile.get("recent_loss") == "yes":
        hazards |= of(HD.LifeEvent, "yes")
    if emotion is not None:
        hazards |= _avoided(engine, (HD.isNegative, None), emotion)
    if concern:
        hazards |= of(HD.Concern, "recent_concern")
    return hazards


profiles = st.fixed_dictionaries(
    {},
    optional={
        "health": st.lists(
            st.sampled_from(["heart", "pregnancy", "mobility", "eating", "diabetes"]), unique=True
        ),
        "recent_loss": st.sampled_from(["yes", "no"]),
        "risk_habits": st.lists(st.sampled_from(["smoking", "alcohol", "other"]), unique=True),
        "context": st.sampled_from(["home", "study", "work", "travel"]),
        "sleep_hours": st.integers(0, 16),
    },
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    profile=profiles,
    emotion=st.sampled_from(EMOTIONS),
    intensity=st.sampled_from(["lower", "intermediate", "extreme"]),
    concern=st.booleans(),
    sustained=st.booleans(),
    variant=st.sampled_from(["sentiment+ontology", "sentiment", "ontology", "neither"]),
    seed=st.integers(0, 10_000),
)
def test_no_item_reaches_anyone_it_is_contraindicated_for(
    engine: Recommender,
    profile: dict[str, Any],
    emotion: str,
    intensity: str,
    concern: bool,
    sustained: bool,
    variant: str,
    seed: int,
) -> None:
    request = RecommendRequest(
        Need(emotion, intensity), user=user_graph(profile, engine.ontology), now=NOON,
        seed=seed, concern=concern, sustained=sustained, variant=variant,
    )  # fmt: skip
    out = engine.recommend(request)
    avoid = _expected_avoid(engine, profile, emotion, concern)
    by_id = {m.id: m for m in engine.messages}
    for rec in [*out.suggestions, *([out.message] if out.message else [])]:
        source = engine.corpus.get(rec.id) or by_id[rec.id]
        assert not (source.hazards & avoid), (rec.id, source.hazards, avoid)
        assert HELPLINE not in rec.text
    professional = [s for s in out.suggestions if engine.corpus.get(s.id).professional]  # type: ignore[union-attr]
    assert len(professional) == (1 if sustained and out.suggestions else 0)


def test_the_ontology_says_what_each_condition_avoids(engine: Recommender) -> None:
    know = engine.ontology.knowledge
    assert {"exertion", "heartbeat"} <= know.avoids[("health", "heart")]
    assert "food" in know.avoids[("health", "diabetes")]
    assert "food" in know.avoids[("health", "eating")]
    assert "celebration" in know.avoids[("recent_loss", "yes")]
    assert {"exertion", "water", "heights"} <= know.avoids[("emotion", "anger")]
    assert "heartbeat" in know.avoids[("emotion", "fear")]
    assert "letting_go" in know.avoids[("concern", "recent_concern")]
    assert know.avoids[("emotion", "happiness")] == frozenset()


def test_the_reason_names_the_hazard_and_the_condition(engine: Recommender) -> None:
    from hamdel.knowledge import safe

    laps = next(s for s in engine.items if "exertion" in s.hazards)
    verdict = safe(laps, user_graph({"health": ["heart"]}, engine.ontology))
    assert not verdict.allowed and verdict.rule == "hazard"
    assert "vigorous exertion" in verdict.reason and "heart" in verdict.reason
    fa = safe(laps, user_graph({"health": ["heart"]}, engine.ontology), language="fa")
    assert "قلبی" in fa.reason


def test_professional_help_only_when_low_mood_lasted_with_the_persons_helpline(
    engine: Recommender,
) -> None:
    def ask(**kw: Any) -> Any:
        return engine.recommend(
            RecommendRequest(Need("sadness"), user=user_graph({}, engine.ontology), now=NOON, **kw)
        )

    for seed in range(20):
        assert not any(engine.corpus.get(s.id).professional for s in ask(seed=seed).suggestions)  # type: ignore[union-attr]
    named = {"en": "Samaritans, 116 123", "fa": "ساماریتنز، ۱۱۶ ۱۲۳"}
    seen_line = False
    for seed in range(40):
        out = ask(seed=seed, sustained=True, helpline=named, language="fa")
        (helper,) = [s for s in out.suggestions if engine.corpus.get(s.id).professional]  # type: ignore[union-attr]
        assert "{" not in helper.text and "{" not in helper.texts["en"]
        seen_line |= named["fa"] in helper.text and named["en"] in helper.texts["en"]
        assert (
            "low for several days"
            in engine.recommend(
                RecommendRequest(
                    Need("sadness"),
                    user=user_graph({}, engine.ontology),
                    now=NOON,
                    seed=seed,
                    sustained=True,
                )
            )
            .suggestions[-1]
            .why
        )
    assert seen_line  # some items name the person's own helpline


def test_a_strong_negative_feeling_gets_calm_words_not_hype(engine: Recommender) -> None:
    for emotion in ("sadness", "anger", "fear"):
        for seed in range(15):
            out = engine.recommend(
                RecommendRequest(
                    Need(emotion, "extreme"),
                    user=user_graph({}, engine.ontology),
                    now=NOON,
                    seed=seed,
                )
            )
            assert out.message is not None and out.message.message_kind in ("calm", "relaxing")


def test_after_a_check_in_no_letting_go_imagery(engine: Recommender) -> None:
    letting_go = {m.id for m in engine.messages if "letting_go" in m.hazards}
    assert letting_go, "the screen tags letting-go imagery"
    for seed in range(60):
        for kind_emotion in ("neutral", "sadness", "fear"):
            out = engine.recommend(
                RecommendRequest(
                    Need(kind_emotion, "extreme"),
                    user=user_graph({}, engine.ontology),
                    now=NOON,
                    seed=seed,
                    concern=True,
                )
            )
            assert out.message is None or out.message.id not in letting_go


# -- the screen over the whole catalogue -------------------------------------------------------


@pytest.fixture(scope="module")
def everything() -> list[Any]:
    return [*SuggestionCorpus.load(include_unreviewed=True), *MessageCatalogue.load()]


def test_every_hazard_word_is_tagged_or_reviewed(everything: list[Any]) -> None:
    missing = unscreened(everything)
    assert not missing, f"{len(missing)} untagged: {missing[:10]}"


def test_one_register_the_companion_says_tu(everything: list[Any]) -> None:
    exempt = exemptions()
    wrong = [
        (item.id, problems)
        for item in everything
        if (problems := register_problems(item.fa)) and (item.id, "register") not in exempt
    ]
    assert not wrong, wrong[:10]


def test_no_calqued_intensifiers_and_every_extreme_message_is_marked() -> None:
    catalogue = MessageCatalogue.load()
    for message in catalogue.messages:
        assert not any(c in message.fa for c in CALQUES_FA), message.id
        marked = intensity_adverbs(message.fa, "fa")
        assert bool(marked) == (message.intensity == "extreme") or message.intensity == (
            "intermediate"
        ), message.id


def test_at_least_thirty_professional_help_items_in_both_languages() -> None:
    helpers = [s for s in SuggestionCorpus.load() if s.professional]
    assert len(helpers) >= 30
    assert all(s.en.strip() and s.fa.strip() for s in helpers)
    assert sum(HELPLINE in s.en for s in helpers) >= 5


FLAGGED = [
    "ang-0025",
    "ang-0152",
    "ang-0205",
    "ang-0308",
    "ang-0309",
    "ang-0074",
    "sad-0143",
    "sad-0176",
    "ang-0110",
    "ang-0312",
    "ang-0044",
    "fea-0108",
    "sur-0022",
    "sur-0049",
    "sad-0260",
    "sad-0046",
    "hap-0041",
    "fea-0127",
    "sad-0132",
    "sad-0256",
    "cal-ext-12",
    "cal-ext-19",
    "rel-ext-23",
    "cal-ext-09",
    "rel-ext-02",
    "rel-ext-22",
]


REWRITTEN = {
    # the six messages a person thinking of dying could read as an invitation: rewritten in
    # both languages to be about this moment and the body resting (2026-12-07)
    "cal-ext-12", "cal-ext-19", "rel-ext-23", "cal-ext-09", "rel-ext-02", "rel-ext-22",
    # rewritten without what they exposed to: the heartbeat became the breath, the swim a walk
    "ang-0044", "fea-0108", "sur-0022", "sur-0049", "sad-0176", "ang-0312", "fea-0127",
    "sad-0132",
}  # fmt: skip


def test_every_item_the_review_flagged_is_fixed_or_retired(everything: list[Any]) -> None:
    with RETIRED.open(encoding="utf-8") as handle:
        retired = {
            r[0] for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")
        }
    by_id = {item.id: item for item in everything}
    for ident in FLAGGED:
        if ident in retired:
            assert ident not in by_id, ident
            continue
        item = by_id[ident]
        if ident in REWRITTEN:
            # nothing the screen sees is left unreviewed
            assert not unscreened([item]), (ident, suggested_hazards(item.texts))
            continue
        assert item.hazards, f"{ident} is neither retired nor tagged with what it exposes to"
