"""Fit linear text models with scikit-learn and export them as numpy-only
:class:`~hamdel.perception.text.linear.LinearTextModel` files; cross-validate any estimator.

Training only (needs the ``train`` extra).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hamdel.core.metrics import Report, classification_report
from hamdel.perception.text.features import (
    FeatureConfig,
    WordVectorMean,
    glove_table,
    text_tokens,
)
from hamdel.perception.text.linear import LinearTextModel, LinearWeights

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinearConfig:
    """Hyper-parameters of a linear model over TF-IDF n-grams and/or embeddings."""

    features: FeatureConfig | None = field(default_factory=FeatureConfig)
    use_embeddings: bool = False
    embedding_scale: float = 1.0
    C: float = 4.0
    max_features: int = 150_000
    min_df: int = 2
    class_weight: str | None = None
    random_state: int = 0
    stacked: str | None = None
    """Relative path of a model whose probabilities become extra features (see
    :class:`~hamdel.perception.text.linear.LinearWeights`); pass the loaded model to
    :func:`fit_linear` as ``stacked_model``."""
    stacked_scale: float = 3.0
    word_vectors: float = 0.0
    """When > 0: the mean GloVe-50d vector of the text's words (``glove_table``), times this
    scale, is a feature block; it is folded into one weight per word for serving."""
    word_vector_top: int = 100_000


def _design(
    texts: Sequence[str],
    cfg: LinearConfig,
    embeddings: np.ndarray | None,
    vectorizer: Any,
    stacked_model: LinearTextModel | None = None,
    word_vectors: WordVectorMean | None = None,
) -> Any:
    from scipy import sparse  # type: ignore[import-untyped]

    blocks = []
    if vectorizer is not None:
        blocks.append(vectorizer.transform(texts))
    if stacked_model is not None:
        blocks.append(sparse.csr_matrix(stacked_model.predict_proba(texts) * cfg.stacked_scale))
    if word_vectors is not None:
        mean = word_vectors.mean_batch(text_tokens(texts)) * cfg.word_vectors
        blocks.append(sparse.csr_matrix(mean))
    if cfg.use_embeddings:
        if embeddings is None:
            raise ValueError("use_embeddings=True needs embeddings")
        blocks.append(sparse.csr_matrix(embeddings * cfg.embedding_scale))
    return sparse.hstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]


def fit_linear(
    texts: Sequence[str],
    labels: Sequence[str],
    cfg: LinearConfig,
    embeddings: np.ndarray | None = None,
    info: dict[str, Any] | None = None,
    stacked_model: LinearTextModel | None = None,
    sample_weight: np.ndarray | None = None,
) -> LinearTextModel:
    """Fit a logistic regression and return it as a servable :class:`LinearTextModel`
    (``sample_weight``: one weight per text, e.g. to give a small authored set its say)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    vectorizer = None
    if cfg.features is not None:
        vectorizer = TfidfVectorizer(
            analyzer=cfg.features.analyzer,
            sublinear_tf=True,
            min_df=cfg.min_df,
            max_features=cfg.max_features,
            dtype=np.float32,
        )
        vectorizer.fit(texts)
    if (cfg.stacked is None) != (stacked_model is None):
        raise ValueError("cfg.stacked and stacked_model go together")
    wv = None
    terms: list[str] = []
    if cfg.word_vectors > 0:
        terms, vectors = glove_table(cfg.word_vector_top)
        wv = WordVectorMean(terms, vectors)
    X = _design(texts, cfg, embeddings, vectorizer, stacked_model, wv)
    clf = LogisticRegression(
        C=cfg.C, max_iter=3000, class_weight=cfg.class_weight, random_state=cfg.random_state
    )
    clf.fit(X, list(labels), sample_weight=sample_weight)
    coef = clf.coef_.T.astype(np.float32)  # (n_features, 1) binary or (n_features, k)
    n_t = len(vectorizer.vocabulary_) if vectorizer is not None else 0
    n_t += len(stacked_model.classes) if stacked_model is not None else 0
    wv_coef = None
    if wv is not None:
        dim = wv.vectors.shape[1]
        # mean(vectors) @ (w * scale) == mean(vectors @ w * scale): one number per word
        wv_coef = wv.vectors @ (coef[n_t : n_t + dim] * cfg.word_vectors)
        coef = np.concatenate([coef[:n_t], coef[n_t + dim :]])
    if cfg.use_embeddings:
        coef[n_t:] *= cfg.embedding_scale  # fold the scale into the weights
    vocab: tuple[str, ...] = ()
    idf = None
    if vectorizer is not None:
        inv = sorted(vectorizer.vocabulary_.items(), key=lambda kv: kv[1])
        vocab = tuple(term for term, _ in inv)
        idf = vectorizer.idf_.astype(np.float32)
    weights = LinearWeights(
        classes=tuple(str(c) for c in clf.classes_),
        coef=coef,
        intercept=clf.intercept_.astype(np.float32),
        vocabulary=vocab,
        idf=idf,
        config=cfg.features,
        uses_embeddings=cfg.use_embeddings,
        stacked=cfg.stacked,
        stacked_scale=cfg.stacked_scale,
        wv_terms=tuple(terms) if wv_coef is not None else (),
        wv_coef=wv_coef,
        info=info,
    )
    model = LinearTextModel(weights)
    if stacked_model is not None:
        model.attach_stacked(stacked_model)
    return model


Predictor = Callable[[Sequence[int], Sequence[int]], tuple[list[str], np.ndarray, tuple[str, ...]]]
"""``predictor(train_idx, test_idx) -> (predicted labels, probabilities, classes)``."""


def cross_validate(
    labels: Sequence[str],
    predictor: Predictor,
    folds: int = 10,
    positive: str | None = None,
    seed: int = 20261122,
) -> tuple[Report, list[Report]]:
    """Stratified k-fold: the pooled report over all out-of-fold predictions and each fold's."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    y = np.asarray(labels)
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    pooled_pred = np.empty(y.size, dtype=object)
    pooled_proba: np.ndarray | None = None
    classes: tuple[str, ...] = ()
    per_fold = []
    for k, (tr, te) in enumerate(skf.split(np.zeros(y.size), y)):
        pred, proba, classes = predictor(tr, te)
        if pooled_proba is None:
            pooled_proba = np.zeros((y.size, len(classes)), dtype=np.float32)
        pooled_pred[te] = pred
        pooled_proba[te] = proba
        per_fold.append(classification_report(list(y[te]), pred, classes, proba, positive))
        log.info("fold %d: f1 %.4f", k, per_fold[-1].f1 or 0.0)
    pooled = classification_report(
        list(y), list(pooled_pred.astype(str)), classes, pooled_proba, positive
    )
    return pooled, per_fold


def fold_mean(reports: list[Report]) -> dict[str, float]:
    """Mean and standard deviation of accuracy, macro-F1, F1 and PR-AUC over folds."""
    out: dict[str, float] = {}
    for key in ("accuracy", "macro_f1", "f1", "pr_auc"):
        vals = [getattr(r, key) for r in reports if getattr(r, key) is not None]
        if vals:
            out[key] = float(np.mean(vals))
            out[key + "_sd"] = float(np.std(vals))
    return out


__all__ = ["LinearConfig", "cross_validate", "fit_linear", "fold_mean"]
