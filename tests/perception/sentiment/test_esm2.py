from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import InputError
from hamdel.perception.sentiment import Esm2Weights, feature_names, fit_esm2, simulate_study

REGIONS = ("Tehran", "Shiraz")


def _true_weights() -> Esm2Weights:
    rng = np.random.default_rng(7)
    names = feature_names(REGIONS)
    weights = {n: float(rng.choice([-1, 1]) * rng.uniform(0.15, 0.4)) for n in names}
    return Esm2Weights(c=1.2, weights=weights, regions=REGIONS)


def test_simulated_study_recovers_weights_within_5_percent() -> None:
    true = _true_weights()
    scores, ratings, x = simulate_study(true, 5000, noise=0.1, random_state=3)
    fitted, report = fit_esm2(scores, ratings, x, REGIONS)
    assert abs(fitted.c - true.c) / true.c < 0.05
    relative = np.abs((fitted.vector() - true.vector()) / true.vector())
    assert relative.max() < 0.05, dict(zip(true.names, relative.round(3), strict=True))
    assert report.rank == report.n_params == len(true.names) + 1
    assert report.mean_error < report.rmse <= report.max_error


def test_fit_skips_rows_that_cannot_be_linearised() -> None:
    true = _true_weights()
    scores, ratings, x = simulate_study(true, 400, noise=0.0, random_state=1)
    scores[:5] = 0.0
    ratings[5:9] = -ratings[5:9]
    fitted, report = fit_esm2(scores, ratings, x, REGIONS)
    assert report.skipped == 9 and report.n == 391
    assert np.allclose(fitted.vector(), true.vector(), atol=1e-6)  # exact without noise
    assert report.rmse < 1e-6 or report.max_error <= 5


def test_fit_refuses_too_few_ratings() -> None:
    x = np.zeros((3, len(feature_names(()))))
    with pytest.raises(InputError, match="usable ratings"):
        fit_esm2(np.ones(3), np.ones(3), x)


def test_rank_deficiency_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    n = 40
    x = np.zeros((n, len(feature_names(()))))
    x[:, 0] = 1.0  # everyone 18-26: collinear with C
    with caplog.at_level(logging.WARNING):
        _, report = fit_esm2(np.full(n, 2.0), np.full(n, 3.0), x)
    assert report.rank < report.n_params
    assert "rank-deficient" in caplog.text


def test_default_weights_are_the_identity() -> None:
    weights = Esm2Weights()
    assert weights.correct(-2.5, {"age_range": "18-26", "gender": "male"}, "family") == -2.5


def test_missing_attribute_contributes_nothing() -> None:
    weights = Esm2Weights(c=1.1, weights={"gender=female": 0.3, "age_range=18-26": -0.2})
    assert weights.factor(None, None) == pytest.approx(1.1)
    assert weights.factor({"gender": "other"}, "other") == pytest.approx(1.1)  # reference
    assert weights.factor({"gender": "female"}, None) == pytest.approx(1.1 * math.exp(0.3))
    both = weights.factor({"gender": "female", "age_range": "18-26"}, None)
    assert both == pytest.approx(1.1 * math.exp(0.1))
    assert weights.correct(4.0, {"gender": "female"}, None) == 5.0  # clamped


def test_regions_match_case_and_space_insensitively() -> None:
    weights = Esm2Weights(weights={"region=tehran": 0.5}, regions=("Tehran",))
    assert weights.factor({"region": "  tehran "}, None) == pytest.approx(math.exp(0.5))
    assert weights.factor({"region": "Tabriz"}, None) == 1.0


def test_bad_values_are_domain_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gender"):
        Esm2Weights().factor({"gender": "robot"}, None)
    with pytest.raises(InputError, match="unknown indicators"):
        Esm2Weights(weights={"shoe_size=42": 1.0})
    with pytest.raises(InputError):
        Esm2Weights(c=-1.0)
    bad = tmp_path / "w.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError):
        Esm2Weights.load(bad)


def test_save_load_round_trip(tmp_path: Path) -> None:
    true = _true_weights()
    path = tmp_path / "weights.json"
    true.save(path)
    again = Esm2Weights.load(path)
    assert again.c == true.c and again.regions == REGIONS
    assert np.allclose(again.vector(), true.vector())
    assert json.loads(path.read_text())["model"] == "eSM2"
