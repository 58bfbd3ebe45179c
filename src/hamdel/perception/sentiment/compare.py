"""eSM2 beside the alternatives the design compared, in-sample and by k-fold cross-validation.

Every model is measured on the same rows: the ratings eSM2 can be fitted from (a non-zero raw
score and a rating of the same sign). The models:

* ``identity``: the raw Sentimeter score unchanged (the shipped default weights);
* ``esm2``: ``score × C · exp(Σ w·x)``, fitted by least squares on the linearised model;
* ``poly2``, ``poly3``: a polynomial of degree 2 or 3 in the raw score plus the same 0/1
  profile and theme indicators, fitted by ordinary least squares on the rating itself.

Predictions are clamped to −5..+5. The cross-validated (held-out) errors are the honest ones:
each row is predicted by a model fitted without it.

>>> from hamdel.perception.sentiment.esm2 import Esm2Weights, simulate_study
>>> scores, ratings, x = simulate_study(Esm2Weights(), 200, noise=0.1)
>>> result = compare_models(FitSet(scores, ratings, x))
>>> round(result.model("esm2").cv.rmse, 1)                                   # doctest: +SKIP
0.1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hamdel.core.errors import InputError
from hamdel.perception.sentiment.esm2 import (
    ErrorStats,
    Esm2Weights,
    feature_names,
    fit_esm2,
    predict_esm2,
)

FOLDS = 5
DEGREES = (2, 3)


@dataclass(frozen=True)
class FitSet:
    """What a fit needs: raw scores, ratings (−5..+5), the indicator matrix and its regions."""

    scores: np.ndarray
    ratings: np.ndarray
    indicators: np.ndarray
    regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = feature_names(self.regions)
        n = len(self.scores)
        if len(self.ratings) != n or np.shape(self.indicators) != (n, len(names)):
            raise InputError(
                f"fit set: {n} scores, {len(self.ratings)} ratings and an indicator matrix of "
                f"{np.shape(self.indicators)} (expected {n} x {len(names)})"
            )

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def n_params(self) -> int:
        """eSM2's parameters: C and one weight per indicator."""
        return 1 + len(feature_names(self.regions))

    def usable(self) -> np.ndarray:
        """Rows eSM2 can be fitted from: non-zero score and rating of the same sign."""
        return np.asarray(self.scores * self.ratings > 0)

    def subset(self, rows: np.ndarray) -> FitSet:
        return FitSet(self.scores[rows], self.ratings[rows], self.indicators[rows], self.regions)


@dataclass(frozen=True)
class PolynomialFit:
    """Rating ≈ a₀ + a₁s + … + a_d s^d + Σ b_j x_j; ``coef_`` in that order."""

    degree: int
    coef_: np.ndarray

    def predict(self, scores: np.ndarray, indicators: np.ndarray) -> np.ndarray:
        design = _poly_design(scores, indicators, self.degree)
        return np.asarray(np.clip(design @ self.coef_, -5.0, 5.0))


def _poly_design(scores: np.ndarray, indicators: np.ndarray, degree: int) -> np.ndarray:
    powers = np.vander(np.asarray(scores, float), degree + 1, increasing=True)
    return np.hstack([powers, np.asarray(indicators, float)])


def fit_polynomial(
    scores: np.ndarray, ratings: np.ndarray, indicators: np.ndarray, degree: int
) -> PolynomialFit:
    """Least squares (minimum norm where an indicator never varies)."""
    if degree < 1:
        raise InputError(f"polynomial degree must be at least 1, got {degree}")
    design = _poly_design(scores, indicators, degree)
    coef, *_ = np.linalg.lstsq(design, np.asarray(ratings, float), rcond=None)
    return PolynomialFit(degree=degree, coef_=coef)


@dataclass(frozen=True)
class ModelErrors:
    """One model's errors: in-sample and held out (``None`` when too few rows for the folds)."""

    model: str
    params: int
    in_sample: ErrorStats
    cv: ErrorStats | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "params": self.params,
            "in_sample": self.in_sample.to_dict(),
            "cv": self.cv.to_dict() if self.cv is not None else None,
        }


