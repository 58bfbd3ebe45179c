"""People rate their own messages; eSM2 is fitted from the ratings; the service uses the fit.

1. **Offer**: a few of the person's own recent written messages (never one that raised a
   crisis or a check-in, never a voice note or an answer), not yet rated, whose raw Sentimeter
   score is not zero (a zero score cannot inform the multiplicative correction).
2. **Rate** (−5..+5): the raw score and theme are recomputed at rating time (the observation
   holds the *corrected* score); the text is not copied. Rating a message again replaces the
   first rating.
3. **Fit** (``hamdel sentiment calibrate --from-db``): every rating with its writer's
   *consented* profile as it is at fit time (an attribute whose consent was withdrawn is
   missing, like the reference level), least squares on the linearised model, errors in-sample
   and by k-fold cross-validation, the polynomial alternatives beside it; stored as an
   ``Esm2Fit`` unless a dry run.
4. **Use**: :func:`latest_weights` for start-up; :class:`LiveWeights` keeps a running
   scorer on the latest fit, checking at most every few minutes with a one-row query.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from hamdel.core.errors import InputError, ModelUnavailableError, NotFoundError
from hamdel.core.jsonable import jsonable
from hamdel.core.languages import LANGUAGES
from hamdel.perception.sentiment.compare import FOLDS, Comparison, FitSet, compare_models
from hamdel.perception.sentiment.esm2 import (
    CalibrationReport,
    Esm2Weights,
    clean_profile,
    fit_esm2,
    region_key,
)
from hamdel.store import ratings as store
from hamdel.store import repositories as repo
from hamdel.store.db import transaction

if TYPE_CHECKING:
    from hamdel.companion.service import SentimentReader
    from hamdel.store import Session, Sessions
    from hamdel.store.ratings import WrittenEntry

logger = logging.getLogger(__name__)

OFFERED = 3
SCAN = 40
"""How many of the latest written messages are looked at for an offer."""
MIN_RATINGS = 150
"""Below this many usable ratings the fit is refused (benchmarks/esm2_bench.py: from ~160
whole-number ratings the largest weight error falls to ~0.12; at 64 it is ~0.33)."""
REGION_MIN = 20
"""A region gets its own weight (``regions=None``) when this many usable ratings come from it."""
REFRESH_SECONDS = 300.0


# -- offering and rating -------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """One of the person's messages to rate."""

    entry_id: int
    at: datetime
    text: str
    language: str | None

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Rated:
    """A recorded rating (the raw score and theme it was stored with)."""

    entry_id: int
    rating: int
    score: float
    theme: str | None
    replaced: bool

    def to_dict(self) -> dict[str, Any]:
        return {**jsonable(self), "score": round(self.score, 4)}


def rateable(written: WrittenEntry) -> bool:
    """A written message whose observation shows no crisis and no check-in."""
    entry, observation = written.entry, written.observation
    if entry.role != "person" or entry.kind != "text" or not entry.text.strip():
        return False
    if observation is None:
        return False  # cannot tell that it was not a crisis
    return not repo.raised_concern(observation.details)


def _language(entry_language: str | None) -> str:
    return entry_language if entry_language in LANGUAGES else "auto"


def offers(
    db: Session, *, user_id: int, reader: SentimentReader | None, limit: int = OFFERED
) -> tuple[Offer, ...]:
    """Up to ``limit`` of the person's latest rateable messages not yet rated, newest first.
    With a ``reader``, messages whose raw score is 0 are passed over."""
    found = [w for w in store.written_entries(db, user_id=user_id, limit=SCAN) if rateable(w)]
    rated = store.ratings_of(
        db, user_id=user_id, observation_ids=[w.observation.id for w in found if w.observation]
    )
    out: list[Offer] = []
    for w in found:
        if w.observation is None or w.observation.id in rated:
            continue
        entry = w.entry
        if reader is not None and not reader(entry.text, _language(entry.language), {}).raw:
            continue
        out.append(Offer(entry.id, entry.at, entry.text, entry.language))
        if len(out) >= limit:
            break
    return tuple(out)


