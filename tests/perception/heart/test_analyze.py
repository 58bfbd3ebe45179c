from __future__ import annotations

import json

import numpy as np
import pytest
from tests.perception.heart._synth import synthetic_rr

from hamdel.core.errors import InputError
from hamdel.perception.heart import Baseline, HeartStressModel, analyze, windows


def test_fixed_windows_cover_the_recording() -> None:
    rr = synthetic_rr(1200)  # 16 minutes at 800 ms
    wins = windows(rr, window_s=120, sampen=False)
    assert len(wins) == 8
    assert all(not w.flagged for w in wins)
    assert wins[0].start_s == pytest.approx(0.0)
    assert wins[-1].end_s == pytest.approx(rr.sum() / 1000.0)
    assert sum(w.n_beats for w in wins) == rr.size


def test_partial_last_window_is_flagged() -> None:
    wins = windows(synthetic_rr(500), window_s=120, sampen=False)  # 400 s
    assert wins[-1].flagged and "partial" in (wins[-1].reason or "")
    assert not any(w.flagged for w in wins[:-1])


def test_window_with_many_artefacts_is_flagged_not_used() -> None:
    rr = synthetic_rr(600)
    rr[80:100:2] *= 0.65  # ten premature beats in the second minute
    model = HeartStressModel.load()
    base = Baseline(75.0, 5.0, 3.3, 0.3, 60)
    wins = analyze(rr, window_s=60, model=model, baseline=base, sampen=False)
    bad = wins[1]
    assert bad.flagged and "artefacts" in (bad.reason or "")
    assert bad.stress is None and "flagged" in (bad.stress_note or "")
    assert wins[3].stress is not None and not wins[3].flagged


def test_flat_rr_is_flagged() -> None:
    wins = windows(np.full(400, 800.0), window_s=60, sampen=False)
    assert all(w.flagged for w in wins)
    assert "flat" in (wins[0].reason or "")


@pytest.mark.parametrize(
    ("rr", "window_s", "match"),
    [
        (synthetic_rr(20), 60, "too short"),
        (synthetic_rr(60), 60, "too short"),  # 48 s of beats
        (synthetic_rr(300) / 1000.0, 60, "seconds"),
        (synthetic_rr(300), 30, "choose 60"),
        (synthetic_rr(300), 600, "choose 60"),
        (np.full(300, np.nan), 60, "missing"),
        (np.tile([300.0, 2400.0], 200), 60, "too many to repair"),
    ],
)
def test_bad_input_is_a_clear_error(rr: np.ndarray, window_s: float, match: str) -> None:
    with pytest.raises(InputError, match=match):
        windows(rr, window_s=window_s, sampen=False)


def test_without_baseline_a_short_recording_gets_no_stress_and_says_why() -> None:
    wins = analyze(synthetic_rr(600), window_s=60, model=HeartStressModel.load(), sampen=False)
    assert all(w.stress is None for w in wins)
    assert "no personal baseline" in (wins[0].stress_note or "")


def test_long_recording_is_its_own_baseline() -> None:
    model = HeartStressModel.load()
    rr = synthetic_rr(2400)  # 32 minutes
    wins = analyze(rr, window_s=300, model=model, sampen=False)
    full = [w for w in wins if not w.flagged]
    assert full and all(w.stress is not None for w in full)
    assert all(w.stress.baseline == "recording" for w in full if w.stress)
    assert all(0.0 <= w.stress.probability <= 1.0 for w in full if w.stress)
    json.dumps([w.to_dict() for w in wins])


def test_stress_follows_the_baseline() -> None:
    model = HeartStressModel.load()
    rr = synthetic_rr(400)
    hr = 60000.0 / 800.0
    low = Baseline(hr - 10.0, 5.0, 3.3, 0.3, 60)
    high = Baseline(hr + 10.0, 5.0, 3.3, 0.3, 60)
    p_low = analyze(rr, 60, model, low, sampen=False)[0].stress
    p_high = analyze(rr, 60, model, high, sampen=False)[0].stress
    assert p_low is not None and p_high is not None
    assert p_low.probability != pytest.approx(p_high.probability)


def test_summary_of_a_recording() -> None:
    from hamdel.perception.heart import summarize

    model = HeartStressModel.load()
    wins = analyze(synthetic_rr(600), 60, model, Baseline(75.0, 5.0, 3.3, 0.3, 60), sampen=False)
    s = summarize(wins, model.level_bands)
    assert s.n_windows == len(wins) and s.n_scored == sum(w.stress is not None for w in wins)
    assert s.stress_probability is not None and 0 <= s.stress_probability <= 1
    assert s.validated is False and s.baseline == "stored"
    none = summarize(analyze(synthetic_rr(600), 60, model, sampen=False))
    assert none.stress_probability is None and "baseline" in (none.note or "")
    json.dumps(s.to_dict())


def test_self_baseline_uses_minutes_not_window_means() -> None:
    from hamdel.perception.heart import self_baseline

    rng = np.random.default_rng(5)
    # 30 minutes, each with its own mean RR (per-minute HR varies by several bpm)
    rr = np.concatenate([synthetic_rr(75, mean=m, seed=i)
                         for i, m in enumerate(rng.normal(800, 40, 30))])  # fmt: skip
    five = self_baseline(windows(rr, 300, sampen=False))
    one = self_baseline(windows(rr, 60, sampen=False))
    assert five is not None and one is not None
    assert five.n_minutes >= 25 and one.n_minutes >= 25
    assert one.hr_sd > 2.0  # well above the 1 bpm floor
    # per-minute spread, not the (much smaller) spread of 5-minute means
    assert five.hr_sd == pytest.approx(one.hr_sd, rel=0.25)
