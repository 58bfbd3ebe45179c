from __future__ import annotations

import numpy as np
import pytest

from hamdel.perception.text.metrics import average_precision, classification_report


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
