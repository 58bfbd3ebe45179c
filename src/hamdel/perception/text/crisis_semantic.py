"""Crisis layers over multilingual embeddings: prototype similarity and a trained head.

:class:`HeadLayer` is a logistic regression on the embeddings, trained on the authored crisis
sentences of both languages (``hamdel text train --task crisis``); it fires at a threshold per
language, chosen by cross-validation for recall.

:class:`PrototypeLayer` compares a text with authored crisis sentences and authored safe
sentences (idioms, ordinary sadness, clear negations) in both languages
(``data/text/crisis_prototypes.csv``). It fires when the nearest crisis prototype is at least
``tau`` similar and nearer than the nearest safe one by ``margin``; the evidence names that
prototype. Paraphrases the lexicon misses ("I keep googling painless ways to die") are what it
is for; it works across English and Persian because the embedding space is shared.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hamdel.perception.text.crisis import LayerScore, ScreenVerdict
from hamdel.perception.text.embed import E5Embedder, cached_embed
from hamdel.perception.text.linear import LinearTextModel

DEFAULT_PROTOTYPES = Path(__file__).resolve().parents[4] / "data" / "text" / "crisis_prototypes.csv"


class PrototypeLayer:
    """Nearest-prototype crisis layer; :meth:`load` then :meth:`score`."""

    name = "prototypes"
    kind = "similarity"

    def __init__(
        self,
        embedder: E5Embedder,
        texts: Sequence[str],
        labels: Sequence[int],
        vectors: np.ndarray,
        tau: float = 0.86,
        margin: float = 0.0,
    ) -> None:
        self.embedder = embedder
        self.texts = tuple(texts)
        self.labels = np.asarray(labels, dtype=np.int8)
        self.vectors = vectors
        self.tau = tau
        self.margin = margin

    @classmethod
    def load(
        cls,
        embedder: E5Embedder,
        path: str | Path | None = None,
        *,
        tau: float = 0.86,
        margin: float = 0.0,
    ) -> PrototypeLayer:
        with Path(path or DEFAULT_PROTOTYPES).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        texts = [r["text"] for r in rows]
        vectors = cached_embed(texts, "crisis_prototypes", embedder)
        return cls(embedder, texts, [int(r["label"]) for r in rows], vectors, tau, margin)

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]:
        sims = self.embedder.embed(texts) @ self.vectors.T  # (n, prototypes)
        crisis = np.where(self.labels == 1, sims, -1.0)
        safe = np.where(self.labels == 0, sims, -1.0)
        out = []
        for i in range(len(texts)):
            j = int(crisis[i].argmax())
            pos, neg = float(crisis[i, j]), float(safe[i].max())
            fired = pos >= self.tau and pos - neg >= self.margin
            # a smooth score for ranking (0.5 at tau); the decision is the rule above
            score = 1.0 / (1.0 + float(np.exp(-50.0 * (pos - self.tau))))
            out.append(LayerScore(score, fired, f"like: {self.texts[j]}"))
        return out


class HeadLayer:
    """A trained classifier over the embeddings, with two thresholds per language: ``fired``
    (a check-in) at ``thresholds[lang]``, ``urgent`` (a crisis) at ``crisis_thresholds[lang]``."""

    name = "embedding_head"
    kind = "classifier"

    def __init__(
        self,
        embedder: E5Embedder,
        model: LinearTextModel,
        thresholds: dict[str, float],
        crisis_thresholds: dict[str, float] | None = None,
        clear_model: LinearTextModel | None = None,
    ) -> None:
        if not model.uses_embeddings or (
            clear_model is not None and not clear_model.uses_embeddings
        ):
            raise ValueError("the crisis head must be a model over sentence embeddings")
        self.embedder = embedder
        self.model = model
        self.clear_model = clear_model
        """Clear first-person intent against everything else: its score decides ``urgent``
        (without it, the main head's does)."""
        self.thresholds = dict(thresholds)
        self.crisis_thresholds = dict(crisis_thresholds or {})
        # mixed or unknown language: the lower (more sensitive) of the two
        self.fallback = min(self.thresholds.values(), default=0.5)
        self.crisis_fallback = min(self.crisis_thresholds.values(), default=1.01)

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]:
        if not texts:
            return []
        vectors = self.embedder.embed(texts)
        p = self.model.predict_proba(list(texts), vectors)[:, 1]
        clear = (
            self.clear_model.predict_proba(list(texts), vectors)[:, 1]
            if self.clear_model is not None
            else p
        )
        out = []
        for prob, intent, lang in zip(p, clear, langs, strict=True):
            t = self.thresholds.get(lang, self.fallback)
            u = self.crisis_thresholds.get(lang, self.crisis_fallback)
            detail = (
                f"p={float(prob):.2f} (check-in >= {t}); clear intent {float(intent):.2f} (>= {u})"
            )
            out.append(LayerScore(float(prob), float(prob) >= t, detail, float(intent) >= u))
        return out


class TextScreen:
    """The cheap first stage: a TF-IDF model. Below ``clear_below[lang]`` a text needs no
    embedding; at ``confirm_at[lang]`` it backs the embedding head's crisis-level score."""

    def __init__(
        self,
        model: LinearTextModel,
        clear_below: dict[str, float],
        confirm_at: dict[str, float] | None = None,
    ) -> None:
        if model.uses_embeddings:
            raise ValueError("the screen must not need embeddings")
        self.model = model
        self.clear_below = dict(clear_below)
        self.confirm_at = dict(confirm_at or {})
        self.clear_fallback = min(self.clear_below.values(), default=0.0)
        self.confirm_fallback = min(self.confirm_at.values(), default=0.0)

    def judge(self, texts: Sequence[str], langs: Sequence[str]) -> list[ScreenVerdict]:
        if not texts:
            return []
        p = self.model.predict_proba(list(texts))[:, 1]
        return [
            ScreenVerdict(
                float(v),
                float(v) < self.clear_below.get(lang, self.clear_fallback),
                float(v) >= self.confirm_at.get(lang, self.confirm_fallback),
            )
            for v, lang in zip(p, langs, strict=True)
        ]


__all__ = ["DEFAULT_PROTOTYPES", "HeadLayer", "PrototypeLayer", "TextScreen"]