@dataclass(frozen=True)
class Comparison:
    """eSM2, the identity and the polynomials on the same usable rows."""

    n: int
    skipped: int
    folds: int
    models: tuple[ModelErrors, ...] = field(default_factory=tuple)

    def model(self, name: str) -> ModelErrors:
        for m in self.models:
            if m.model == name:
                return m
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "skipped": self.skipped,
            "folds": self.folds,
            "models": [m.to_dict() for m in self.models],
        }


def kfold(n: int, folds: int, random_state: int = 0) -> list[np.ndarray]:
    """The held-out row indices of each fold (a shuffled, near-even split)."""
    if not 2 <= folds <= n:
        raise InputError(f"cannot split {n} rows into {folds} folds")
    order = np.random.default_rng(random_state).permutation(n)
    return [np.sort(part) for part in np.array_split(order, folds)]


def _held_out(data: FitSet, folds: int, random_state: int, predict: Any) -> np.ndarray:
    out = np.zeros(data.n)
    for test in kfold(data.n, folds, random_state):
        train = np.setdiff1d(np.arange(data.n), test)
        out[test] = predict(data.subset(train), data.subset(test))
    return out


def _esm2_predict(train: FitSet, test: FitSet) -> np.ndarray:
    weights, _ = fit_esm2(train.scores, train.ratings, train.indicators, train.regions)
    return predict_esm2(weights, test.scores, test.indicators)


def _poly_predict(degree: int) -> Any:
    def predict(train: FitSet, test: FitSet) -> np.ndarray:
        fit = fit_polynomial(train.scores, train.ratings, train.indicators, degree)
        return fit.predict(test.scores, test.indicators)

    return predict


def compare_models(
    data: FitSet,
    *,
    folds: int = FOLDS,
    degrees: Sequence[int] = DEGREES,
    random_state: int = 0,
    weights: Esm2Weights | None = None,
) -> Comparison:
    """Errors of every model on ``data``'s usable rows, in-sample and by ``folds``-fold CV.

    ``weights``: eSM2 already fitted on these rows (fitted here when ``None``). CV is left out
    (``cv=None``) when a training fold would hold fewer rows than eSM2 has parameters.
    """
    mask = data.usable()
    rows = data.subset(mask)
    if weights is None:
        weights, _ = fit_esm2(rows.scores, rows.ratings, rows.indicators, rows.regions)
    can_cv = rows.n >= folds and rows.n - -(-rows.n // folds) >= rows.n_params
    n_ind = rows.indicators.shape[1]

    def cv(predict: Any) -> ErrorStats | None:
        if not can_cv:
            return None
        return ErrorStats.of(_held_out(rows, folds, random_state, predict), rows.ratings)

    models = [
        ModelErrors(
            "identity", 0, ErrorStats.of(np.clip(rows.scores, -5.0, 5.0), rows.ratings),
            ErrorStats.of(np.clip(rows.scores, -5.0, 5.0), rows.ratings) if can_cv else None,
        ),
        ModelErrors(
            "esm2", rows.n_params,
            ErrorStats.of(predict_esm2(weights, rows.scores, rows.indicators), rows.ratings),
            cv(_esm2_predict),
        ),
    ]  # fmt: skip
    for degree in degrees:
        fit = fit_polynomial(rows.scores, rows.ratings, rows.indicators, degree)
        models.append(
            ModelErrors(
                f"poly{degree}", degree + 1 + n_ind,
                ErrorStats.of(fit.predict(rows.scores, rows.indicators), rows.ratings),
                cv(_poly_predict(degree)),
            )
        )  # fmt: skip
    return Comparison(
        n=rows.n, skipped=int((~mask).sum()), folds=folds if can_cv else 0, models=tuple(models)
    )


__all__ = [
    "DEGREES",
    "FOLDS",
    "Comparison",
    "FitSet",
    "ModelErrors",
    "PolynomialFit",
    "compare_models",
    "fit_polynomial",
    "kfold",
]
