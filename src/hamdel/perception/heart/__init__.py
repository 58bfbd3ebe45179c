"""Heart: RR/ECG/PPG readers, artefact correction, fixed windows, HRV features, stress model.

>>> from hamdel.perception.heart import HeartStressModel, analyze, read_rr
>>> model = HeartStressModel.load()                       # models/heart_stress/model.json
>>> # windows = analyze(read_rr("rr.txt"), window_s=300, model=model, baseline=None)

The stress model is binary (no stress / stress) with personal baselining; see docs/heart.md for
why SWELL-KW does not support three classes from an RR stream.
"""

from hamdel.perception.heart.analyze import HeartWindow, analyze, self_baseline, windows
from hamdel.perception.heart.cleaning import CleanRR, clean_rr
from hamdel.perception.heart.features import HeartFeatures, hrv_features
from hamdel.perception.heart.model import Baseline, HeartStressModel, StressEstimate, StressLogit
from hamdel.perception.heart.readers import (
    RRSeries,
    detect_units,
    read_rr,
    read_signal,
    rr_from_values,
    signal_to_rr,
)
from hamdel.perception.heart.summary import HeartSummary, summarize

__all__ = [
    "Baseline",
    "CleanRR",
    "HeartFeatures",
    "HeartStressModel",
    "HeartSummary",
    "HeartWindow",
    "RRSeries",
    "StressEstimate",
    "StressLogit",
    "analyze",
    "clean_rr",
    "detect_units",
    "hrv_features",
    "read_rr",
    "read_signal",
    "rr_from_values",
    "self_baseline",
    "signal_to_rr",
    "summarize",
    "windows",
]
