"""eSM2 beside the polynomial alternatives: the polynomial is ordinary least squares (checked
against numpy.polyfit), CV holds every row out once, and the errors are the rating scale's."""

from __future__ import annotations

import numpy as np
import pytest

from hamdel.core.errors import InputError
from hamdel.perception.sentiment.compare import (
    FitSet,
    compare_models,
    fit_polynomial,
    kfold,
)
from hamdel.perception.sentiment.esm2 import (
    ErrorStats,
    Esm2Weights,
    feature_names,
    predict_esm2,
    simulate_study,
)
from hamdel.perception.sentiment.simulation import simulate_people


def test_the_polynomial_is_numpy_polyfit_when_no_indicator_varies() -> None:
    scores = np.array([-3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0])
    ratings = np.array([-4.0, -2.0, -2.0, 1.0, 1.0, 3.0, 3.0, 5.0])
    x = np.zeros((len(scores), len(feature_names(()))))
    for degree in (2, 3):
        fit = fit_polynomial(scores, ratings, x, degree)
        expected = np.polyfit(scores, ratings, degree)[::-1]  # polyfit: highest power first
        assert np.allclose(fit.coef_[: degree + 1], expected, atol=1e-9)
        assert np.allclose(fit.coef_[degree + 1 :], 0.0)  # never varies: minimum norm, 0
        predicted = np.clip(np.polyval(np.polyfit(scores, ratings, degree), scores), -5, 5)
        assert np.allclose(fit.predict(scores, x), predicted)
    with pytest.raises(InputError, match="degree"):
        fit_polynomial(scores, ratings, x, 0)


def test_the_polynomial_takes_the_indicators_as_additive_terms() -> None:
    rng = np.random.default_rng(0)
    n = 60
    x = np.zeros((n, len(feature_names(()))))
    x[: n // 2, 0] = 1.0
    scores = rng.uniform(-4, 4, n)
    ratings = 0.2 + 0.9 * scores - 0.03 * scores**2 + 0.5 * x[:, 0]
    fit = fit_polynomial(scores, ratings, x, 2)
    assert np.allclose(fit.coef_[:4], [0.2, 0.9, -0.03, 0.5], atol=1e-9)


def test_kfold_holds_every_row_out_exactly_once() -> None:
    parts = kfold(23, 5, random_state=3)
    assert len(parts) == 5 and sorted(np.concatenate(parts).tolist()) == list(range(23))
    assert {len(p) for p in parts} == {4, 5}
    with pytest.raises(InputError):
        kfold(3, 5)


def test_errors_on_the_rating_scale() -> None:
    stats = ErrorStats.of(np.array([1.0, -2.0, 3.0]), np.array([2.0, -2.0, 1.0]))
    assert stats.n == 3 and stats.max_error == 2.0 and stats.mean_error == pytest.approx(1.0)
    assert stats.rmse == pytest.approx(np.sqrt(5 / 3))


def test_esm2_wins_on_data_made_by_esm2_and_cv_is_never_better_than_in_sample() -> None:
    true = Esm2Weights(c=1.3, weights={"gender=female": 0.3, "theme=family": -0.25})
    scores, ratings, x = simulate_study(true, 600, noise=0.05, random_state=4)
    ratings[:7] = -ratings[:7]  # opposite signs: left out of every model alike
    result = compare_models(FitSet(scores, ratings, x), folds=5)
    assert result.n == 593 and result.skipped == 7 and result.folds == 5
    esm2, poly2, identity = (result.model(m) for m in ("esm2", "poly2", "identity"))
    assert esm2.cv is not None and poly2.cv is not None
    assert esm2.cv.rmse < poly2.cv.rmse and esm2.cv.rmse < identity.in_sample.rmse
    for m in result.models:
        assert m.cv is not None and m.cv.n == 593
        assert m.in_sample.rmse <= m.cv.rmse + 1e-9
    assert esm2.params == 11 and result.model("poly3").params == 4 + 10
    usable = scores * ratings > 0
    fitted = predict_esm2(true, scores[usable], x[usable])
    assert esm2.in_sample.rmse <= ErrorStats.of(fitted, ratings[usable]).rmse + 1e-3


def test_cv_is_left_out_when_the_folds_would_be_too_small() -> None:
    scores, ratings, x = simulate_study(Esm2Weights(), 12, noise=0.05, random_state=1)
    result = compare_models(FitSet(scores, ratings, x), folds=5)
    assert result.folds == 0 and all(m.cv is None for m in result.models)


def test_simulated_people_keep_one_profile_and_rate_in_whole_numbers() -> None:
    true = Esm2Weights(c=1.0, weights={"region=tehran": 0.2}, regions=("Tehran",))
    study = simulate_people(true, 20, 6, noise=0.3, random_state=2)
    assert len(study.profiles) == 20 and len(study.ratings) == 120
    assert all(r.rating == round(r.rating) and -5 <= r.rating <= 5 for r in study.ratings)
    assert {p.get("region") for p in study.profiles} <= {"Tehran", "Elsewhere", None}
    with pytest.raises(InputError):
        FitSet(np.zeros(3), np.zeros(2), np.zeros((3, 10)))


@pytest.mark.parametrize(
    "module",
    [
        "hamdel.perception.sentiment.compare",
        "hamdel.perception.sentiment.simulation",
        "hamdel.companion.sentiment_ratings",
        "hamdel.store.ratings",
        "hamdel.api.routes.ratings",
        "hamdel.web.mood_pages",
    ],
)
def test_exported_names_exist(module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    assert mod.__all__ and all(hasattr(mod, name) for name in mod.__all__)
