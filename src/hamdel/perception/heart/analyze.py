"""Fixed windows over a cleaned RR series, each with its features, flag and stress estimate.

A window is *flagged* (with a reason) when it is partial, when more than 5 % of its intervals were
corrected, or when the RR series is flat; flagged windows keep their features for inspection but
get no stress estimate and never feed a self-baseline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from hamdel.core.errors import InputError
from hamdel.perception.heart.cleaning import MAX_CORRECTED_FRACTION, clean_rr
from hamdel.perception.heart.features import HeartFeatures, hrv_features, minute_values
from hamdel.perception.heart.model import Baseline, HeartStressModel, StressEstimate
from hamdel.perception.heart.readers import MIN_BEATS, RRSeries

log = logging.getLogger(__name__)

MIN_WINDOW_S = 60.0
MAX_WINDOW_S = 300.0
MIN_COVERAGE = 0.9
FLAT_RMSSD_MS = 1.0


@dataclass(frozen=True)
class HeartWindow:
    """One analysis window (times in seconds from the start of the recording)."""

    index: int
    start_s: float
    end_s: float
    n_beats: int
    corrected_fraction: float
    flagged: bool
    reason: str | None
    features: HeartFeatures | None
    stress: StressEstimate | None
    stress_note: str | None = None
    minutes: tuple[tuple[float, float], ...] = field(default=(), repr=False)
    """Per-minute (HR, ln RMSSD) of the window's whole minutes; feeds a self-baseline."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 1),
            "end_s": round(self.end_s, 1),
            "n_beats": self.n_beats,
            "corrected_fraction": round(self.corrected_fraction, 4),
            "flagged": self.flagged,
            "reason": self.reason,
            "features": self.features.to_dict() if self.features else None,
            "stress": self.stress.to_dict() if self.stress else None,
            "stress_note": self.stress_note,
        }


def _as_rr(rr: RRSeries | npt.ArrayLike) -> npt.NDArray[np.float64]:
    arr = rr.rr_ms if isinstance(rr, RRSeries) else np.asarray(rr, dtype=np.float64).ravel()
    if arr.size < MIN_BEATS:
        raise InputError(f"too short: {arr.size} RR intervals, need at least {MIN_BEATS}")
    finite = arr[np.isfinite(arr)]
    if finite.size < MIN_BEATS:
        raise InputError(f"too many missing values: {finite.size} usable RR intervals")
    med = float(np.median(finite))
    if not 250.0 <= med <= 2500.0:
        hint = " (they look like seconds: multiply by 1000)" if 0.25 <= med <= 2.5 else ""
        raise InputError(f"RR intervals must be in ms: median {med:g} is implausible{hint}")
    return arr


def _flag(duration: float, window_s: float, frac: float, feats: HeartFeatures | None) -> str | None:
    if duration < MIN_COVERAGE * window_s:
        return f"partial window: {duration:.0f} s of {window_s:.0f} s"
    if frac > MAX_CORRECTED_FRACTION:
        return (
            f"too many artefacts: {frac:.0%} of intervals corrected "
            f"(limit {MAX_CORRECTED_FRACTION:.0%})"
        )
    if feats is None:
        return "too few beats for HRV"
    if feats.rmssd < FLAT_RMSSD_MS:
        return "no beat-to-beat variability (flat RR): sensor fault or paced rhythm?"
    return None


def windows(
    rr: RRSeries | npt.ArrayLike, window_s: float = 300.0, sampen: bool = True
) -> list[HeartWindow]:
    """Clean the series and cut it into fixed windows of ``window_s`` seconds (60–300)."""
    if not MIN_WINDOW_S <= window_s <= MAX_WINDOW_S:
        raise InputError(
            f"window of {window_s:g} s: choose {MIN_WINDOW_S:.0f}–{MAX_WINDOW_S:.0f} s"
        )
    clean = clean_rr(_as_rr(rr))
    if not np.isfinite(clean.rr_ms).all():
        raise InputError(
            f"unusable RR series: {clean.corrected.sum()} of {clean.corrected.size} intervals are "
            "artefacts, too many to repair"
        )
    t_end = np.cumsum(clean.rr_ms) / 1000.0
    if t_end[-1] < MIN_WINDOW_S:
        raise InputError(
            f"too short: {t_end[-1]:.0f} s of beats, need at least {MIN_WINDOW_S:.0f} s"
        )
    idx = np.floor(t_end / window_s).astype(int)
    out: list[HeartWindow] = []
    for w in range(int(idx.max()) + 1):
        sel = idx == w
        seg, fixed = clean.rr_ms[sel], clean.corrected[sel]
        if seg.size == 0:
            continue
        start = float(t_end[sel][0] - seg[0] / 1000.0)
        duration = float(seg.sum() / 1000.0)
        frac = float(fixed.mean())
        feats = hrv_features(seg, sampen=sampen) if seg.size >= 10 else None
        reason = _flag(duration, window_s, frac, feats)
        minutes = tuple(minute_values(seg)) if reason is None else ()
        out.append(
            HeartWindow(w, start, start + duration, int(seg.size), frac, reason is not None,
                        reason, feats, None, None, minutes)
        )  # fmt: skip
    log.info(
        "heart windows", extra={"fields": {"n": len(out), "flagged": sum(x.flagged for x in out)}}
    )
    return out


def self_baseline(wins: list[HeartWindow]) -> Baseline | None:
    """A baseline from the whole clean minutes of a recording's unflagged windows (per minute, as
    in training), or ``None`` with fewer than 2 such minutes."""
    minutes = [m for w in wins if not w.flagged for m in w.minutes]
    if len(minutes) < 2:
        return None
    hr, ln = zip(*minutes, strict=True)
    return Baseline.from_minutes(hr, ln, source="recording")


def analyze(
    rr: RRSeries | npt.ArrayLike,
    window_s: float = 300.0,
    model: HeartStressModel | None = None,
    baseline: Baseline | None = None,
    sampen: bool = True,
) -> list[HeartWindow]:
    """Windows with HRV features and, where a model and a personal baseline exist, stress.

    Without ``baseline`` the recording is its own baseline when it has at least
    ``model.min_baseline_minutes`` clean minutes; otherwise windows carry a ``stress_note``
    saying why there is no estimate (raw values do not generalise across people).

    >>> rng = np.random.default_rng(0)
    >>> wins = analyze(800 + 30 * rng.standard_normal(400), window_s=60, sampen=False)
    >>> len(wins), wins[0].flagged, wins[0].stress is None
    (6, False, True)
    """
    wins = windows(rr, window_s, sampen=sampen)
    if model is None:
        return wins
    base = baseline
    note = None
    if base is None:
        base = self_baseline(wins)
        if base is None or base.n_minutes < model.min_baseline_minutes:
            have = 0 if base is None else base.n_minutes
            note = (
                f"no personal baseline: give one (hamdel heart baseline) or a recording with at "
                f"least {model.min_baseline_minutes} clean minutes (this one has {have})"
            )
            base = None
    out = []
    for w in wins:
        stress, why = None, note
        if w.flagged:
            why = f"flagged: {w.reason}"
        elif (
            w.features is None or w.features.minute_hr is None or w.features.minute_ln_rmssd is None
        ):
            why = "no whole clean minute in the window"
        elif base is not None:
            stress = model.predict(w.features.minute_hr, w.features.minute_ln_rmssd, base)
        out.append(replace(w, stress=stress, stress_note=None if stress else why))
    return out
