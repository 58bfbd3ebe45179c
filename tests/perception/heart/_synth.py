"""Synthetic RR series shared by the heart tests."""

from __future__ import annotations

import numpy as np


def synthetic_rr(n: int = 600, mean: float = 800.0, seed: int = 0) -> np.ndarray:
    """A plausible RR series: slow drift plus respiratory (0.25 Hz) modulation plus noise."""
    rng = np.random.default_rng(seed)
    rr = np.full(n, mean)
    t = np.cumsum(rr) / 1000.0
    rr = rr + 30.0 * np.sin(2 * np.pi * 0.25 * t) + 15.0 * np.sin(2 * np.pi * 0.08 * t)
    return rr + rng.normal(0.0, 8.0, n)
