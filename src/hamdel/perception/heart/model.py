"""The stress model: a logistic regression on personally normalised heart rate and ln RMSSD.

Why personal normalisation: between people, resting heart rate and RMSSD vary far more than any
stress effect, so raw values separate nothing (leave-one-subject-out accuracy at chance on
SWELL-KW). Each feature is z-scored against the person's own :class:`Baseline` — the mean and SD
of their per-minute values over a long, mixed recording (training used each subject's whole
session). At run time that baseline is either stored (built once with ``hamdel heart baseline``
from a recording of at least :attr:`HeartStressModel.min_baseline_minutes` clean minutes) or, for
a long enough recording, taken from the recording itself.

A window's probability is ``sigmoid(w · mean_minute_z + b)``; for a linear model that equals
averaging the per-minute log-odds, so one model serves every window length.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from hamdel.core.errors import InputError, ModelUnavailableError

log = logging.getLogger(__name__)

FEATURES = ("z_hr", "z_ln_rmssd")
HR_SD_FLOOR = 1.0
LN_RMSSD_SD_FLOOR = 0.05
DEFAULT_DIR = Path(__file__).resolve().parents[4] / "models" / "heart_stress"


@dataclass(frozen=True)
class Baseline:
    """A person's own per-minute heart rate and ln RMSSD: mean, SD and how many minutes."""

    hr_mean: float
    hr_sd: float
    ln_rmssd_mean: float
    ln_rmssd_sd: float
    n_minutes: int
    source: str = "stored"

    @classmethod
    def from_minutes(
        cls, hr: npt.ArrayLike, ln_rmssd: npt.ArrayLike, source: str = "stored"
    ) -> Baseline:
        """Baseline from per-minute heart rates (bpm) and ln RMSSD (ln ms)."""
        h = np.asarray(hr, dtype=np.float64)
        r = np.asarray(ln_rmssd, dtype=np.float64)
        ok = np.isfinite(h) & np.isfinite(r)
        if ok.sum() < 2:
            raise InputError("a baseline needs at least 2 clean minutes")
        h, r = h[ok], r[ok]
        return cls(
            float(h.mean()),
            max(float(h.std()), HR_SD_FLOOR),
            float(r.mean()),
            max(float(r.std()), LN_RMSSD_SD_FLOOR),
            int(ok.sum()),
            source,
        )

    def merged(self, other: Baseline) -> Baseline:
        """Pool two baselines (means and variances weighted by minutes): a stored baseline can
        grow with each new recording of the same person."""
        n1, n2 = self.n_minutes, other.n_minutes
        n = n1 + n2

        def pool(m1: float, s1: float, m2: float, s2: float) -> tuple[float, float]:
            mean = (n1 * m1 + n2 * m2) / n
            var = (n1 * (s1**2 + (m1 - mean) ** 2) + n2 * (s2**2 + (m2 - mean) ** 2)) / n
            return mean, math.sqrt(var)

        hm, hs = pool(self.hr_mean, self.hr_sd, other.hr_mean, other.hr_sd)
        rm, rs = pool(self.ln_rmssd_mean, self.ln_rmssd_sd, other.ln_rmssd_mean, other.ln_rmssd_sd)
        return Baseline(hm, max(hs, HR_SD_FLOOR), rm, max(rs, LN_RMSSD_SD_FLOOR), n, self.source)

    def zscore(self, hr: float, ln_rmssd: float) -> npt.NDArray[np.float64]:
        return np.array(
            [(hr - self.hr_mean) / self.hr_sd, (ln_rmssd - self.ln_rmssd_mean) / self.ln_rmssd_sd]
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Baseline:
        try:
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except TypeError as exc:
            raise InputError(f"not a heart baseline: {exc}") from exc

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: not a readable baseline JSON ({exc})") from exc
        return cls.from_dict({**data, "source": str(path)})


class StressLogit:
    """Binary logistic regression with the scikit-learn contract (``fit`` needs scikit-learn).

    Parameters
    ----------
    C : inverse regularisation strength.
    class_weight : ``"balanced"`` or ``None``.
    random_state : seed (the solver is deterministic; kept for the contract).
    """

    def __init__(
        self, C: float = 1.0, class_weight: str | None = "balanced", random_state: int = 0
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> Self:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        lr = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=1000, random_state=self.random_state
        ).fit(np.asarray(X, dtype=np.float64), np.asarray(y))
        self.classes_ = np.asarray(lr.classes_)
        self.coef_ = np.asarray(lr.coef_[0], dtype=np.float64)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def decision_function(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        return np.asarray(X, dtype=np.float64) @ self.coef_ + self.intercept_

    def predict_proba(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[Any]:
        return np.asarray(self.classes_[(self.decision_function(X) > 0).astype(int)])


@dataclass(frozen=True)
class StressEstimate:
    """Stress of one window: class, probability, level band, the baseline used, and whether the
    model is validated (the shipped SWELL-KW model is not: see its card)."""

    label: str
    probability: float
    level: str
    baseline: str
    validated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "probability": round(self.probability, 4)}


@dataclass(frozen=True)
class HeartStressModel:
    """The shipped stress model (``models/heart_stress/model.json``).

    Examples
    --------
    >>> model = HeartStressModel.load()
    >>> base = Baseline(72.0, 6.0, 3.7, 0.3, 60)
    >>> model.predict(minute_hr=72.0, minute_ln_rmssd=3.7, baseline=base).label in model.classes
    True
    """

    classes: tuple[str, str]
    coef: tuple[float, float]
    intercept: float
    level_bands: tuple[float, float] = (0.4, 0.7)
    min_baseline_minutes: int = 20
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> HeartStressModel:
        """Load ``model.json`` from a directory (default: the repository's models/heart_stress)."""
        p = Path(path) if path is not None else DEFAULT_DIR
        file = p / "model.json" if p.is_dir() else p
        if not file.is_file():
            raise ModelUnavailableError(
                f"no heart stress model at {file}; train one with "
                "`hamdel heart train --data ../shared/data/hrv --out models/heart_stress`"
            )
        data = json.loads(file.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ModelUnavailableError(f"{file}: features {data['features']} != {FEATURES}")
        return cls(
            classes=(data["classes"][0], data["classes"][1]),
            coef=(float(data["coef"][0]), float(data["coef"][1])),
            intercept=float(data["intercept"]),
            level_bands=(float(data["level_bands"][0]), float(data["level_bands"][1])),
            min_baseline_minutes=int(data["min_baseline_minutes"]),
            meta=data.get("meta", {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "classes": list(self.classes),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "level_bands": list(self.level_bands),
            "min_baseline_minutes": self.min_baseline_minutes,
            "meta": self.meta,
        }

    def save(self, directory: str | Path) -> Path:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        (out / "model.json").write_text(json.dumps(self.to_dict(), indent=2) + "\n", "utf-8")
        return out / "model.json"

    def level(self, probability: float) -> str:
        """Band a stress probability: low, moderate or high (bands, not learned classes)."""
        low, high = self.level_bands
        return "low" if probability < low else ("moderate" if probability < high else "high")

    def predict(
        self, minute_hr: float, minute_ln_rmssd: float, baseline: Baseline
    ) -> StressEstimate:
        """Stress of a window from its mean per-minute HR and ln RMSSD against a baseline."""
        z = baseline.zscore(minute_hr, minute_ln_rmssd)
        logit = float(np.dot(self.coef, z) + self.intercept)
        p = 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))
        label = self.classes[1] if p >= 0.5 else self.classes[0]
        return StressEstimate(label, p, self.level(p), baseline.source, self.validated)

    @property
    def validated(self) -> bool:
        """Whether the model card vouches for its stress output (see ``meta['caveat']``)."""
        return bool(self.meta.get("validated", False))
