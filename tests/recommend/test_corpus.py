"""The suggestion corpus: size, both languages, valid tags, safety, no near-duplicates, rules."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.knowledge import Ontology, allowed, filter_allowed, mentioned_term, user_graph
from hamdel.recommend.corpus import DEFAULT_DIR, Suggestion, SuggestionCorpus, read_jsonl
from hamdel.recommend.dedupe import (
    choose_removals,
    embedding_pairs,
    lexical_pairs,
    remove_items,
    retire,
)

MIN_ITEMS = 1200


@pytest.fixture(scope="module")
def corpus() -> SuggestionCorpus:
    return SuggestionCorpus.load()


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def _raw_rows() -> list[dict[str, object]]:
    return [row for f in sorted(DEFAULT_DIR.glob("*.jsonl")) for _, row in read_jsonl(f)]


def test_size_and_every_item_reviewed(corpus: SuggestionCorpus) -> None:
    rows = _raw_rows()
    assert len(corpus) >= MIN_ITEMS
    assert all(row["reviewed_safe"] is True for row in rows)
    assert len(corpus) == len(rows), "no item may be skipped as unreviewed"


def test_files_are_small_and_ids_unique(corpus: SuggestionCorpus) -> None:
    for file in DEFAULT_DIR.glob("*.jsonl"):
        assert file.stat().st_size < 150_000, file.name
    assert len({item.id for item in corpus}) == len(corpus)


def test_both_languages_and_valid_tags(corpus: SuggestionCorpus) -> None:
    names = {e.value for e in EMOTIONS}
    for item in corpus:
        assert item.en.strip() and item.fa.strip(), item.id
        assert item.primary in item.emotions <= names, item.id
        assert item.problems() == [], item.id
        assert item.id.startswith("hlp" if item.professional else item.primary[:3]), item.id


def test_all_six_emotions_most_for_the_negative_ones(corpus: SuggestionCorpus) -> None:
    counts = Counter(e for item in corpus for e in item.emotions)
    assert set(counts) == {e.value for e in EMOTIONS}
    negative = min(counts["anger"], counts["fear"], counts["sadness"])
    assert negative > max(counts["happiness"], counts["neutral"], counts["surprise"])
    assert min(counts.values()) >= 100


def test_no_near_duplicates_by_the_cheap_check(corpus: SuggestionCorpus) -> None:
    assert lexical_pairs(list(corpus)) == []


def test_risk_words_are_tagged(corpus: SuggestionCorpus, onto: Ontology) -> None:
    for item in corpus:
        for risk, terms in onto.knowledge.risk_terms.items():
            if any(mentioned_term(text, terms) for text in item.texts.values()):
                assert risk in item.contraindicated_risks, (item.id, risk)


def test_random_profiles_never_get_a_forbidden_item(
    corpus: SuggestionCorpus, onto: Ontology
) -> None:
    rng = random.Random(11)
    items = list(corpus)
    for _ in range(25):
        profile = {
            "risk_habits": rng.sample(["smoking", "alcohol", "other"], rng.randint(0, 3)),
            "context": rng.choice(["home", "study", "work", "travel"]),
            "sleep_hours": rng.randint(2, 10),
        }
        person = user_graph(profile, onto)
        kept = filter_allowed(items, person)
        assert kept, profile
        for item in kept:
            assert not item.contraindicated_risks & person.risk_habits
            assert person.context not in item.contraindicated_contexts
            assert not (item.needs_privacy and person.context != "home")
            assert not (item.needs_outdoors and person.context == "travel")
            assert not (item.energy == "high" and person.sleep_hours < 5)


def test_every_context_keeps_items_for_every_emotion(
    corpus: SuggestionCorpus, onto: Ontology
) -> None:
    for context in ("home", "study", "work", "travel"):
        person = user_graph({"context": context, "risk_habits": ["smoking", "alcohol"]}, onto)
        for emotion in EMOTIONS:
            fitting = [i for i in corpus.for_emotion(emotion.value) if allowed(i, person).allowed]
            assert len(fitting) >= 20, (context, emotion)


def _item(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "ang-9999",
        "en": "Breathe out slowly.",
        "fa": "آرام نفست را بیرون بده.",
        "primary": "anger",
        "emotions": ["anger"],
        "minutes": 2,
        "energy": "low",
        "privacy": False,
        "outdoors": False,
        "another_person": False,
        "contra_risks": [],
        "contra_contexts": [],
        "reviewed_safe": True,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fa": ""}, "'fa'"),
        ({"emotions": ["rage"]}, "emotions"),
        ({"primary": "fear"}, "primary emotion fear"),
        ({"minutes": 0}, "minutes"),
        ({"energy": "extreme"}, "energy"),
        ({"contra_contexts": ["moon"]}, "contra_contexts"),
        ({"en": "Take your pills."}, "unsafe"),
        ({"fa": "یک نخ سیگار بکش."}, "unsafe"),
        ({"fa": "تو می توانی."}, "ZWNJ"),
        ({"fa": "كتاب"}, "Arabic"),
        ({"en": "سلام"}, "en contains Persian"),
        ({"id": "x1"}, "id"),
    ],
)
def test_bad_items_are_named(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        Suggestion.from_dict(_item(**changes))


def test_loading_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError):
        SuggestionCorpus.load(tmp_path)
    bad = tmp_path / "a.jsonl"
    bad.write_text("{not json}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.jsonl:1"):
        SuggestionCorpus.load(tmp_path)
    rows = [_item(), _item(en="Stretch your arms.", fa="دست‌هایت را کش بده.")]
    bad.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    with pytest.raises(InputError, match="already used"):
        SuggestionCorpus.load(tmp_path)
    bad.write_text(
        json.dumps(_item(reviewed_safe=False), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert len(SuggestionCorpus.load(tmp_path)) == 0
    assert len(SuggestionCorpus.load(tmp_path, include_unreviewed=True)) == 1


def test_dedupe_finds_merges_and_removes(tmp_path: Path) -> None:
    rows = [
        _item(id="ang-0001"),
        _item(id="fea-0001", primary="fear", emotions=["fear"], en="Breathe out slowly!"),
        _item(
            id="sad-0001",
            primary="sadness",
            emotions=["sadness"],
            en="Call a friend.",
            fa="به یک دوست زنگ بزن.",
        ),
    ]
    (tmp_path / "x.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    items = list(SuggestionCorpus.load(tmp_path))
    pairs = lexical_pairs(items)
    assert [(p.first, p.second) for p in pairs] == [("ang-0001", "fea-0001")]
    doomed = choose_removals(pairs)
    assert doomed == {"fea-0001": "ang-0001"}
    assert remove_items(tmp_path, doomed) == 1
    retire(tmp_path / "retired.tsv", doomed)
    assert (tmp_path / "retired.tsv").read_text(encoding="utf-8") == "fea-0001\tang-0001\n"
    kept = SuggestionCorpus.load(tmp_path)
    assert [i.id for i in kept] == ["ang-0001", "sad-0001"]
    assert kept.get("ang-0001").emotions == {"anger", "fear"}  # type: ignore[union-attr]


def test_embedding_pairs_with_a_fake_embedder() -> None:
    items = [
        Suggestion.from_dict(_item(id=f"ang-000{i}", en=t))
        for i, t in enumerate(["A b.", "A c.", "Z z."])
    ]

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray([[1.0, 0.0] if t.startswith(("A", "آ")) else [0.0, 1.0] for t in texts])

    pairs = embedding_pairs(items, threshold=0.9, embed=embed)
    assert [(p.first, p.second) for p in pairs] == [("ang-0000", "ang-0001")]


HOME_ONLY = re.compile(
    r"\b(take|have) a (warm |long, warm )?(shower|bath)|\bcook\b|\bbake\b|\blie (down|on the floor)"
    r"|\bmake your bed|\bin bed\b|\bvacuum|\blaundry\b",
    re.IGNORECASE,
)


def test_home_only_activities_are_ruled_out_elsewhere(corpus: SuggestionCorpus) -> None:
    for item in corpus:
        if HOME_ONLY.search(item.en):
            assert {"work", "study", "travel"} <= item.contraindicated_contexts, item.id


def test_round_trip_and_cue_tags(corpus: SuggestionCorpus) -> None:
    for item in corpus:
        assert Suggestion.from_dict(item.to_dict()) == item
        if re.search(r"celebrat|get-together", item.en, re.IGNORECASE):
            assert "alcohol" in item.contraindicated_risks, item.id
        if re.search(r"\bstep (outside|onto a balcony)", item.en, re.IGNORECASE):
            assert "smoking" in item.contraindicated_risks, item.id


def test_retired_ids_are_not_reused(corpus: SuggestionCorpus) -> None:
    path = DEFAULT_DIR.parent / "retired_ids.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    retired = {row[0]: row[1] for row in rows if row and not row[0].startswith("#")}
    assert len(retired) >= 29
    for gone, kept in retired.items():
        assert corpus.get(gone) is None, gone
        assert kept == "-" or corpus.get(kept) is not None, kept
