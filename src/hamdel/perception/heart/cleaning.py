"""Artefact and ectopic-beat correction of an RR series (a documented, Kubios-like rule).

The rule, applied in order to each interval against the median of its 11 neighbours (``ref``):

1. **missing**: not a number in the file → interpolated.
2. **implausible**: outside 250–2500 ms (240–24 bpm) → interpolated.
3. **missed beat**: ``rr ≈ n·ref`` for n = 2 or 3 (within 20 %) → split into n equal intervals
   (the detector skipped a beat; the elapsed time is kept).
4. **extra beat**: two short neighbours whose sum ≈ ``ref`` (within 20 %) → merged into one.
5. **ectopic**: ``|rr − ref| > 20 % of ref`` otherwise → replaced by interpolation from its
   neighbours (the beat is kept so time stays right).

Every touched interval is marked in ``corrected``; a window whose share of corrected intervals is
over :data:`MAX_CORRECTED_FRACTION` is flagged by :mod:`~hamdel.perception.heart.windows`, since
HRV from heavily repaired data is not trustworthy (Kubios advises against > 5 %).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

RR_MIN_MS = 250.0
RR_MAX_MS = 2500.0
REL_TOL = 0.20
MEDIAN_SPAN = 11
MAX_CORRECTED_FRACTION = 0.05

Float = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CleanRR:
    """A corrected RR series with the mask of repaired intervals and counts per kind."""

    rr_ms: Float
    corrected: npt.NDArray[np.bool_]
    counts: dict[str, int]

    @property
    def corrected_fraction(self) -> float:
        return float(self.corrected.mean()) if self.corrected.size else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_intervals": int(self.rr_ms.size),
            "corrected_fraction": round(self.corrected_fraction, 4),
            **self.counts,
        }


def _running_median(x: Float, span: int = MEDIAN_SPAN) -> Float:
    """Median of the finite values within ``span`` around each point (nan-safe)."""
    half = span // 2
    padded = np.pad(x, half, mode="constant", constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, span)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-nan neighbourhoods give nan
        med = np.nanmedian(windows, axis=1)
    return np.asarray(med, dtype=np.float64)


def _interpolate(rr: Float, bad: npt.NDArray[np.bool_]) -> Float:
    good = ~bad
    if good.sum() < 2:
        return rr
    idx = np.arange(rr.size)
    out = rr.copy()
    out[bad] = np.interp(idx[bad], idx[good], rr[good])
    return out


def clean_rr(rr_ms: npt.ArrayLike) -> CleanRR:
    """Correct artefacts and ectopic beats (see the module docstring for the rule).

    >>> c = clean_rr([800.0] * 20 + [1600.0] + [800.0] * 20)
    >>> c.counts["missed"], c.rr_ms.size
    (1, 42)
    """
    rr = np.asarray(rr_ms, dtype=np.float64).ravel()
    counts = {"missing": 0, "implausible": 0, "missed": 0, "extra": 0, "ectopic": 0}
    missing = ~np.isfinite(rr)
    implausible = ~missing & ((rr < RR_MIN_MS) | (rr > RR_MAX_MS))
    counts["missing"], counts["implausible"] = int(missing.sum()), int(implausible.sum())
    rr = np.where(missing | implausible, np.nan, rr)
    ref = _running_median(rr)
    # 3. missed beats: split; 4. extra beats: merge — rebuilt as a list with a parallel mask.
    out: list[float] = []
    mask: list[bool] = []
    i = 0
    while i < rr.size:
        x, r = rr[i], ref[i]
        if np.isnan(x) or np.isnan(r):
            out.append(np.nan)
            mask.append(True)
            i += 1
            continue
        n = round(x / r)
        if n in (2, 3) and abs(x - n * r) <= REL_TOL * r:
            out.extend([x / n] * n)
            mask.extend([True] * n)
            counts["missed"] += 1
            i += 1
            continue
        if (
            i + 1 < rr.size
            and x < (1 - REL_TOL) * r
            and np.isfinite(rr[i + 1])
            and rr[i + 1] < (1 - REL_TOL) * r
            and abs(x + rr[i + 1] - r) <= REL_TOL * r
        ):
            out.append(x + rr[i + 1])
            mask.append(True)
            counts["extra"] += 1
            i += 2
            continue
        out.append(x)
        mask.append(False)
        i += 1
    arr = np.asarray(out, dtype=np.float64)
    bad = np.asarray(mask, dtype=bool)
    ref2 = _running_median(arr)
    ectopic = ~bad & (np.abs(arr - ref2) > REL_TOL * ref2)
    counts["ectopic"] = int(ectopic.sum())
    arr = _interpolate(np.where(ectopic, np.nan, arr), ectopic | ~np.isfinite(arr))
    return CleanRR(arr, bad | ectopic, counts)
