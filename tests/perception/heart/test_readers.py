from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import InputError
from hamdel.perception.heart import detect_units, read_rr, read_signal, rr_from_values, signal_to_rr


def test_one_value_per_line_in_ms(rr_file: Path, rr: np.ndarray) -> None:
    series = read_rr(rr_file)
    assert series.units_detected == "ms"
    assert "detected" in series.note
    np.testing.assert_allclose(series.rr_ms, np.round(rr, 1))


def test_one_value_per_line_in_seconds_is_converted(tmp_path: Path, rr: np.ndarray) -> None:
    path = tmp_path / "rr_s.txt"
    path.write_text("\n".join(f"{x / 1000:.4f}" for x in rr), encoding="utf-8")
    series = read_rr(path)
    assert series.units_detected == "s"
    assert series.rr_ms.mean() == pytest.approx(rr.mean(), rel=1e-3)


def test_csv_with_named_column_and_missing_values(tmp_path: Path, rr: np.ndarray) -> None:
    rows = [f"{i},{x:.0f},7" for i, x in enumerate(rr)]
    rows[10] = "10,,7"
    rows[20] = "20,NA,7"
    path = tmp_path / "rr.csv"
    path.write_text("beat,RR,other\n" + "\n".join(rows), encoding="utf-8")
    series = read_rr(path)
    assert "'RR'" in series.note
    assert series.n_missing == 2
    assert np.isnan(series.rr_ms[10]) and np.isnan(series.rr_ms[20])


def test_polar_sensor_logger_export(tmp_path: Path, rr: np.ndarray) -> None:
    lines = ["Phone timestamp;RR-interval [ms]"]
    lines += [f"2026-11-22T10:00:{i % 60:02d}.000;{x:.0f}" for i, x in enumerate(rr)]
    path = tmp_path / "polar.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    series = read_rr(path)
    assert series.units_detected == "ms"
    assert series.rr_ms.size == rr.size
    assert np.isfinite(series.rr_ms).all()


def test_kubios_style_export_with_metadata_and_time_column(tmp_path: Path, rr: np.ndarray) -> None:
    t = np.cumsum(rr) / 1000.0
    lines = ["Kubios HRV export", "Subject: test", "", "  Time (s)\t  RR (s)"]
    lines += [f"{a:.3f}\t{b / 1000:.3f}" for a, b in zip(t, rr, strict=True)]
    path = tmp_path / "kubios.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    series = read_rr(path)
    assert series.units_detected == "s"
    assert series.rr_ms.mean() == pytest.approx(rr.mean(), rel=1e-2)


def test_unnamed_two_columns_skip_the_time_axis(tmp_path: Path, rr: np.ndarray) -> None:
    t = np.cumsum(rr)
    path = tmp_path / "two.csv"
    path.write_text("\n".join(f"{a:.0f},{b:.0f}" for a, b in zip(t, rr, strict=True)), "utf-8")
    assert read_rr(path).rr_ms.mean() == pytest.approx(rr.mean(), rel=1e-2)


def test_declared_unit_contradicting_values_is_an_error(tmp_path: Path, rr: np.ndarray) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("RR [ms]\n" + "\n".join(f"{x / 1000:.3f}" for x in rr), "utf-8")
    with pytest.raises(InputError, match="says ms"):
        read_rr(path)


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (np.full(100, 60.0), "cannot tell the units"),  # heart rates, not intervals
        (np.full(10, 800.0), "too short"),
        (np.full(100, np.nan), "no numeric"),
    ],
)
def test_bad_values(values: np.ndarray, match: str) -> None:
    with pytest.raises(InputError, match=match):
        rr_from_values(values)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_rr(tmp_path / "nope.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    with pytest.raises(InputError):
        read_rr(empty)
    words = tmp_path / "words.txt"
    words.write_text("hello\nworld\n", "utf-8")
    with pytest.raises(InputError):
        read_rr(words)


def test_detect_units_doctest_cases() -> None:
    assert detect_units(np.array([0.8, 0.9])) == "s"
    assert detect_units(np.array([800.0, 900.0])) == "ms"


def test_ecg_csv_gives_the_simulated_heart_rate(tmp_path: Path, ecg_250: np.ndarray) -> None:
    path = tmp_path / "ecg.csv"
    path.write_text("ecg\n" + "\n".join(f"{x:.5f}" for x in ecg_250), "utf-8")
    series = read_signal(path, rate=250)
    assert 60000.0 / np.median(series.rr_ms) == pytest.approx(72, abs=3)
    assert series.extra["rate_hz"] == 250
    assert series.extra["signal_quality"] > 0.9


def test_ecg_rate_from_a_time_column(tmp_path: Path, ecg_250: np.ndarray) -> None:
    path = tmp_path / "ecg_t.csv"
    rows = [f"{i / 250:.4f},{x:.5f}" for i, x in enumerate(ecg_250)]
    path.write_text("time,ecg\n" + "\n".join(rows), "utf-8")
    series = read_signal(path)
    assert series.extra["rate_hz"] == pytest.approx(250, rel=1e-3)


def test_ppg_simulated() -> None:
    import neurokit2 as nk

    ppg = nk.ppg_simulate(duration=90, sampling_rate=100, heart_rate=65, random_state=1)
    series = signal_to_rr(ppg, 100, "ppg")
    assert 60000.0 / np.median(series.rr_ms) == pytest.approx(65, abs=4)


def test_noise_is_not_silently_read_as_beats() -> None:
    from hamdel.perception.heart import windows

    noise = np.random.default_rng(0).normal(size=250 * 120)
    try:
        series = signal_to_rr(noise, 250, "ppg")
    except InputError:
        return  # refusing outright is fine too
    assert all(w.flagged for w in windows(series, 60, sampen=False))


def test_signal_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="flat"):
        signal_to_rr(np.zeros(250 * 60), 250)
    with pytest.raises(InputError, match="too short"):
        signal_to_rr(np.random.default_rng(0).normal(size=250 * 5), 250)
    with pytest.raises(InputError, match="sampling rate"):
        signal_to_rr(np.random.default_rng(0).normal(size=5000), 2)
    noisy = np.random.default_rng(0).normal(size=250 * 60)
    noisy[: 250 * 10] = np.nan
    with pytest.raises(InputError, match="missing"):
        signal_to_rr(noisy, 250)
    path = tmp_path / "ecg.csv"
    path.write_text("ecg\n" + "\n".join("0.1" for _ in range(100)), "utf-8")
    with pytest.raises(InputError, match="--rate"):
        read_signal(path)


def test_decimal_commas_one_per_line_are_not_two_columns(tmp_path: Path, rr: np.ndarray) -> None:
    path = tmp_path / "comma.txt"
    path.write_text("\n".join(f"{x / 1000:.3f}".replace(".", ",") for x in rr), "utf-8")
    series = read_rr(path)
    assert series.units_detected == "s"
    assert series.rr_ms.mean() == pytest.approx(rr.mean(), rel=1e-2)
    with_header = tmp_path / "comma_h.txt"
    with_header.write_text("RR (s)\n" + path.read_text("utf-8"), "utf-8")
    assert read_rr(with_header).rr_ms.mean() == pytest.approx(rr.mean(), rel=1e-2)
