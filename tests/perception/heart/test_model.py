from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hamdel.perception.heart as heart
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.perception.heart import Baseline, HeartStressModel, StressLogit


def test_exports_are_true() -> None:
    for name in heart.__all__:
        assert hasattr(heart, name), name


def test_shipped_model_loads_and_is_marked_experimental() -> None:
    model = HeartStressModel.load()
    assert model.classes == ("no_stress", "stress")
    assert model.validated is False
    assert "drift" in model.meta["caveat"]


def test_levels_are_bands_of_the_probability() -> None:
    model = HeartStressModel.load()
    assert [model.level(p) for p in (0.1, 0.5, 0.9)] == ["low", "moderate", "high"]


def test_logit_fits_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = np.where(X[:, 0] - X[:, 1] > 0, "stress", "no_stress")
    clf = StressLogit(random_state=0).fit(X, y)
    assert list(clf.classes_) == ["no_stress", "stress"]
    assert np.mean(clf.predict(X) == y) > 0.9
    model = HeartStressModel(("no_stress", "stress"), (float(clf.coef_[0]), float(clf.coef_[1])),
                             clf.intercept_)  # fmt: skip
    model.save(tmp_path / "m")
    loaded = HeartStressModel.load(tmp_path / "m")
    base = Baseline(70.0, 1.0, 0.0, 1.0, 30)
    est = loaded.predict(minute_hr=72.0, minute_ln_rmssd=-1.0, baseline=base)
    expect = clf.predict_proba(np.array([[2.0, -1.0]]))[0, 1]
    assert est.probability == pytest.approx(expect)
    assert est.label == "stress"


def test_missing_model_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="hamdel heart train"):
        HeartStressModel.load(tmp_path)


def test_baseline_round_trip_and_floors(tmp_path: Path) -> None:
    base = Baseline.from_minutes([70.0, 70.0, 70.0], [3.0, 3.0, 3.0])
    assert base.hr_sd == 1.0 and base.ln_rmssd_sd == 0.05  # floors, no division by zero
    base.save(tmp_path / "b.json")
    assert Baseline.load(tmp_path / "b.json").hr_mean == 70.0
    with pytest.raises(InputError):
        Baseline.from_minutes([70.0], [3.0])
    (tmp_path / "bad.json").write_text("{", "utf-8")
    with pytest.raises(InputError):
        Baseline.load(tmp_path / "bad.json")


def test_baselines_pool_like_one_long_recording() -> None:
    rng = np.random.default_rng(0)
    hr, ln = rng.normal(70, 5, 300), rng.normal(3.5, 0.3, 300)
    whole = Baseline.from_minutes(hr, ln)
    pooled = Baseline.from_minutes(hr[:100], ln[:100]).merged(
        Baseline.from_minutes(hr[100:], ln[100:])
    )
    assert pooled.n_minutes == 300
    assert pooled.hr_mean == pytest.approx(whole.hr_mean)
    assert pooled.hr_sd == pytest.approx(whole.hr_sd)
    assert pooled.ln_rmssd_sd == pytest.approx(whole.ln_rmssd_sd)
