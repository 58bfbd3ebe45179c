"""The study's report: per variant, satisfaction with intervals from a person-level bootstrap.

What counts: the ratings of people taking part now, given since they joined, of items chosen
by their own variant (an item delivered before joining is skipped). People who left are not
counted: leaving withdraws them from the study.

Per variant: people, ratings, the mean rating and the share "very satisfied" (4 or 5, as in
the design's table), each with a 95 % percentile interval from a *cluster* bootstrap: people
are resampled with replacement and all the ratings of a drawn person come along (one person's
ratings are not independent, so resampling ratings would make the intervals too narrow). The
statistic is pooled over ratings (a person with more ratings weighs more). Differences against
``sentiment+ontology`` bootstrap the two arms independently (each person is in one arm).

Thumbs (the fast path) mean 4 (up) and 2 (down) on the scale, but they are left out of the mean
and the share by default: a thumb up cannot say 4 from 5 nor a thumb down 1 from 2, so mapping
them pulls an arm's mean towards the middle by how often its people used thumbs, not by how
satisfied they were. They are counted apart (``thumbs``, ``thumbs_up_share``);
``include_thumbs=True`` maps them for a check.

>>> from datetime import UTC, datetime
>>> from hamdel.store.study import StudyRating
>>> at = datetime(2026, 12, 7, tzinfo=UTC)
>>> rows = [StudyRating(1, "neither", "neither", s, 0, at) for s in (3, 5)]
>>> build_report(rows, bootstrap=200).arms[0].mean
4.0
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hamdel.companion.study import (
    ARMS,
    CONTENT_VARIANT,
    PRODUCT_VARIANT,
    SURVEY_ITEMS,
    THUMB_SATISFACTION,
)
from hamdel.core.errors import InputError
from hamdel.store import study as store
from hamdel.store.study import StudyRating, StudySurvey

if TYPE_CHECKING:
    from hamdel.store import Session

VERY_SATISFIED = 4
"""A rating at or above this is "very satisfied" (4–5), as in the design's table."""


@dataclass(frozen=True)
class Interval:
    """A 95 % bootstrap interval."""

    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def to_dict(self) -> list[float]:
        return [round(self.low, 4), round(self.high, 4)]


@dataclass(frozen=True)
class ArmSummary:
    """One variant's row."""

    variant: str
    participants: int
    """People in this arm now (some may not have rated anything yet)."""
    people: int
    """People with at least one counted rating."""
    ratings: int
    mean: float | None
    mean_ci: Interval | None
    very_satisfied: float | None
    very_satisfied_ci: Interval | None
    thumbs: int = 0
    thumbs_up_share: float | None = None
    surveys: int = 0
    survey_means: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "variant": self.variant,
            "participants": self.participants,
            "n": self.people,
            "ratings": self.ratings,
            "mean": r(self.mean),
            "mean_ci": self.mean_ci.to_dict() if self.mean_ci else None,
            "very_satisfied": r(self.very_satisfied),
            "very_satisfied_ci": self.very_satisfied_ci.to_dict()
            if self.very_satisfied_ci
            else None,
            "thumbs": self.thumbs,
            "thumbs_up_share": r(self.thumbs_up_share),
            "surveys": self.surveys,
            "survey_means": {k: round(v, 4) for k, v in self.survey_means.items()},
        }


@dataclass(frozen=True)
class Difference:
    """``variant`` minus the baseline (``sentiment+ontology``)."""

    variant: str
    baseline: str
    mean: float
    mean_ci: Interval
    very_satisfied: float
    very_satisfied_ci: Interval

    def to_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "baseline": self.baseline,
            "mean": round(self.mean, 4),
            "mean_ci": self.mean_ci.to_dict(),
            "mean_ci_excludes_zero": self.mean_ci.excludes_zero,
            "very_satisfied": round(self.very_satisfied, 4),
            "very_satisfied_ci": self.very_satisfied_ci.to_dict(),
        }


