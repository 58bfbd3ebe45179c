from __future__ import annotations

import math

import numpy as np
import pytest
from tests.perception.heart._synth import synthetic_rr

from hamdel.perception.heart import HeartFeatures, hrv_features


def test_time_domain_on_a_known_series() -> None:
    rr = np.tile([800.0, 860.0], 50)  # successive differences all ±60 ms
    f = hrv_features(rr, sampen=False)
    assert f.mean_rr == pytest.approx(830.0)
    assert f.rmssd == pytest.approx(60.0)
    assert f.pnn50 == pytest.approx(100.0)
    assert f.pnn20 == pytest.approx(100.0)
    assert f.hr_mean == pytest.approx(np.mean(60000.0 / rr))
    assert f.sd1 == pytest.approx(f.sdsd / math.sqrt(2), rel=1e-6)


def test_respiratory_modulation_shows_in_hf_and_lf_in_lf() -> None:
    t = np.arange(0, 300, 0.8)
    hf_rr = 800.0 + 40.0 * np.sin(2 * np.pi * 0.25 * t)
    lf_rr = 800.0 + 40.0 * np.sin(2 * np.pi * 0.10 * t)
    hf, lf = hrv_features(hf_rr, sampen=False), hrv_features(lf_rr, sampen=False)
    assert hf.hf is not None and hf.lf is not None and hf.hf > 10 * hf.lf
    assert lf.lf is not None and lf.hf is not None and lf.lf > 10 * lf.hf
    assert lf.lf_hf is not None and lf.lf_hf > 1.0 > (hf.lf_hf or 0.0)
    assert hf.hf_nu is not None and hf.lf_nu is not None
    assert hf.hf_nu + hf.lf_nu == pytest.approx(100.0)


def test_short_window_has_no_lf_but_has_time_domain() -> None:
    f = hrv_features(synthetic_rr(75), sampen=False)  # one minute
    assert f.lf is None and f.lf_hf is None
    assert f.rmssd > 0 and f.n_minutes == 1


def test_sample_entropy_orders_regular_below_random() -> None:
    rng = np.random.default_rng(0)
    regular = 800.0 + 40.0 * np.sin(np.arange(300) * 0.7)
    noisy = 800.0 + rng.normal(0, 40.0, 300)
    s_reg = hrv_features(regular).sampen
    s_noise = hrv_features(noisy).sampen
    assert s_reg is not None and s_noise is not None and s_reg < s_noise


def test_minute_inputs_match_a_per_minute_computation() -> None:
    rr = synthetic_rr(450)
    f = hrv_features(rr, sampen=False)
    t = np.cumsum(rr) / 1000.0
    first = rr[t <= 60.0]
    assert t[-1] == pytest.approx(360.0, abs=1.0)
    assert f.n_minutes == 6  # minutes with at least 50 s of beats count
    assert f.minute_hr is not None
    expect_hr0 = 60000.0 / first.mean()
    assert abs(f.minute_hr - expect_hr0) < 5.0


def test_round_trip_and_bad_input() -> None:
    f = hrv_features(synthetic_rr(300), sampen=False)
    assert HeartFeatures.from_dict(f.to_dict()).n_beats == f.n_beats
    with pytest.raises(ValueError, match="finite"):
        hrv_features([800.0, np.nan] * 10)


def test_agrees_with_neurokit2_and_with_theory() -> None:
    import neurokit2 as nk

    rr = synthetic_rr(375)  # 15 ms at 0.08 Hz (LF) and 30 ms at 0.25 Hz (HF) plus noise
    peaks = nk.intervals_to_peaks(rr, sampling_rate=1000)
    ref = nk.hrv_time(peaks, sampling_rate=1000).iloc[0]
    freq = nk.hrv_frequency(peaks, sampling_rate=1000, psd_method="welch").iloc[0]
    f = hrv_features(rr, sampen=False)
    assert f.sdnn == pytest.approx(ref["HRV_SDNN"], rel=5e-3)
    assert f.rmssd == pytest.approx(ref["HRV_RMSSD"], rel=5e-3)
    assert f.sdsd == pytest.approx(ref["HRV_SDSD"], rel=5e-3)
    assert f.sd1 == pytest.approx(ref["HRV_RMSSD"] / math.sqrt(2), rel=1e-2)
    assert f.lf_hf == pytest.approx(freq["HRV_LFHF"], rel=0.1)
    # a sinusoid of amplitude A carries A²/2 of power: 112.5 ms² in LF, 450 ms² in HF
    assert f.lf == pytest.approx(112.5, rel=0.2)
    assert f.hf == pytest.approx(450.0, rel=0.2)
