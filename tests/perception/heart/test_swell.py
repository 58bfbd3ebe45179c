"""The SWELL-KW findings the model card reports, checked on the shared data (skips without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.perception.heart.swell import loso, personal_z, read_swell_minutes

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def minutes(shared_data: Path):  # type: ignore[no-untyped-def]
    return personal_z(read_swell_minutes(shared_data / "hrv"), "session")


def test_minute_file_reads_with_subjects_and_conditions(minutes) -> None:  # type: ignore[no-untyped-def]
    assert minutes["subject"].nunique() == 23  # PP8 and PP11 have no HR/RMSSD at all
    assert set(minutes["condition"]) == {"R", "N", "T", "I"}
    assert minutes["hr"].between(40, 200).all()


def test_time_pressure_and_interruption_are_not_separable(minutes) -> None:  # type: ignore[no-untyped-def]
    res = loso(minutes, "t_vs_i", k=1)
    assert res["n_subjects"] >= 18  # some subjects lack valid T or I minutes
    assert res["macro_f1"] < 0.6


def test_binary_loso_is_above_majority_with_personal_baseline(minutes) -> None:  # type: ignore[no-untyped-def]
    res = loso(minutes, "binary", k=1)
    assert res["accuracy"] > res["chance_majority"]
