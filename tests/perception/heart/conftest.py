"""Synthetic RR series and signals for the heart tests (no corpora needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


def synthetic_rr(n: int = 600, mean: float = 800.0, seed: int = 0) -> np.ndarray:
    """A plausible RR series: slow drift plus respiratory (0.25 Hz) modulation plus noise."""
    rng = np.random.default_rng(seed)
    rr = np.full(n, mean)
    t = np.cumsum(rr) / 1000.0
    rr = rr + 30.0 * np.sin(2 * np.pi * 0.25 * t) + 15.0 * np.sin(2 * np.pi * 0.08 * t)
    return rr + rng.normal(0.0, 8.0, n)


@pytest.fixture()
def rr() -> np.ndarray:
    return synthetic_rr()


@pytest.fixture()
def rr_file(tmp_path: Path, rr: np.ndarray) -> Path:
    path = tmp_path / "rr.txt"
    path.write_text("\n".join(f"{x:.1f}" for x in rr) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ecg_250() -> np.ndarray:
    import neurokit2 as nk

    return np.asarray(
        nk.ecg_simulate(duration=90, sampling_rate=250, heart_rate=72, random_state=3)
    )
