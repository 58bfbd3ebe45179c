"""HRV features of one window of clean RR intervals: time, frequency and nonlinear domains.

Definitions follow the Task Force of the ESC/NASPE (1996) and Shaffer & Ginsberg (2017):

* time: mean RR, median RR, SDNN, RMSSD, SDSD, pNN50, pNN20, CVNN, mean and SD of HR;
* frequency: the RR series resampled at 4 Hz (cubic spline), Welch periodogram, band powers
  VLF 0.0033–0.04, LF 0.04–0.15, HF 0.15–0.4 Hz in ms², LF/HF, LF and HF in normalised units.
  LF needs at least :data:`MIN_LF_S` seconds (a few 0.04 Hz cycles); shorter windows give ``None``;
* nonlinear: Poincaré SD1, SD2, SD1/SD2, sample entropy (m = 2, r = 0.2·SD, neurokit2).

Also the two per-minute inputs of the stress model: the mean over the window's whole minutes of
the per-minute heart rate and of the per-minute ln RMSSD — the same quantities the training data
(SWELL-KW, one row per minute) holds.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

MIN_LF_S = 110.0
RESAMPLE_HZ = 4.0
BANDS = {"vlf": (0.0033, 0.04), "lf": (0.04, 0.15), "hf": (0.15, 0.4)}

Float = npt.NDArray[np.float64]


@dataclass(frozen=True)
class HeartFeatures:
    """HRV features of one window (ms, bpm, ms², normalised units; ``None`` where not defined)."""

    n_beats: int
    mean_rr: float
    median_rr: float
    sdnn: float
    rmssd: float
    sdsd: float
    pnn50: float
    pnn20: float
    cvnn: float
    hr_mean: float
    hr_std: float
    vlf: float | None
    lf: float | None
    hf: float | None
    lf_hf: float | None
    lf_nu: float | None
    hf_nu: float | None
    total_power: float | None
    sd1: float
    sd2: float
    sd1_sd2: float | None
    sampen: float | None
    minute_hr: float | None
    minute_ln_rmssd: float | None
    n_minutes: int

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeartFeatures:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def _time_domain(rr: Float) -> dict[str, float]:
    d = np.diff(rr)
    hr = 60000.0 / rr
    mean = float(rr.mean())
    return {
        "mean_rr": mean,
        "median_rr": float(np.median(rr)),
        "sdnn": float(rr.std(ddof=1)),
        "rmssd": float(np.sqrt(np.mean(d**2))),
        "sdsd": float(d.std(ddof=1)),
        "pnn50": float(np.mean(np.abs(d) > 50.0) * 100.0),
        "pnn20": float(np.mean(np.abs(d) > 20.0) * 100.0),
        "cvnn": float(rr.std(ddof=1) / mean),
        "hr_mean": float(hr.mean()),
        "hr_std": float(hr.std(ddof=1)),
    }


def _frequency_domain(rr: Float) -> dict[str, float | None]:
    keys = ("vlf", "lf", "hf", "lf_hf", "lf_nu", "hf_nu", "total_power")
    t = np.cumsum(rr) / 1000.0
    if t[-1] - t[0] < MIN_LF_S:
        return dict.fromkeys(keys)
    from scipy.interpolate import CubicSpline  # type: ignore[import-untyped]
    from scipy.signal import welch  # type: ignore[import-untyped]

    grid = np.arange(t[0], t[-1], 1.0 / RESAMPLE_HZ)
    x = CubicSpline(t, rr)(grid)
    x = x - x.mean()
    nper = min(x.size, int(RESAMPLE_HZ * 120))  # 2-minute segments where the window allows
    freqs, psd = welch(x, fs=RESAMPLE_HZ, nperseg=nper, detrend="linear")
    df = float(freqs[1] - freqs[0])
    power = {
        name: float(psd[(freqs >= lo) & (freqs < hi)].sum() * df)
        for name, (lo, hi) in BANDS.items()
    }
    lf, hf = power["lf"], power["hf"]
    total = power["vlf"] + lf + hf
    return {
        "vlf": power["vlf"],
        "lf": lf,
        "hf": hf,
        "lf_hf": lf / hf if hf > 0 else None,
        "lf_nu": 100.0 * lf / (lf + hf) if lf + hf > 0 else None,
        "hf_nu": 100.0 * hf / (lf + hf) if lf + hf > 0 else None,
        "total_power": total,
    }


def _nonlinear(rr: Float, sampen: bool) -> dict[str, float | None]:
    d = np.diff(rr)
    sd1 = float(np.sqrt(np.var(d, ddof=1) / 2.0))
    sd2_sq = 2.0 * np.var(rr, ddof=1) - np.var(d, ddof=1) / 2.0
    sd2 = float(np.sqrt(max(float(sd2_sq), 0.0)))
    out: dict[str, float | None] = {
        "sd1": sd1,
        "sd2": sd2,
        "sd1_sd2": sd1 / sd2 if sd2 > 0 else None,
    }
    out["sampen"] = _sample_entropy(rr) if sampen else None
    return out


def _sample_entropy(rr: Float) -> float | None:
    if rr.size < 20 or rr.std() == 0:
        return None
    import neurokit2 as nk  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value, _ = nk.entropy_sample(rr, delay=1, dimension=2, tolerance=0.2 * rr.std(ddof=1))
    value = float(value)
    return value if math.isfinite(value) else None


def minute_values(rr: Float) -> list[tuple[float, float]]:
    """Per-minute (HR in bpm, ln RMSSD in ln ms) of the whole minutes (≥ 50 s of beats) of a
    window — the quantities one row of the SWELL-KW minute file holds."""
    t = np.cumsum(rr) / 1000.0
    minute = np.floor((t - 1e-9) / 60.0).astype(int)
    out = []
    for m in range(int(minute.max()) + 1 if minute.size else 0):
        seg = rr[minute == m]
        if seg.size < 10 or seg.sum() < 50_000.0:
            continue
        rmssd = float(np.sqrt(np.mean(np.diff(seg) ** 2)))
        if rmssd > 0:
            out.append((60000.0 / float(seg.mean()), math.log(rmssd)))
    return out


def minute_inputs(rr: Float) -> tuple[float | None, float | None, int]:
    """Mean per-minute HR (bpm) and ln RMSSD (ln ms) over the whole minutes of a window."""
    values = minute_values(rr)
    if not values:
        return None, None, 0
    hrs, lns = zip(*values, strict=True)
    return float(np.mean(hrs)), float(np.mean(lns)), len(values)


def hrv_features(rr_ms: npt.ArrayLike, sampen: bool = True) -> HeartFeatures:
    """All features of one window of *clean* RR intervals in ms (at least 10 beats)."""
    rr = np.asarray(rr_ms, dtype=np.float64).ravel()
    if rr.size < 10 or not np.all(np.isfinite(rr)):
        raise ValueError("hrv_features needs at least 10 finite RR intervals (clean them first)")
    mhr, mln, nmin = minute_inputs(rr)
    values: dict[str, Any] = {
        **_time_domain(rr),
        **_frequency_domain(rr),
        **_nonlinear(rr, sampen),
    }
    return HeartFeatures(
        n_beats=int(rr.size), minute_hr=mhr, minute_ln_rmssd=mln, n_minutes=nmin, **values
    )
