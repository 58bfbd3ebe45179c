from __future__ import annotations

import numpy as np
from tests.perception.heart._synth import synthetic_rr

from hamdel.perception.heart import clean_rr


def test_clean_series_is_untouched() -> None:
    rr = synthetic_rr(300)
    clean = clean_rr(rr)
    np.testing.assert_array_equal(clean.rr_ms, rr)
    assert clean.corrected_fraction == 0.0
    assert sum(clean.counts.values()) == 0


def test_missed_beat_is_split_and_keeps_elapsed_time() -> None:
    rr = synthetic_rr(200)
    broken = np.concatenate([rr[:100], [rr[100] + rr[101]], rr[102:]])
    clean = clean_rr(broken)
    assert clean.counts["missed"] == 1
    assert clean.rr_ms.size == rr.size
    assert clean.rr_ms.sum() == np.sum(broken)


def test_extra_beat_is_merged() -> None:
    rr = synthetic_rr(200)
    broken = np.concatenate([rr[:100], [rr[100] * 0.4, rr[100] * 0.6], rr[101:]])
    clean = clean_rr(broken)
    assert clean.counts["extra"] == 1
    assert clean.rr_ms.size == rr.size
    np.testing.assert_allclose(clean.rr_ms, rr)


def test_ectopic_beat_is_interpolated() -> None:
    rr = synthetic_rr(200)
    broken = rr.copy()
    broken[50] *= 0.7  # premature beat
    broken[51] *= 1.3  # compensatory pause
    clean = clean_rr(broken)
    assert clean.counts["ectopic"] == 2
    assert np.abs(clean.rr_ms[50:52] - rr[50:52]).max() < 60.0
    assert clean.corrected[50] and clean.corrected[51]


def test_implausible_and_missing_values_are_replaced_and_counted() -> None:
    rr = synthetic_rr(200)
    broken = rr.copy()
    broken[[10, 60, 120]] = [120.0, 4000.0, np.nan]
    clean = clean_rr(broken)
    assert clean.counts["implausible"] == 2
    assert clean.counts["missing"] == 1
    assert np.isfinite(clean.rr_ms).all()
    assert ((clean.rr_ms >= 250) & (clean.rr_ms <= 2500)).all()
    assert clean.corrected_fraction == np.mean(clean.corrected)
