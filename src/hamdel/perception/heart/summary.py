"""One observation per recording, for the timeline and the companion's assessment."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from hamdel.perception.heart.analyze import HeartWindow


@dataclass(frozen=True)
class HeartSummary:
    """A recording in a few numbers: windows used and flagged, stress over the scored windows.

    ``stress_probability`` is the mean over scored windows; ``high_share`` the share of scored
    windows at level ``high``; both ``None`` when no window could be scored (see ``note``).
    ``validated`` is copied from the model: the shipped one is not (docs/heart.md).
    """

    n_windows: int
    n_flagged: int
    n_scored: int
    hr_mean: float | None
    rmssd_median: float | None
    stress_probability: float | None
    stress_level: str | None
    high_share: float | None
    validated: bool
    baseline: str | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def summarize(windows: list[HeartWindow], levels: tuple[float, float] = (0.4, 0.7)) -> HeartSummary:
    """Summarise analysed windows (``levels`` are the model's bands: low < a ≤ moderate < b ≤ high).

    >>> summarize([]).n_windows
    0
    """
    good = [w for w in windows if not w.flagged and w.features is not None]
    scored = [w.stress for w in windows if w.stress is not None]
    hr = float(np.mean([w.features.hr_mean for w in good if w.features])) if good else None
    rmssd = float(np.median([w.features.rmssd for w in good if w.features])) if good else None
    notes = [w.stress_note for w in windows if w.stress_note]
    n_flagged = sum(w.flagged for w in windows)
    if not scored:
        note = notes[0] if notes else "no windows"
        return HeartSummary(
            len(windows), n_flagged, 0, hr, rmssd, None, None, None, False, None, note
        )
    p = float(np.mean([s.probability for s in scored]))
    level = "low" if p < levels[0] else ("moderate" if p < levels[1] else "high")
    high = sum(s.level == "high" for s in scored) / len(scored)
    validated = all(s.validated for s in scored)
    return HeartSummary(
        len(windows), n_flagged, len(scored), hr, rmssd, p, level, high, validated,
        scored[0].baseline, None,
    )  # fmt: skip