def check_rating(value: object) -> int:
    """A whole number from −5 to +5 (``InputError`` otherwise)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f"rating must be a whole number from -5 to 5, got {value!r}")
    try:
        number = float(str(value).strip().replace("−", "-").replace("+", ""))
    except ValueError as exc:
        raise InputError(f"rating must be a whole number from -5 to 5, got {value!r}") from exc
    if not number.is_integer() or not -5 <= number <= 5:
        raise InputError(f"rating must be a whole number from -5 to 5, got {value!r}")
    return int(number)


def rate(
    db: Session,
    reader: SentimentReader | None,
    *,
    user_id: int,
    entry_id: int,
    rating: object,
    now: datetime,
) -> Rated:
    """Record the person's rating of their message ``entry_id`` with its raw score and theme."""
    value = check_rating(rating)
    written = store.written_entry(db, user_id=user_id, entry_id=entry_id)
    if written is None:
        raise NotFoundError(f"message {entry_id} not found")
    if not rateable(written) or written.observation is None:
        raise InputError(
            f"message {entry_id} cannot be rated: only your own written messages are "
            "(not voice notes, answers, hamdel's replies or messages that raised a concern)"
        )
    if reader is None:
        raise ModelUnavailableError("sentiment scoring is not installed (see `hamdel doctor`)")
    entry = written.entry
    scored = reader(entry.text, _language(entry.language), {})
    replaced = store.put_rating(
        db, user_id=user_id, observation_id=written.observation.id, score=scored.raw,
        theme=scored.theme, language=entry.language if entry.language in LANGUAGES
        else "en", rating=float(value), at=now,
    )  # fmt: skip
    logger.info("sentiment rated", extra={"fields": {"user_id": user_id, "replaced": replaced}})
    return Rated(entry_id, value, scored.raw, scored.theme, replaced)


# -- fitting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gathered:
    """The fit set built from the database, and what it was built from."""

    data: FitSet
    ratings: int
    people: int
    withdrawn: int
    """Ratings whose writer shares none of the eSM2 attributes now."""


def _auto_regions(rows: Sequence[Any], profiles: dict[int, dict[str, str]]) -> tuple[str, ...]:
    """Regions with at least :data:`REGION_MIN` usable ratings. When they cover every usable
    rating, the most frequent is left out: it becomes the reference (else C and the region
    weights could not be told apart)."""
    counts: Counter[str] = Counter()
    usable = 0
    for row in rows:
        if row.score * row.rating <= 0:
            continue
        usable += 1
        region = profiles[row.user_id].get("region")
        if region:
            counts[region_key(region)] += 1
    chosen = {r: n for r, n in counts.items() if n >= REGION_MIN}
    if chosen and sum(chosen.values()) == usable:
        del chosen[max(sorted(chosen), key=lambda r: chosen[r])]
    return tuple(sorted(chosen))


