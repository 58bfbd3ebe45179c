"""An unsure anger, fear, happiness or surprise read gets gentle suggestions for any moment."""

from __future__ import annotations

from datetime import datetime

import pytest

from hamdel.core.errors import InputError
from hamdel.knowledge import Ontology, user_graph
from hamdel.recommend import (
    MessageCatalogue,
    Need,
    Recommender,
    RecommendRequest,
    Situation,
    Situations,
    SuggestionCorpus,
)

NOON = datetime(2026, 11, 22, 12, 30)


@pytest.fixture(scope="module")
def engine() -> Recommender:
    """The shipped corpus, catalogue and ontology, ranked by tags (no scorer: fast)."""
    return Recommender(SuggestionCorpus.load(), MessageCatalogue.load(), Ontology.load(), None)


@pytest.mark.parametrize(
    ("emotion", "confidence", "gentle"),
    [
        ("anger", 0.45, True),
        ("happiness", 0.69, True),
        ("surprise", 0.2, True),
        ("fear", 0.5, True),
        ("anger", 0.7, False),
        ("happiness", 0.95, False),
        ("anger", None, False),  # no confidence given: a sure read
        ("sadness", 0.3, False),  # sadness and neutral reads keep their own
        ("neutral", 0.3, False),
    ],
)
def test_an_unsure_read_gets_gentle_suggestions(
    engine: Recommender, emotion: str, confidence: float | None, gentle: bool
) -> None:
    for seed, language in ((0, "en"), (1, "fa")):
        request = RecommendRequest(
            Need(emotion, confidence=confidence), user=user_graph({}, engine.ontology),
            now=NOON, seed=seed, language=language, want="suggestions",
        )  # fmt: skip
        chosen = engine.recommend(request).suggestions
        assert len(chosen) == 3
        tags = [engine.corpus.get(s.id).emotions for s in chosen]  # type: ignore[union-attr]
        wanted = "neutral" if gentle else emotion
        assert all(wanted in t for t in tags)
        if gentle:
            why = "Something gentle" if language == "en" else "کاری آرام"
            assert all(s.why.startswith(why) for s in chosen)


def test_confidence_is_a_probability() -> None:
    with pytest.raises(InputError, match="confidence"):
        Need("anger", confidence=1.5)


def test_unsure_of_the_feeling_is_not_unsure_of_what_was_said() -> None:
    corpus, catalogue, ontology = SuggestionCorpus.load(), MessageCatalogue.load(), Ontology.load()
    fear_only = next(i for i in corpus.items if i.emotions == frozenset({"fear"}))
    rent = Situation("rent overdue", ("rent",), ("اجاره",))
    engine = Recommender(
        corpus, catalogue, ontology, None, situations=Situations({fear_only.id: rent})
    )
    for said, language in (("my rent is overdue", "en"), ("اجاره‌خونه عقب افتاده", "fa")):
        request = RecommendRequest(
            Need("fear", confidence=0.5), user=user_graph({}, ontology), now=NOON,
            language=language, want="suggestions", said=said,
        )  # fmt: skip
        chosen = engine.recommend(request).suggestions
        assert chosen[0].id == fear_only.id  # what they named, though the feeling was unsure
        assert all("neutral" in corpus.get(s.id).emotions for s in chosen[1:])  # type: ignore[union-attr]
