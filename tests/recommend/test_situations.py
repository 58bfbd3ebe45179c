"""Suggestions that presuppose a situation come only to a person who named it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

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
from hamdel.recommend.situations import DEFAULT_SITUATIONS

NOON = datetime(2026, 11, 22, 12, 30)
PET = Situation("lost pet", ("pet", "dog", "cat", "put down"), ("حیوان خانگی", "سگ", "گربه"))


@pytest.mark.parametrize(
    ("words", "named"),
    [
        ("our dog died last night", True),
        ("we had to have our cat put down", True),
        ("I miss my pets so much", True),
        ("Dogs always cheer me up", True),
        ("سگم دیشب مرد", True),
        ("دلم برای گربه‌ام تنگ شده", True),
        ("حیوان‌خانگی‌ام را از دست دادم", True),  # with the zero-width non-joiner
        ("دلم برای گربه ام تنگ شده", True),
        ("گربه‌اي كه داشتم", True),  # Arabic yeh and kaf typed by mistake
        ("work was so stressful today and I can't switch off", False),
        ("I'm looking forward to the weekend", False),
        ("a dogged effort at work", False),  # a word that starts like one is not one
        ("I feel catatonic", False),
        ("درس گفتم و خسته شدم", False),  # «سگ» across two words is not «سگ»
        ("از راهنمایی‌هات سپاسگزارم", False),  # nor inside another word
        ("سگ‌ها همیشه خوشحالم می‌کنن", True),
        ("", False),
        (None, False),
    ],
)
def test_words_name_a_situation_or_not(words: str | None, named: bool) -> None:
    assert bool(Situations({"sad-1": PET}).named_in(words)) is named


@pytest.fixture(scope="module")
def parts() -> tuple[SuggestionCorpus, MessageCatalogue, Ontology]:
    return SuggestionCorpus.load(), MessageCatalogue.load(), Ontology.load()


def _engine(parts, situational: dict[str, Situation]) -> Recommender:  # type: ignore[no-untyped-def]
    corpus, catalogue, ontology = parts
    return Recommender(corpus, catalogue, ontology, None, situations=Situations(situational))


def _offered(engine: Recommender, said: str | None, seeds: int = 40) -> set[str]:
    out: set[str] = set()
    for seed in range(seeds):
        request = RecommendRequest(
            Need("sadness"), user=user_graph({}, engine.ontology), now=NOON, seed=seed,
            want="suggestions", said=said,
        )  # fmt: skip
        out |= {s.id for s in engine.recommend(request).suggestions}
    return out


def test_a_situational_item_needs_its_situation_named(parts) -> None:  # type: ignore[no-untyped-def]
    plain = _engine(parts, {})
    usual = _offered(plain, None)
    assert len(usual) >= 10
    # mark what the plain engine offers most for sadness as presupposing a lost pet
    marked = {item: PET for item in sorted(usual)}
    engine = _engine(parts, marked)
    for said in (None, "", "work was so stressful today and I can't switch off"):
        assert not _offered(engine, said) & set(marked)
    for seed, (said, why) in enumerate(
        [("my dog died this morning", "For what you just told me"),
         ("سگم امروز صبح مرد", "برای چیزی که گفتی")] * 5
    ):  # fmt: skip
        request = RecommendRequest(
            Need("sadness"), user=user_graph({}, engine.ontology), now=NOON, seed=seed,
            language="en" if said.isascii() else "fa", want="suggestions", said=said,
        )  # fmt: skip
        chosen = engine.recommend(request).suggestions
        # named, one answers what was said, ranked first; the others are for anyone
        assert len(chosen) == 3 and chosen[0].id in marked and chosen[0].why.startswith(why)
        assert not {s.id for s in chosen[1:]} & set(marked)


def test_the_shipped_list_names_real_items_with_words_in_both_languages() -> None:
    assert DEFAULT_SITUATIONS.is_file()
    situations = Situations.load()
    assert len(situations) >= 20
    assert set(situations) <= {item.id for item in SuggestionCorpus.load().items}
    for item_id, situation in situations.items():
        assert situation.en and situation.fa, item_id


def test_a_broken_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text('[sad-1]\nen = ["pet"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="situation name"):
        Situations.load(bad)
    bad.write_text('[sad-1]\nsituation = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="word lists"):
        Situations.load(bad)
    bad.write_text("[sad-1\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read"):
        Situations.load(bad)