def _clean(profile: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in profile.items():  # one bad stored value loses that attribute only
        try:
            out.update(clean_profile({name: value}))
        except InputError:
            logger.warning("profile value refused for eSM2", extra={"fields": {"name": name}})
    return out


def gather(sessions: Sessions, *, regions: Sequence[str] | None = None) -> Gathered:
    """Every rating with its writer's consented profile now (``regions=None``: each region
    with at least :data:`REGION_MIN` usable ratings gets a weight)."""
    with transaction(sessions) as db:
        rows = store.all_ratings(db)
        raw = store.consented_profiles(db, user_ids={r.user_id for r in rows})
    profiles = {uid: _clean(p) for uid, p in raw.items()}
    chosen = _auto_regions(rows, profiles) if regions is None else tuple(regions)
    frame = Esm2Weights(regions=chosen)
    x = np.zeros((len(rows), len(frame.names)))
    for i, row in enumerate(rows):
        x[i] = frame.indicators(profiles[row.user_id], row.theme)
    data = FitSet(
        np.array([r.score for r in rows], float), np.array([r.rating for r in rows], float),
        x, chosen,
    )  # fmt: skip
    return Gathered(
        data=data,
        ratings=len(rows),
        people=len(profiles),
        withdrawn=sum(1 for r in rows if not profiles[r.user_id]),
    )


def needed(n_params: int, min_ratings: int, folds: int = FOLDS) -> int:
    """Usable ratings needed: ``min_ratings``, and enough that every CV training fold still
    has more rows than eSM2 has parameters."""
    return max(min_ratings, math.ceil((n_params + 1) * folds / (folds - 1)))


@dataclass(frozen=True)
class FitOutcome:
    """What ``calibrate --from-db`` did."""

    fitted_at: datetime
    ratings: int
    people: int
    withdrawn: int
    weights: Esm2Weights
    report: CalibrationReport
    comparison: Comparison
    fit_id: int | None
    """The stored ``Esm2Fit``; ``None`` for a dry run."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "fitted_at": self.fitted_at.isoformat(),
            "stored": self.fit_id is not None,
            "fit_id": self.fit_id,
            "ratings": self.ratings,
            "people": self.people,
            "withdrawn_or_unshared": self.withdrawn,
            "n": self.report.n,
            "skipped": self.report.skipped,
            "report": self.report.to_dict(),
            "comparison": self.comparison.to_dict(),
            "weights": self.weights.to_dict(),
        }


def fit_from_ratings(
    sessions: Sessions,
    *,
    now: datetime,
    min_ratings: int = MIN_RATINGS,
    folds: int = FOLDS,
    regions: Sequence[str] | None = None,
    dry_run: bool = False,
) -> FitOutcome:
    """Gather, fit (outside any transaction), compare, and store the fit unless ``dry_run``.

    Raises :class:`InputError` when fewer usable ratings than :func:`needed` are there.
    """
    got = gather(sessions, regions=regions)
    data = got.data
    usable = int(data.usable().sum())
    need = needed(data.n_params, min_ratings, folds)
    if usable < need:
        raise InputError(
            f"only {usable} usable ratings ({got.ratings} in all; {got.ratings - usable} with a "
            f"zero score or a rating of the other sign) for {data.n_params} eSM2 parameters: "
            f"at least {need} are needed (--min-ratings {min_ratings}, {folds}-fold CV)"
        )
    weights, report = fit_esm2(data.scores, data.ratings, data.indicators, data.regions)
    comparison = compare_models(data, folds=folds, weights=weights)
    cv = comparison.model("esm2").cv
    weights = Esm2Weights(
        c=weights.c, weights=weights.weights, regions=weights.regions,
        fit={**report.to_dict(), "cv": cv.to_dict() if cv else None, "folds": comparison.folds,
             "ratings": got.ratings, "people": got.people, "comparison": comparison.to_dict(),
             "source": "ratings"},
    )  # fmt: skip
    fit_id = None
    if not dry_run:
        with transaction(sessions) as db:
            fit_id = store.add_fit(db, fitted_at=now, n=report.n, weights=weights.to_dict()).id
        logger.info("esm2 fitted", extra={"fields": {"fit_id": fit_id, "n": report.n}})
    return FitOutcome(
        fitted_at=now, ratings=got.ratings, people=got.people, withdrawn=got.withdrawn,
        weights=weights, report=report, comparison=comparison, fit_id=fit_id,
    )  # fmt: skip


# -- using the latest fit ------------------------------------------------------------------


@dataclass(frozen=True)
class FitInfo:
    """The latest stored fit, as the doctor and the CLI describe it."""

    fit_id: int
    fitted_at: datetime
    n: int
    weights: Esm2Weights
    rmse: float | None = None
    cv_rmse: float | None = None

    def describe(self) -> str:
        errors = [f"RMSE {self.rmse:.2f}"] if self.rmse is not None else []
        if self.cv_rmse is not None:
            errors.append(f"CV RMSE {self.cv_rmse:.2f}")
        inside = f" ({', '.join(errors)})" if errors else ""
        return f"fitted {self.fitted_at.date().isoformat()} from {self.n} ratings{inside}"


IDENTITY = "identity (no ratings fitted yet)"


def describe(info: FitInfo | None) -> str:
    """``fitted 2026-12-07 from 240 ratings (RMSE 0.21, CV RMSE 0.25)`` or the identity."""
    return info.describe() if info is not None else IDENTITY


def latest_fit(db: Session) -> FitInfo | None:
    """The latest fit whose weights read; ``None`` when there is none (or it is malformed)."""
    row = store.latest_fit(db)
    if row is None:
        return None
    try:
        weights = Esm2Weights.from_dict(row.weights)
    except InputError:
        logger.error("stored eSM2 fit is malformed", extra={"fields": {"fit_id": row.id}})
        return None
    fit = dict(weights.fit)
    cv = fit.get("cv") if isinstance(fit.get("cv"), dict) else None
    return FitInfo(
        fit_id=row.id, fitted_at=row.fitted_at, n=row.n, weights=weights,
        rmse=_number(fit.get("rmse")), cv_rmse=_number(cv.get("rmse")) if cv else None,
    )  # fmt: skip


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and math.isfinite(value) else None


def latest_weights(db: Session) -> Esm2Weights | None:
    """The latest fitted weights; ``None``: use the shipped default."""
    info = latest_fit(db)
    return info.weights if info is not None else None


class WeightsUser(Protocol):
    weights: Esm2Weights

    def use_weights(self, weights: Esm2Weights) -> None: ...


@dataclass
class LiveWeights:
    """Keeps ``scorer`` on the latest fit: :meth:`refresh` at start-up, then :meth:`poll` on
    use (or on a timer), which asks the database at most every ``every`` seconds. A database
    error keeps the weights in use; no fit (or all removed) goes back to ``default``."""

    scorer: WeightsUser
    sessions: Sessions
    every: float = REFRESH_SECONDS
    clock: Callable[[], float] = time.monotonic
    default: Esm2Weights | None = None
    fit_id: int | None = None
    _checked: float = field(default=-math.inf, repr=False)
    _applied: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.default is None:
            self.default = self.scorer.weights

    def refresh(self) -> bool:
        """Ask now and apply the answer; ``True`` when the weights were (re)set. The first
        call always sets them (the latest fit, or ``default``)."""
        self._checked = self.clock()
        with transaction(self.sessions) as db:
            latest = store.latest_fit_id(db)
            if latest == self.fit_id and self._applied:
                return False
            info = latest_fit(db) if latest is not None else None
        weights = info.weights if info is not None else self.default
        assert weights is not None  # set in __post_init__
        self.scorer.use_weights(weights)
        self.fit_id, self._applied = latest, True
        logger.info("esm2 weights in use", extra={"fields": {"fit_id": latest}})
        return True

    def poll(self) -> bool:
        """:meth:`refresh` when ``every`` seconds have passed; never raises."""
        if self.clock() - self._checked < self.every or not self._lock.acquire(blocking=False):
            return False
        try:
            return self.refresh()
        except Exception as exc:  # a turn must never fail because the check could not run
            self._checked = self.clock()
            logger.warning(
                "esm2 weights check failed", extra={"fields": {"kind": type(exc).__name__}}
            )
            return False
        finally:
            self._lock.release()


__all__ = [
    "IDENTITY",
    "MIN_RATINGS",
    "OFFERED",
    "REFRESH_SECONDS",
    "FitInfo",
    "FitOutcome",
    "Gathered",
    "LiveWeights",
    "Offer",
    "Rated",
    "check_rating",
    "describe",
    "fit_from_ratings",
    "gather",
    "latest_fit",
    "latest_weights",
    "needed",
    "offers",
    "rate",
    "rateable",
]
