"""The one classification report: its figures, and the text and voice JSON layouts it writes."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from hamdel.core.metrics import (
    average_precision,
    classification_report,
    mean_std,
    unweighted_average_recall,
)

CLASSES = ("anger", "fear", "happiness", "neutral", "sadness", "surprise")
TRUTH = ["anger", "anger", "anger", "fear", "sadness", "sadness"]
PRED = ["anger", "anger", "fear", "fear", "sadness", "anger"]
"""Per class present: anger P 2/3 R 2/3, fear P 1/2 R 1, sadness P 1 R 1/2; every F1 is 2/3."""


def test_average_precision_matches_sklearn() -> None:
    from sklearn.metrics import average_precision_score

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200).astype(bool)
    s = rng.random(200) + y * 0.3
    s[:20] = 0.5  # ties
    assert average_precision(y, s) == pytest.approx(average_precision_score(y, s), abs=1e-9)


def test_binary_report_fields() -> None:
    rep = classification_report(
        ["1", "0", "1", "1"],
        ["1", "0", "0", "1"],
        ("0", "1"),
        np.array([[0.1, 0.9], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7]]),
        "1",
    )
    d = rep.to_dict()
    assert d["n"] == 4 and d["accuracy"] == 0.75
    assert d["f1"] == pytest.approx(0.8)
    assert d["pr_auc"] == 1.0
    assert d["confusion"] == [[1, 0], [1, 2]]
    assert set(d["per_class"]) == {"0", "1"}


def test_report_on_a_known_confusion() -> None:
    r = classification_report(TRUTH, PRED, CLASSES).to_voice_dict()
    assert r["n"] == 6
    assert r["accuracy"] == pytest.approx(4 / 6)
    # recalls over the three classes present: 2/3, 1, 1/2
    assert r["uar"] == pytest.approx((2 / 3 + 1 + 0.5) / 3)
    assert r["per_class"]["fear"]["precision"] == 0.5
    assert r["per_class"]["surprise"]["support"] == 0
    m = np.array(r["confusion"]["matrix"])
    assert m.sum() == 6 and m[0, 0] == 2 and m[4, 0] == 1


def test_mean_std() -> None:
    out = mean_std([{"accuracy": 0.5, "uar": 0.4, "macro_f1": 0.3},
                    {"accuracy": 0.7, "uar": 0.6, "macro_f1": 0.5}])  # fmt: skip
    assert out["uar"] == {"mean": 0.5, "std": 0.1}


def test_text_and_voice_figures_agree() -> None:
    report = classification_report(TRUTH, PRED, CLASSES)
    text, voice = report.to_dict(), report.to_voice_dict()
    assert voice["accuracy"] == 4 / 6 and text["accuracy"] == 0.6667
    assert voice["macro_f1"] == pytest.approx(2 / 3) and text["macro_f1"] == 0.6667
    assert round(voice["accuracy"], 4) == text["accuracy"]
    assert round(voice["macro_f1"], 4) == text["macro_f1"]
    assert voice["confusion"]["matrix"] == text["confusion"]
    assert voice["confusion"]["labels"] == list(CLASSES)
    assert text["confusion"][0] == [2, 1, 0, 0, 0, 0] and text["confusion"][4][0] == 1
    for name in CLASSES:
        v, t = voice["per_class"][name], text["per_class"][name]
        assert v == {**t, "support": int(t["support"])}


def test_the_two_layouts_keep_their_keys_and_types() -> None:
    report = classification_report(TRUTH, PRED, CLASSES, skipped=2)
    text, voice = report.to_dict(), report.to_voice_dict()
    assert list(text) == [
        "n", "accuracy", "macro_f1", "f1", "pr_auc", "per_class", "confusion", "skipped",
        "outcomes",
    ]  # fmt: skip
    assert list(voice) == ["n", "accuracy", "uar", "macro_f1", "per_class", "confusion"]
    assert text["skipped"] == 2 and text["pr_auc"] is None and text["outcomes"] == {}
    assert list(text["per_class"]["anger"]) == ["precision", "recall", "f1", "support"]
    assert list(voice["per_class"]["anger"]) == ["precision", "recall", "f1", "support"]
    assert json.dumps(text["per_class"]["anger"]["support"]) == "3.0"
    assert json.dumps(voice["per_class"]["anger"]["support"]) == "3"
    assert voice["per_class"]["anger"]["f1"] == 0.6667


def test_uar_of_class_indices_is_the_reports() -> None:
    index = {c: i for i, c in enumerate(CLASSES)}
    uar = unweighted_average_recall(
        np.array([index[t] for t in TRUTH]), np.array([index[p] for p in PRED])
    )
    assert uar == classification_report(TRUTH, PRED, CLASSES).uar
    assert uar == pytest.approx((2 / 3 + 1 + 0.5) / 3)
    assert unweighted_average_recall(np.array([]), np.array([])) == 0.0


def test_multiclass_pr_auc_averages_the_classes_present() -> None:
    proba = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1]])
    rep = classification_report(["a", "b", "b"], ["a", "b", "a"], ("a", "b", "c"), proba)
    ap_a, ap_b = average_precision(np.array([1, 0, 0]), proba[:, 0]), 1.0
    assert rep.per_class["a"]["pr_auc"] == ap_a and rep.per_class["b"]["pr_auc"] == ap_b
    assert np.isnan(rep.per_class["c"]["pr_auc"])
    assert rep.pr_auc == pytest.approx((ap_a + ap_b) / 2)
    assert rep.f1 == rep.macro_f1 == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert rep.to_dict()["per_class"]["c"]["pr_auc"] is None


def test_labels_outside_the_classes_count_but_have_no_cell() -> None:
    rep = classification_report(["a", "b", "x", "a"], ["a", "", "x", "b"], ("a", "b"))
    assert rep.n == 4 and rep.accuracy == 0.5
    assert rep.confusion == [[1, 1], [0, 0]]
    assert rep.per_class["b"]["support"] == 1.0 and rep.per_class["b"]["recall"] == 0.0
    assert rep.per_class["a"]["recall"] == 0.5


def test_outcomes_are_rounded_in_the_text_layout() -> None:
    rep = classification_report(["1", "0", "1"], ["1", "0", "0"], ("0", "1"), positive="1")
    rep = dataclasses.replace(rep, outcomes={"1": {"n": 3, "crisis": 2 / 3}})
    assert rep.to_dict()["outcomes"] == {"1": {"n": 3, "crisis": 0.6667}}
    assert rep.f1 == pytest.approx(2 / 3) and rep.pr_auc is None


def test_no_truth_scores_zero_without_warnings() -> None:
    rep = classification_report([], [], ("a", "b"))
    assert (rep.n, rep.accuracy, rep.uar, rep.macro_f1) == (0, 0.0, 0.0, 0.0)
    assert rep.confusion == [[0, 0], [0, 0]]


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="3 true labels but 2 predictions"):
        classification_report(["a", "b", "a"], ["a", "b"], ("a", "b"))
