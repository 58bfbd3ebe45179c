"""eSM2: correct a Sentimeter score for who wrote it, and fit the correction by least squares.

The design's correction::

    corrected = score × C · exp(Σ_j w_j · x_j)            clamped to −5..+5

``x_j`` are 0/1 indicators of the writer's profile and the sentence's theme, one per level
except a *reference level* per attribute:

=============  ======================================  ==========================
attribute      indicators                              reference (no indicator)
=============  ======================================  ==========================
age_range      18-26, 27-35, 36-43                     other
gender         female, male                            other
education      secondary, higher                       basic
theme          entertainment, work_studies, family     other
region         each configured region                  any other region
=============  ======================================  ==========================

Only attributes the person consented to are passed in. **A missing attribute sets all its
indicators to 0, so it contributes nothing** (a factor exp(0) = 1), exactly like the reference
level. With the shipped default weights (C = 1, every w = 0) the correction is the identity
until ``hamdel sentiment calibrate`` fits weights to a ratings study.

Fit (as the design does): for each rating with a non-zero score of the same sign, linearise
``log(rating / score) = log C + Σ w_j x_j`` and solve the over-determined system with the
Moore–Penrose pseudo-inverse. Errors (RMSE, maximum, mean absolute) are reported on the rating
scale and on the linearised (log-ratio) scale.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.profile import validate_attribute

logger = logging.getLogger(__name__)

LEVELS: dict[str, tuple[str, ...]] = {
    "age_range": ("18-26", "27-35", "36-43"),
    "gender": ("female", "male"),
    "education": ("secondary", "higher"),
    "theme": ("entertainment", "work_studies", "family"),
}
PROFILE_ATTRIBUTES = ("age_range", "gender", "education", "region")


def feature_names(regions: Sequence[str]) -> tuple[str, ...]:
    """Indicator names in design-matrix order: ``attribute=level``."""
    names = [f"{attr}={level}" for attr, levels in LEVELS.items() for level in levels]
    return (*names, *(f"region={region_key(r)}" for r in regions))


def region_key(region: str) -> str:
    return " ".join(region.split()).casefold()


def clean_profile(profile: Mapping[str, Any] | None) -> dict[str, str]:
    """The eSM2 attributes of a consented profile, validated; other attributes are ignored.

    ``None`` or empty values count as missing. Raises :class:`InputError` on a bad value.
    """
    out: dict[str, str] = {}
    for name in PROFILE_ATTRIBUTES:
        value = (profile or {}).get(name)
        if value is None or value == "":
            continue
        out[name] = str(validate_attribute(name, value))
    return out


@dataclass(frozen=True)
class Esm2Weights:
    """C, the indicator weights and the configured regions. ``Esm2Weights.load(path)``."""

    c: float = 1.0
    weights: Mapping[str, float] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    fit: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.c) and self.c > 0):
            raise InputError(f"eSM2 constant C must be a positive number, got {self.c}")
        known = set(feature_names(self.regions))
        unknown = sorted(set(self.weights) - known)
        if unknown:
            raise InputError(
                f"eSM2 weights for unknown indicators {unknown}; known: {sorted(known)}"
            )

    @property
    def names(self) -> tuple[str, ...]:
        return feature_names(self.regions)

    def vector(self) -> np.ndarray:
        return np.array([float(self.weights.get(n, 0.0)) for n in self.names])

    def indicators(self, profile: Mapping[str, Any] | None, theme: str | None) -> np.ndarray:
        """The 0/1 indicator vector of one writer and theme (missing attributes give 0s)."""
        values: dict[str, str] = clean_profile(profile)
        if theme:
            values["theme"] = theme
        if "region" in values:
            values["region"] = region_key(values["region"])
        index = {name: i for i, name in enumerate(self.names)}
        x = np.zeros(len(index))
        for attr, value in values.items():
            i = index.get(f"{attr}={value}")
            if i is not None:
                x[i] = 1.0
        return x

    def factor(self, profile: Mapping[str, Any] | None, theme: str | None) -> float:
        """``C · exp(Σ w·x)``: what the raw score is multiplied by."""
        return self.factor_clean(clean_profile(profile), theme)

    def factor_clean(self, values: Mapping[str, str], theme: str | None) -> float:
        """:meth:`factor` for a profile already passed through :func:`clean_profile`."""
        weights = self.weights
        total = weights.get(f"theme={theme}", 0.0) if theme else 0.0
        for attr, value in values.items():
            key = region_key(value) if attr == "region" else value
            total += weights.get(f"{attr}={key}", 0.0)
        return self.c * math.exp(total)

    def correct(self, score: float, profile: Mapping[str, Any] | None, theme: str | None) -> float:
        """The corrected score, clamped to −5..+5."""
        value = score * self.factor(profile, theme)
        return max(-5.0, min(5.0, value))

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": "eSM2",
            "c": self.c,
            "weights": {n: float(self.weights.get(n, 0.0)) for n in self.names},
            "regions": list(self.regions),
            "fit": dict(self.fit),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Esm2Weights:
        try:
            return cls(
                c=float(data.get("c", 1.0)),
                weights={str(k): float(v) for k, v in dict(data.get("weights", {})).items()},
                regions=tuple(str(r) for r in data.get("regions", ())),
                fit=dict(data.get("fit", {})),
            )
        except (TypeError, ValueError) as exc:
            raise InputError(f"malformed eSM2 weights: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> Esm2Weights:
        if not Path(path).is_file():
            raise ModelUnavailableError(f"eSM2 weights file {path} is missing")
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON ({exc})") from exc

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")


def predict_esm2(weights: Esm2Weights, scores: np.ndarray, indicators: np.ndarray) -> np.ndarray:
    """Corrected scores of many rows at once: ``clip(score · C · exp(x · w), −5, 5)``."""
    x = np.asarray(indicators, float)
    factor = weights.c * np.exp(x @ weights.vector())
    return np.asarray(np.clip(np.asarray(scores, float) * factor, -5.0, 5.0))


@dataclass(frozen=True)
class ErrorStats:
    """Errors of predicted against rated sentiment, on the rating scale (−5..+5)."""

    n: int
    rmse: float
    max_error: float
    mean_error: float

    @classmethod
    def of(cls, predicted: np.ndarray, ratings: np.ndarray) -> ErrorStats:
        errors = np.abs(np.asarray(predicted, float) - np.asarray(ratings, float))
        if errors.size == 0:
            raise InputError("no rows to measure errors on")
        return cls(
            n=int(errors.size),
            rmse=float(np.sqrt(np.mean(errors**2))),
            max_error=float(errors.max()),
            mean_error=float(errors.mean()),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CalibrationReport:
    """How well the fitted correction reproduces the self-ratings."""

    n: int
    skipped: int
    rank: int
    n_params: int
    rmse: float
    max_error: float
    mean_error: float
    log_rmse: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fit_esm2(
    scores: np.ndarray,
    ratings: np.ndarray,
    indicators: np.ndarray,
    regions: Sequence[str] = (),
) -> tuple[Esm2Weights, CalibrationReport]:
    """Fit C and the weights from raw scores, self-ratings and an indicator matrix.

    Rows whose score or rating is 0, or whose signs differ, cannot be linearised and are
    skipped (counted in the report). Raises :class:`InputError` when fewer usable rows than
    parameters remain.
    """
    scores, ratings = np.asarray(scores, float), np.asarray(ratings, float)
    x = np.asarray(indicators, float)
    names = feature_names(regions)
    if x.ndim != 2 or x.shape != (len(scores), len(names)) or len(ratings) != len(scores):
        raise InputError(f"indicator matrix must be {len(scores)} x {len(names)}, got {x.shape}")
    usable = (scores * ratings) > 0
    design = np.hstack([np.ones((int(usable.sum()), 1)), x[usable]])
    if design.shape[0] < design.shape[1]:
        raise InputError(
            f"only {design.shape[0]} usable ratings for {design.shape[1]} parameters: rate more "
            "sentences (a rating needs a non-zero score of the same sign)"
        )
    target = np.log(ratings[usable] / scores[usable])
    beta = np.linalg.pinv(design) @ target
    rank = int(np.linalg.matrix_rank(design))
    if rank < design.shape[1]:
        logger.warning(
            "eSM2 fit is rank-deficient (%d < %d): some levels never vary", rank, design.shape[1]
        )
    predicted = np.clip(scores[usable] * np.exp(design @ beta), -5.0, 5.0)
    stats = ErrorStats.of(predicted, ratings[usable])
    report = CalibrationReport(
        n=stats.n,
        skipped=int((~usable).sum()),
        rank=rank,
        n_params=design.shape[1],
        rmse=stats.rmse,
        max_error=stats.max_error,
        mean_error=stats.mean_error,
        log_rmse=float(np.sqrt(np.mean((design @ beta - target) ** 2))),
    )
    weights = Esm2Weights(
        c=float(np.exp(beta[0])),
        weights=dict(zip(names, (float(b) for b in beta[1:]), strict=True)),
        regions=tuple(regions),
        fit=report.to_dict(),
    )
    return weights, report


def simulate_study(
    true: Esm2Weights,
    n: int,
    *,
    noise: float = 0.1,
    missing: float = 0.15,
    score_range: tuple[float, float] = (0.5, 2.0),
    random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A simulated ratings study: ``(scores, ratings, indicators)`` drawn from known weights.

    Each writer gets a random level of every attribute (or, with probability ``missing``, no
    consent: all zeros); scores are drawn uniformly from ±``score_range``; the rating is the
    corrected score plus Gaussian noise of standard deviation ``noise`` (not clamped, not
    rounded).
    """
    rng = np.random.default_rng(random_state)
    names = true.names
    x = np.zeros((n, len(names)))
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(name.split("=", 1)[0], []).append(i)
    for columns in groups.values():
        choice = rng.integers(0, len(columns) + 1, size=n)  # last value = reference level
        known = rng.random(n) >= missing
        for k, col in enumerate(columns):
            x[:, col] = ((choice == k) & known).astype(float)
    scores = rng.uniform(*score_range, n) * rng.choice([-1.0, 1.0], n)
    ratings = scores * true.c * np.exp(x @ true.vector()) + rng.normal(0.0, noise, n)
    return scores, ratings, x


__all__ = [
    "LEVELS",
    "PROFILE_ATTRIBUTES",
    "CalibrationReport",
    "ErrorStats",
    "Esm2Weights",
    "clean_profile",
    "feature_names",
    "fit_esm2",
    "predict_esm2",
    "region_key",
    "simulate_study",
]
