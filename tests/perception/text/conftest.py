from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from hamdel.perception.text.features import FeatureConfig
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear


class FakeEmbedder:
    """Deterministic 384-d unit vectors from a hash of the words: similar words, similar vectors."""

    max_chars = 1000
    cache_id = "fake"

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[i, h % 384] += 1.0
            out[i] /= np.linalg.norm(out[i]) or 1.0
        return out


POS = [
    "i feel so stressed and anxious about work",
    "deadlines are crushing me, so much pressure",
    "i am overwhelmed and tense all the time",
    "panic and worry every day at my job",
]
NEG = [
    "we had a lovely picnic in the park",
    "the movie was fun and relaxing",
    "i cooked pasta and watched tv",
    "nice walk with my dog this morning",
]
EMO = {
    "happiness": ["i am so happy today", "what a joyful lovely day", "this is great fun"],
    "sadness": ["i feel sad and alone", "i miss her and cry", "so unhappy and down"],
    "anger": ["i am furious at him", "this makes me so angry", "i hate this, rage"],
}


@pytest.fixture(scope="session")
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with tiny real linear models trained on the synthetic lines above."""
    root = tmp_path_factory.mktemp("models")
    emb = FakeEmbedder()
    texts, labels = POS + NEG, ["1"] * len(POS) + ["0"] * len(NEG)
    cfg = LinearConfig(FeatureConfig((1, 2), (2, 4)), C=10.0, min_df=1)
    xcfg = LinearConfig(None, use_embeddings=True, C=10.0)
    for task in ("stress", "depression", "crisis"):
        fit_linear(texts, labels, cfg).save(root / f"text_{task}" / "en.npz")
        fit_linear(texts, labels, xcfg, emb.embed(texts)).save(root / f"text_{task}" / "xl.npz")
    e_texts = [t for ts in EMO.values() for t in ts]
    e_labels = [k for k, ts in EMO.items() for _ in ts]
    fit_linear(e_texts, e_labels, cfg).save(root / "text_emotion" / "en.npz")
    fit_linear(e_texts, e_labels, xcfg, emb.embed(e_texts)).save(root / "text_emotion" / "xl.npz")
    (root / "text_crisis" / "config.json").write_text(
        '{"threshold": 0.99, "prototype_tau": 0.99, "prototype_margin": 0.0, '
        '"head_threshold_en": 0.99, "head_threshold_fa": 0.99}'
    )
    return root
