"""Calibrated emotion probabilities: the temperature fit recovers a known temperature, the
temperature travels inside the model file and never changes the top emotion, a file without
one serves the raw softmax, and binary curves keep working beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from hamdel.perception.text.calibration import (
    Calibration,
    TemperatureScaling,
    calibration_from_dict,
    classwise_ece,
    fit_temperature,
    softmax,
    top_label_ece,
)
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train.emotion_calibration import (
    RegisterLogits,
    calibrate_model,
    fit_register_temperature,
    register_weights,
)

from .conftest import EMO

ROOT = Path(__file__).resolve().parents[3]
PROBE = ["i am so happy today", "i feel sad and alone", "this makes me so angry", "hmm"]


def _synthetic(t: float, n: int = 20000, k: int = 6, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Logits whose true class probabilities are ``softmax(logits / t)``."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, (n, k))
    p = softmax(z / t)
    y = (p.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
    return z, y


@pytest.mark.parametrize("t", [0.5, 1.0, 2.5])
def test_temperature_fit_recovers_a_known_temperature(t: float) -> None:
    z, y = _synthetic(t)
    fitted = fit_temperature(z, y)
    assert fitted == pytest.approx(t, rel=0.05)
    raw, cal = softmax(z), TemperatureScaling(fitted)(z)
    if t != 1.0:
        assert top_label_ece(y, cal) < 0.02 < top_label_ece(y, raw)
        assert classwise_ece(y, cal) < classwise_ece(y, raw)


def test_temperature_fit_follows_the_weights() -> None:
    # two registers with different true temperatures: weighting one out gives its temperature
    z1, y1 = _synthetic(0.7, n=8000, seed=1)
    z2, y2 = _synthetic(3.0, n=8000, seed=2)
    z, y = np.vstack([z1, z2]), np.concatenate([y1, y2])
    only_first = np.r_[np.ones(y1.size), np.zeros(y2.size)]
    assert fit_temperature(z, y, only_first) == pytest.approx(0.7, rel=0.05)
    both = fit_temperature(z, y)
    assert 0.7 < both < 3.0


def test_register_weights_make_registers_weigh_the_same() -> None:
    z, y = _synthetic(2.0, n=300)
    sets = [
        RegisterLogits("tweets", "a", z[:200], y[:200]),
        RegisterLogits("chat", "b", z[200:250], y[200:250]),
        RegisterLogits("chat", "c", z[250:], y[250:]),
    ]
    w = register_weights(sets)
    assert w[:200].sum() == pytest.approx(w[200:].sum())
    assert w[200] == pytest.approx(w[299])  # one register's sources weigh alike per text
    assert fit_register_temperature(sets) == pytest.approx(fit_temperature(z, y, w))


def test_temperature_never_changes_the_top_class() -> None:
    z = np.random.default_rng(3).normal(0, 4, (5000, 6))
    for t in (0.1, 0.8, 1.7, 30.0):
        p = TemperatureScaling(t)(z)
        assert (p.argmax(axis=1) == z.argmax(axis=1)).all()
        np.testing.assert_allclose(p.sum(axis=1), 1.0)
    with pytest.raises(ValueError):
        TemperatureScaling(0.0)
    with pytest.raises(ValueError):
        TemperatureScaling(float("nan"))


def test_top_label_and_classwise_ece_definitions() -> None:
    proba = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.1, 0.1, 0.8]])
    labels = np.array([0, 1, 2, 2])
    # confidence 0.7: 1 of 2 right -> |0.5 - 0.7|; 0.8: 2 of 2 -> |1 - 0.8|; each half the texts
    assert top_label_ece(labels, proba) == pytest.approx(0.5 * 0.2 + 0.5 * 0.2)
    # class 0: p 0.7 (y 1, 0) and 0.1 (0, 0) -> 0.5 * 0.2 + 0.5 * 0.1; class 1: bin 0.2 (0, 1)
    # -> 0.5 * 0.3, bin 0.1 -> 0.5 * 0.1; class 2: bin 0.1 -> 0.5 * 0.1, bin 0.8 -> 0.5 * 0.2
    assert classwise_ece(labels, proba) == pytest.approx((0.15 + 0.2 + 0.15) / 3)


def _emotion_model(tiny_models: Path, tmp_path: Path) -> Path:
    path = tmp_path / "en.npz"
    shutil.copy(tiny_models / "text_emotion" / "en.npz", path)
    return path


def test_temperature_round_trips_through_the_model_file(tiny_models: Path, tmp_path: Path) -> None:
    path = _emotion_model(tiny_models, tmp_path)
    plain = LinearTextModel.load(path)
    assert plain.weights.calibration is None
    raw = plain.decision_function(PROBE)
    np.testing.assert_allclose(plain.predict_proba(PROBE), softmax(raw), atol=1e-6)  # raw softmax
    plain.with_calibration(TemperatureScaling(2.5, {"fitted_on": "test"})).save(path)
    model = LinearTextModel.load(path)
    cal = model.weights.calibration
    assert isinstance(cal, TemperatureScaling)
    assert cal.temperature == 2.5 and cal.info == {"fitted_on": "test"}
    np.testing.assert_array_equal(model.decision_function(PROBE), raw)  # weights untouched
    p = model.predict_proba(PROBE)
    np.testing.assert_allclose(p, softmax(raw / 2.5), atol=1e-6)
    assert (p.argmax(axis=1) == raw.argmax(axis=1)).all()
    assert model.predict(PROBE) == plain.predict(PROBE)
    assert p.max(axis=1).max() < plain.predict_proba(PROBE).max(axis=1).max()  # softened


def test_calibration_kinds_match_the_model(tiny_models: Path) -> None:
    emotion = LinearTextModel.load(tiny_models / "text_emotion" / "en.npz")
    binary = LinearTextModel.load(tiny_models / "text_depression" / "en.npz")
    curve = Calibration(np.array([-5.0, 5.0]), np.array([0.1, 0.9]))
    with pytest.raises(ValueError):
        emotion.with_calibration(curve)
    with pytest.raises(ValueError):
        binary.with_calibration(TemperatureScaling(2.0))
    # a binary curve still dispatches from its stored form (no "kind"), a temperature from its own
    assert isinstance(calibration_from_dict(curve.to_dict() | {"kind": "curve"}), Calibration)
    stored = curve.to_dict()
    assert "kind" not in stored and isinstance(calibration_from_dict(stored), Calibration)
    assert isinstance(calibration_from_dict(TemperatureScaling(2.0).to_dict()), TemperatureScaling)
    with pytest.raises(ValueError):
        calibration_from_dict({"kind": "platt"})


def test_calibrate_model_saves_a_fitted_temperature(tiny_models: Path, tmp_path: Path) -> None:
    path = _emotion_model(tiny_models, tmp_path)
    before = LinearTextModel.load(path)
    texts = [t for ts in EMO.values() for t in ts]
    labels = np.array([before.classes.index(k) for k, ts in EMO.items() for _ in ts])
    logits = before.decision_function(texts) * 3.0  # an over-confident copy of the same scores
    sets = [RegisterLogits("tweets", "synthetic", logits, labels)]
    out = calibrate_model(path, sets)
    after = LinearTextModel.load(path)
    assert isinstance(after.weights.calibration, TemperatureScaling)
    assert after.weights.calibration.temperature == pytest.approx(out["temperature"], abs=1e-4)
    assert "synthetic" in after.weights.calibration.info["fitted_on"]  # type: ignore[index]
    assert after.predict(texts) == before.predict(texts)


@pytest.mark.parametrize("name", ["en", "xl"])
def test_shipped_emotion_models_carry_a_temperature(name: str) -> None:
    model = LinearTextModel.load(ROOT / "models" / "text_emotion" / f"{name}.npz")
    cal = model.weights.calibration
    assert isinstance(cal, TemperatureScaling)
    assert 0.2 < cal.temperature < 5.0
    assert cal.info and "chat" in cal.info["fitted_on"]
    if not model.uses_embeddings:
        raw = model.decision_function(PROBE)
        p = model.predict_proba(PROBE)
        assert (p.argmax(axis=1) == raw.argmax(axis=1)).all()
        np.testing.assert_allclose(p, softmax(raw / cal.temperature), atol=1e-6)