@dataclass(frozen=True)
class StudyReport:
    arms: tuple[ArmSummary, ...]
    differences: tuple[Difference, ...]
    bootstrap: int
    seed: int
    include_thumbs: bool
    notes: tuple[str, ...]

    def arm(self, variant: str) -> ArmSummary:
        for row in self.arms:
            if row.variant == variant:
                return row
        raise KeyError(variant)

    def difference(self, variant: str) -> Difference:
        for row in self.differences:
            if row.variant == variant:
                return row
        raise KeyError(variant)

    def to_dict(self) -> dict[str, Any]:
        return {
            "arms": [a.to_dict() for a in self.arms],
            "differences": [d.to_dict() for d in self.differences],
            "bootstrap": self.bootstrap,
            "seed": self.seed,
            "include_thumbs": self.include_thumbs,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Draws:
    """Per-person totals of one arm and the bootstrap draws of its statistics."""

    mean: float
    share: float
    means: np.ndarray
    shares: np.ndarray


def _value(row: StudyRating, include_thumbs: bool) -> int | None:
    if row.satisfaction is not None:
        return row.satisfaction
    return THUMB_SATISFACTION.get(row.rating) if include_thumbs else None


def person_totals(values: Mapping[int, Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per person: sum of ratings, number of ratings, number rated 4–5."""
    people = sorted(values)
    sums = np.asarray([sum(values[p]) for p in people], dtype=np.float64)
    counts = np.asarray([len(values[p]) for p in people], dtype=np.float64)
    high = np.asarray(
        [sum(v >= VERY_SATISFIED for v in values[p]) for p in people], dtype=np.float64
    )
    return sums, counts, high


def cluster_bootstrap(
    values: Mapping[int, Sequence[int]], bootstrap: int, rng: np.random.Generator
) -> _Draws:
    """Resample people with replacement ``bootstrap`` times: pooled mean and 4–5 share."""
    sums, counts, high = person_totals(values)
    n = len(sums)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=bootstrap).astype(np.float64)
    total = weights @ counts
    return _Draws(
        mean=float(sums.sum() / counts.sum()),
        share=float(high.sum() / counts.sum()),
        means=(weights @ sums) / total,
        shares=(weights @ high) / total,
    )


def _interval(draws: np.ndarray) -> Interval:
    low, high = np.percentile(draws, [2.5, 97.5])
    return Interval(float(low), float(high))


def _order(variants: set[str]) -> list[str]:
    known = [*ARMS, CONTENT_VARIANT]
    return [v for v in known if v in variants] + sorted(variants - set(known))


def _rng(seed: int, variant: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(variant.encode())])


@dataclass(frozen=True)
class StudyData:
    """What the report reads from the store (read in one short transaction, then built
    outside it: the bootstrap never holds the database)."""

    ratings: tuple[StudyRating, ...]
    surveys: tuple[StudySurvey, ...]
    participants: Mapping[str, int]


def read_study(db: Session) -> StudyData:
    return StudyData(
        tuple(store.study_ratings(db)), tuple(store.study_surveys(db)), store.arm_counts(db)
    )


def build_report(
    ratings: Sequence[StudyRating],
    surveys: Sequence[StudySurvey] = (),
    participants: Mapping[str, int] | None = None,
    *,
    bootstrap: int = 2000,
    seed: int = 0,
    include_thumbs: bool = False,
) -> StudyReport:
    """The report from the study's rows (:func:`hamdel.store.study.study_ratings`,
    ``study_surveys``, ``arm_counts``)."""
    if bootstrap < 100:
        raise InputError(f"study report: at least 100 bootstrap draws, not {bootstrap}")
    by_arm: dict[str, dict[int, list[int]]] = {}
    thumbs: dict[str, list[int]] = {}
    skipped = 0
    for row in ratings:
        if row.variant != row.arm:
            skipped += 1
            continue
        if row.satisfaction is None:
            thumbs.setdefault(row.arm, []).append(row.rating)
        value = _value(row, include_thumbs)
        if value is not None:
            by_arm.setdefault(row.arm, {}).setdefault(row.user_id, []).append(value)
    counts = dict(participants or {})
    variants = set(by_arm) | set(thumbs) | {k for k, v in counts.items() if v}
    draws = {v: cluster_bootstrap(by_arm[v], bootstrap, _rng(seed, v)) for v in by_arm}
    arms = tuple(
        _summary(v, by_arm.get(v, {}), draws.get(v), thumbs.get(v, []), surveys, counts)
        for v in _order(variants)
    )
    differences = tuple(
        _difference(v, draws[v], draws[PRODUCT_VARIANT])
        for v in _order(set(draws))
        if v != PRODUCT_VARIANT and PRODUCT_VARIANT in draws
    )
    notes = [
        "ratings of people taking part now, since they joined, of items their own variant chose",
        "95 % percentile intervals from a bootstrap that resamples people (cluster bootstrap)",
        "thumbs: up = 4, down = 2 on the scale; "
        + (
            "counted in the mean and share (include_thumbs)"
            if include_thumbs
            else "counted apart, not in the mean or share (a thumb cannot say 4 from 5)"
        ),
    ]
    if skipped:
        notes.append(f"{skipped} rating(s) of items chosen before joining were skipped")
    notes += [f"{a.variant}: one person only, no interval" for a in arms if a.people == 1]
    return StudyReport(arms, differences, bootstrap, seed, include_thumbs, tuple(notes))


def _summary(
    variant: str,
    values: Mapping[int, Sequence[int]],
    draws: _Draws | None,
    thumbs: Sequence[int],
    surveys: Sequence[StudySurvey],
    participants: Mapping[str, int],
) -> ArmSummary:
    answered = [s.answers for s in surveys if s.arm == variant and not s.answers.get("dismissed")]
    means = {}
    for item in SURVEY_ITEMS:
        given = [int(a[item]) for a in answered if isinstance(a.get(item), int)]
        if given:
            means[item] = float(np.mean(given))
    several = draws is not None and len(values) > 1
    return ArmSummary(
        variant=variant,
        participants=int(participants.get(variant, len(values))),
        people=len(values),
        ratings=sum(len(v) for v in values.values()),
        mean=draws.mean if draws else None,
        mean_ci=_interval(draws.means) if draws and several else None,
        very_satisfied=draws.share if draws else None,
        very_satisfied_ci=_interval(draws.shares) if draws and several else None,
        thumbs=len(thumbs),
        thumbs_up_share=(sum(t > 0 for t in thumbs) / len(thumbs)) if thumbs else None,
        surveys=len(answered),
        survey_means=means,
    )


def _difference(variant: str, arm: _Draws, base: _Draws) -> Difference:
    return Difference(
        variant=variant,
        baseline=PRODUCT_VARIANT,
        mean=arm.mean - base.mean,
        mean_ci=_interval(arm.means - base.means),
        very_satisfied=arm.share - base.share,
        very_satisfied_ci=_interval(arm.shares - base.shares),
    )


def plot_report(report: StudyReport, path: Path) -> Path:
    """Means with their intervals and the "very satisfied" shares, per variant (SVG or PNG by
    the file's suffix)."""
    if path.suffix.lower() not in (".svg", ".png"):
        raise InputError(f"plot {path.name}: use a .svg or .png file")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [a for a in report.arms if a.mean is not None]
    names = [a.variant for a in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for axis, value, ci, title in (
        (left, "mean", "mean_ci", "mean satisfaction (1–5)"),
        (right, "very_satisfied", "very_satisfied_ci", "share very satisfied (4–5)"),
    ):
        centre = np.asarray([getattr(a, value) for a in rows], dtype=np.float64)
        spans = [getattr(a, ci) for a in rows]
        low = np.asarray([c - s.low if s else 0.0 for c, s in zip(centre, spans, strict=True)])
        high = np.asarray([s.high - c if s else 0.0 for c, s in zip(centre, spans, strict=True)])
        x = np.arange(len(rows))
        if value == "mean":
            axis.errorbar(x, centre, yerr=[low, high], fmt="o", capsize=4)
            axis.set_ylim(1, 5)
        else:
            axis.bar(x, centre, yerr=[low, high], capsize=4, color="#6a9fb5")
            axis.set_ylim(0, 1)
        axis.set_xticks(x, names, rotation=20)
        axis.set_title(title)
        axis.grid(axis="y", alpha=0.3)
    fig.suptitle("hamdel study: 95 % intervals from a person-level bootstrap")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


__all__ = [
    "VERY_SATISFIED",
    "ArmSummary",
    "Difference",
    "Interval",
    "StudyData",
    "StudyReport",
    "build_report",
    "cluster_bootstrap",
    "person_totals",
    "plot_report",
    "read_study",
]
