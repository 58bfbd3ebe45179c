"""Synthetic RR series and signals for the heart tests (no corpora needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.perception.heart._synth import synthetic_rr


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
