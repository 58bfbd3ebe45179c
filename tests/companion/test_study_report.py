"""The study report: numbers on a small hand-made dataset checked against a direct computation,
the person-level (cluster) bootstrap, thumbs, and ``hamdel study report --json`` / ``--plot``."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hamdel.companion import study
from hamdel.companion.study_report import build_report, cluster_bootstrap
from hamdel.core.errors import InputError
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import repositories as repo
from hamdel.store import study as store
from hamdel.store.study import StudyRating, StudySurvey

AT = datetime(2026, 12, 7, 12, tzinfo=UTC)
HAND = {  # arm -> person -> 5-point ratings
    "sentiment+ontology": {1: [5, 4, 5], 2: [4, 4], 3: [3, 5, 5, 4]},
    "neither": {4: [3, 2], 5: [4, 3, 3], 6: [1]},
}


def _rows() -> list[StudyRating]:
    rows = []
    for arm, people in HAND.items():
        for user_id, values in people.items():
            for k, v in enumerate(values):
                rating = 1 if v >= 4 else -1 if v <= 2 else 0
                rows.append(StudyRating(user_id, arm, arm, v, rating, AT + timedelta(minutes=k)))
    rows.append(StudyRating(1, "sentiment+ontology", "sentiment+ontology", None, -1, AT))  # thumb
    rows.append(StudyRating(4, "neither", "sentiment+ontology", 5, 1, AT))  # before joining
    return rows


def _direct(arm: str, seed: int, draws: int) -> tuple[float, float, np.ndarray, np.ndarray]:
    """The same bootstrap written out plainly: draw people, pool their ratings, average."""
    people = sorted(HAND[arm])
    rng = np.random.default_rng([seed, zlib.crc32(arm.encode())])
    weights = rng.multinomial(len(people), np.full(len(people), 1 / len(people)), size=draws)
    means, shares = [], []
    for w in weights:
        pooled = [v for p, times in zip(people, w, strict=True) for _ in range(times)
                  for v in HAND[arm][p]]  # fmt: skip
        means.append(np.mean(pooled))
        shares.append(np.mean([v >= 4 for v in pooled]))
    everything = [v for p in people for v in HAND[arm][p]]
    return (
        float(np.mean(everything)),
        float(np.mean([v >= 4 for v in everything])),
        np.asarray(means),
        np.asarray(shares),
    )


def test_report_numbers_match_a_direct_computation() -> None:
    surveys = [
        StudySurvey(1, "sentiment+ontology", {"easy": 5, "overall": 4}, AT),
        StudySurvey(2, "sentiment+ontology", {"easy": 3}, AT),
        StudySurvey(4, "neither", {"dismissed": True}, AT),
    ]
    report = build_report(
        _rows(), surveys, {"sentiment+ontology": 3, "neither": 3, "ontology": 1},
        bootstrap=500, seed=7,
    )  # fmt: skip
    assert [a.variant for a in report.arms] == ["sentiment+ontology", "ontology", "neither"]
    both, neither = report.arm("sentiment+ontology"), report.arm("neither")
    assert (both.people, both.ratings, both.thumbs, both.thumbs_up_share) == (3, 9, 1, 0.0)
    assert (neither.people, neither.ratings, neither.participants) == (3, 6, 3)
    assert both.mean == pytest.approx(39 / 9) and neither.mean == pytest.approx(16 / 6)
    assert both.very_satisfied == pytest.approx(8 / 9)
    assert neither.very_satisfied == pytest.approx(1 / 6)
    assert both.surveys == 2 and dict(both.survey_means) == {"easy": 4.0, "overall": 4.0}
    assert neither.surveys == 0 and report.arm("ontology").mean is None
    for arm in HAND:
        mean, share, means, shares = _direct(arm, 7, 500)
        row = report.arm(arm)
        assert row.mean == pytest.approx(mean) and row.very_satisfied == pytest.approx(share)
        assert row.mean_ci is not None and row.very_satisfied_ci is not None
        low, high = np.percentile(means, [2.5, 97.5])
        assert (row.mean_ci.low, row.mean_ci.high) == pytest.approx((low, high))
        low, high = np.percentile(shares, [2.5, 97.5])
        assert (row.very_satisfied_ci.low, row.very_satisfied_ci.high) == pytest.approx((low, high))
    _, _, m_both, s_both = _direct("sentiment+ontology", 7, 500)
    _, _, m_neither, s_neither = _direct("neither", 7, 500)
    (diff,) = report.differences
    assert diff.variant == "neither" and diff.mean == pytest.approx(16 / 6 - 39 / 9)
    low, high = np.percentile(m_neither - m_both, [2.5, 97.5])
    assert (diff.mean_ci.low, diff.mean_ci.high) == pytest.approx((low, high))
    assert diff.mean_ci.excludes_zero
    low, high = np.percentile(s_neither - s_both, [2.5, 97.5])
    assert (diff.very_satisfied_ci.low, diff.very_satisfied_ci.high) == pytest.approx((low, high))
    assert any("before joining" in n for n in report.notes)
    document = json.loads(json.dumps(report.to_dict()))
    assert document["arms"][0]["n"] == 3 and document["differences"][0]["mean_ci_excludes_zero"]


def test_thumbs_count_only_when_asked_as_four_and_two() -> None:
    report = build_report(_rows(), bootstrap=200, include_thumbs=True)
    both = report.arm("sentiment+ontology")
    assert both.ratings == 10 and both.mean == pytest.approx((39 + 2) / 10)
    assert study.THUMB_SATISFACTION == {1: 4, -1: 2}


def test_the_bootstrap_resamples_people_not_ratings() -> None:
    """Two people, one always 5, one always 1, many ratings each: resampling ratings would give
    a tight interval around 3; resampling people gives the honest, wide one."""
    values = {1: [5] * 50, 2: [1] * 50}
    draws = cluster_bootstrap(values, 2000, np.random.default_rng(0))
    assert draws.mean == 3.0
    assert set(np.round(draws.means, 6)) <= {1.0, 3.0, 5.0}
    assert np.percentile(draws.means, 2.5) == 1.0 and np.percentile(draws.means, 97.5) == 5.0


def test_one_person_gets_no_interval_and_bad_settings_are_refused() -> None:
    rows = [StudyRating(1, "neither", "neither", 4, 1, AT)]
    report = build_report(rows, bootstrap=100)
    assert report.arm("neither").mean_ci is None and report.differences == ()
    with pytest.raises(InputError):
        build_report(rows, bootstrap=10)


@pytest.fixture
def stored(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'study.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as db:
        for arm, people in HAND.items():
            for person, values in people.items():
                user = repo.create_user(db, email=f"u{person}@x.org", password_hash="x",
                                        language="en", display_name=None)  # fmt: skip
                store.add_participant(db, user_id=user.id, variant=arm, assigned_at=AT)
                for k, v in enumerate(values):
                    study.rate(db, user_id=user.id, item_kind="suggestion", item_id=f"s{k}",
                               satisfaction=v, now=AT + timedelta(minutes=k + 1))  # fmt: skip
    engine.dispose()
    return url


def test_cli_report_json_and_plot(stored: str, tmp_path: Path) -> None:
    from hamdel.cli import app

    plot = tmp_path / "study.svg"
    result = CliRunner().invoke(
        app,
        ["study", "report", "--json", "--seed", "7", "--bootstrap", "500",
         "--database-url", stored, "--plot", str(plot)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    direct = build_report(
        [r for r in _rows() if r.satisfaction is not None and r.variant == r.arm],
        bootstrap=500, seed=7,
    )  # fmt: skip
    assert document["arms"] == [
        {**a.to_dict(), "participants": 3} for a in direct.arms
    ]  # the store's rows give the same report as the hand-made ones
    assert document["differences"] == [d.to_dict() for d in direct.differences]
    assert plot.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    text = CliRunner().invoke(app, ["study", "report", "--database-url", stored])
    assert text.exit_code == 0 and "neither" in text.output and "[" in text.output
    status = CliRunner().invoke(app, ["study", "status", "--json", "--database-url", stored])
    assert json.loads(status.output) == {
        "sentiment+ontology": 3, "sentiment": 0, "ontology": 0, "neither": 3,
    }  # fmt: skip
    bad = CliRunner().invoke(
        app, ["study", "report", "--database-url", stored, "--plot", str(tmp_path / "x.gif")]
    )
    assert bad.exit_code == 2 and ".svg or .png" in bad.output
