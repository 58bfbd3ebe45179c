"""eSM2 fitted from people's ratings, through the real store and the ``--from-db`` path.

A simulated study with known weights: people with one profile each (some attributes not
shared), each rating several of their own messages in whole numbers on −5..+5 (Gaussian noise,
clamped, rounded). The ratings and consented profiles go into a fresh migrated database (SQLite
file, or ``--database-url``) through the store, and ``fit_from_ratings`` (what
``hamdel sentiment calibrate --from-db`` runs) fits, cross-validates and stores the fit.

Reports: weights recovered (error per weight), RMSE / max / mean error in-sample and by
5-fold CV, eSM2 beside the identity and the degree-2 and degree-3 polynomials, and how many
ratings are needed. Prints a markdown section for docs/benchmarks.md (not written here).

Run: ``nice .venv/bin/python -m benchmarks.esm2_bench [--seeds 3]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from hamdel.companion.sentiment_ratings import FitOutcome, fit_from_ratings
from hamdel.perception.sentiment.esm2 import Esm2Weights, feature_names
from hamdel.perception.sentiment.simulation import SimulatedPeople, simulate_people
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import ratings as store
from hamdel.store import repositories as repo

REGIONS = ("tehran",)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
PER_PERSON = 8
MODELS = ("identity", "esm2", "poly2", "poly3")


def true_weights(seed: int = 20) -> Esm2Weights:
    """Plausible effects: C 1.15, each indicator ±0.05..0.30 (a factor of 0.74..1.35)."""
    rng = np.random.default_rng(seed)
    names = feature_names(REGIONS)
    weights = {n: float(rng.choice([-1, 1]) * rng.uniform(0.05, 0.3)) for n in names}
    return Esm2Weights(c=1.15, weights=weights, regions=REGIONS)


def store_study(url: str, study: SimulatedPeople) -> None:
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as db:
        ids = []
        for i, profile in enumerate(study.profiles):
            uid = repo.create_user(
                db, email=f"p{i}@bench.invalid", password_hash="x", language="en",
                display_name=None,
            ).id  # fmt: skip
            ids.append(uid)
            for name, value in profile.items():
                repo.set_profile_attribute(db, user_id=uid, name=name, value=value, consent=True)
        for r in study.ratings:
            store.put_rating(
                db, user_id=ids[r.person], observation_id=None, score=r.score, theme=r.theme,
                language="en", rating=r.rating, at=NOW,
            )  # fmt: skip
    engine.dispose()


@dataclass(frozen=True)
class Run:
    people: int
    noise: float
    integer: bool
    seed: int
    outcome: FitOutcome
    weight_errors: np.ndarray
    c_error: float
    seconds: float


def run_one(
    true: Esm2Weights, people: int, noise: float, integer: bool, seed: int, url: str | None
) -> Run:
    study = simulate_people(
        true, people, PER_PERSON, noise=noise, integer=integer, random_state=seed
    )
    with tempfile.TemporaryDirectory() as tmp:
        db_url = url or f"sqlite:///{Path(tmp) / 'esm2.db'}"
        store_study(db_url, study)
        engine = make_engine(db_url)
        start = time.perf_counter()
        outcome = fit_from_ratings(
            make_session_factory(engine), now=NOW, regions=REGIONS, min_ratings=1
        )
        seconds = time.perf_counter() - start
        engine.dispose()
    fitted = outcome.weights
    return Run(
        people, noise, integer, seed, outcome, np.abs(fitted.vector() - true.vector()),
        abs(fitted.c - true.c), seconds,
    )  # fmt: skip


def _mean(values: list[float]) -> float:
    return float(np.mean(values))


def model_table(runs: list[Run]) -> list[str]:
    lines = [
        "| model | params | RMSE | max | mean | CV RMSE | CV max | CV mean |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in MODELS:
        ms = [r.outcome.comparison.model(name) for r in runs]
        cvs = [m.cv for m in ms if m.cv is not None]
        lines.append(
            f"| {name} | {ms[0].params} | {_mean([m.in_sample.rmse for m in ms]):.3f} | "
            f"{_mean([m.in_sample.max_error for m in ms]):.2f} | "
            f"{_mean([m.in_sample.mean_error for m in ms]):.3f} | "
            f"{_mean([c.rmse for c in cvs]):.3f} | {_mean([c.max_error for c in cvs]):.2f} | "
            f"{_mean([c.mean_error for c in cvs]):.3f} |"
        )
    return lines


def weight_table(runs: list[Run], true: Esm2Weights) -> list[str]:
    fitted = np.mean([r.outcome.weights.vector() for r in runs], axis=0)
    errors = np.mean([r.weight_errors for r in runs], axis=0)
    lines = ["| weight | true | fitted (mean) | mean abs error |", "|---|---|---|---|"]
    lines.append(
        f"| C | {true.c:.3f} | {np.mean([r.outcome.weights.c for r in runs]):.3f} | "
        f"{np.mean([r.c_error for r in runs]):.3f} |"
    )
    for name, t, f, e in zip(true.names, true.vector(), fitted, errors, strict=True):
        lines.append(f"| {name} | {t:+.3f} | {f:+.3f} | {e:.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--people", type=int, default=60, help="people in the main study")
    parser.add_argument("--noise", type=float, nargs="+", default=[0.3, 0.7])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 12, 20, 30, 60, 120, 240])
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    true = true_weights()
    seeds = range(args.seeds)
    out: list[str] = ["## eSM2 fitted from ratings (`hamdel sentiment calibrate --from-db`)", ""]
    out.append(
        f"`benchmarks/esm2_bench.py`: simulated study, known weights (C {true.c}, 11 indicators "
        f"±0.05..0.30), {PER_PERSON} ratings per person, whole numbers on −5..+5 (noise, clamp, "
        "round), 15% of attributes not shared; stored through `hamdel.store` and fitted by "
        f"`fit_from_ratings` (the `--from-db` path), {args.seeds} seeds averaged; CV is 5-fold."
    )
    summary: dict[str, object] = {}
    for noise in args.noise:
        for integer in (True, False):
            runs = [run_one(true, args.people, noise, integer, s, args.database_url) for s in seeds]
            kind = "whole-number ratings" if integer else "unrounded ratings (reference)"
            n = runs[0].outcome.report.n
            out += ["", f"### {args.people * PER_PERSON} ratings, noise σ {noise}, {kind}", ""]
            out.append(
                f"n usable {n} (skipped: zero rating or other sign "
                f"{_mean([r.outcome.report.skipped for r in runs]):.0f}); fit + CV + store "
                f"{_mean([r.seconds for r in runs]) * 1000:.0f} ms."
            )
            out += ["", *model_table(runs)]
            if integer and noise == args.noise[0]:
                out += ["", "Weights recovered:", "", *weight_table(runs, true)]
            summary[f"{noise}/{integer}"] = {
                m: _mean([r.outcome.comparison.model(m).cv.rmse for r in runs])  # type: ignore[union-attr]
                for m in MODELS
            }
    out += ["", "### Ratings needed (whole numbers, noise σ 0.5)", ""]
    out += [
        "| ratings | people | usable | max weight error | mean weight error | eSM2 CV RMSE | "
        "poly2 CV RMSE | poly3 CV RMSE | identity RMSE |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    enough: int | None = None
    for people in args.sizes:
        runs = [run_one(true, people, 0.5, True, s, args.database_url) for s in seeds]
        worst = _mean([float(r.weight_errors.max()) for r in runs])
        if enough is None and worst < 0.15:
            enough = people * PER_PERSON
        identity = _mean([r.outcome.comparison.model("identity").in_sample.rmse for r in runs])

        def cv(name: str, runs: list[Run] = runs) -> str:
            values = [r.outcome.comparison.model(name).cv for r in runs]
            got = [v.rmse for v in values if v is not None]
            return f"{np.mean(got):.3f}" if got else "–"

        out.append(
            f"| {people * PER_PERSON} | {people} | {_mean([r.outcome.report.n for r in runs]):.0f} "
            f"| {worst:.3f} "
            f"| {_mean([float(r.weight_errors.mean()) for r in runs]):.3f} | {cv('esm2')} "
            f"| {cv('poly2')} | {cv('poly3')} "
            f"| {identity:.3f} |"
        )
    out += [
        "",
        f"From about {enough} whole-number ratings the largest weight error stays under 0.15 "
        "(the default `--min-ratings` is 150). Rounding to whole numbers alone adds an RMSE of "
        "about 0.29 (1/√12) and biases the linearised fit slightly (C and the largest weights "
        "come out a little small), so the design's RMSE 0.21 is out of reach with whole-number "
        "ratings and any rating noise; the rows above are the floor for each noise level. The "
        "ratings here are made by eSM2's own form (a factor on the score), which favours it over "
        "the polynomials (additive profile terms); the comparison that counts is the one "
        "`calibrate --from-db` prints on real ratings.",
    ]
    print("\n".join(out))
    print(json.dumps(summary, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
