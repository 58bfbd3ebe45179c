"""Learning curve of the depression and stress models: 25/50/75/100 % of the training data.

Each model is fitted with its shipped recipe on a stratified subsample of its training data
(every source and label keeps the same share; seeds 0, 1, 2) and scored on held-out sets it
never saw:

* depression ``xl.npz`` (TF-IDF + e5, weights per source of
  :mod:`hamdel.perception.text.train.depression`): ``en_depression_blind``,
  ``fa_depression_blind``, ``depression_chat_blind`` (English, Persian); F1 of the depressed
  class at the raw 0.5 and PR-AUC. The calibration and the alert threshold are not refitted
  per point (a monotone curve leaves PR-AUC as it is); the cross-validation that chooses them
  would cost nine more fits a point.
* stress ``en.npz`` (TF-IDF + the frozen emotion probabilities x 3 + mean GloVe x 0.5, C = 4):
  Dreaddit's official test split; F1 (stressed), macro-F1, PR-AUC.

Embeddings are cached (``XDG_CACHE_HOME``; point it at /tmp). Heavy: run it niced, one core::

    XDG_CACHE_HOME=/tmp/lc OMP_NUM_THREADS=1 nice -n 15 python -m benchmarks.learning_curve

Prints a markdown table (and JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FRACTIONS = (0.25, 0.5, 0.75, 1.0)
log = logging.getLogger("learning_curve")


def stratified_pick(labels: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Sorted indices of ``fraction`` of each label (at least one of each), seeded."""
    if fraction >= 1.0:
        return np.arange(len(labels))
    rng = np.random.default_rng(seed)
    picked = []
    for value in np.unique(labels):
        idx = np.flatnonzero(labels == value)
        k = max(1, round(fraction * len(idx)))
        picked.append(rng.choice(idx, size=k, replace=False))
    return np.sort(np.concatenate(picked))


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """F1 of class 1 at 0.5, macro-F1, PR-AUC (average precision)."""
    from sklearn.metrics import average_precision_score, f1_score  # type: ignore[import-untyped]

    pred = (p >= 0.5).astype(int)
    return {
        "f1": float(f1_score(y, pred, zero_division=0)),
        "macro_f1": float(f1_score(y, pred, average="macro", zero_division=0)),
        "pr_auc": float(average_precision_score(y, p)),
    }


def _blind(name: str, language: str | None = None) -> tuple[list[str], np.ndarray]:
    with (ROOT / "data" / "text" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if language is None or r["language"] == language]
    return [r["text"] for r in rows], np.array([int(r["label"]) for r in rows])


def depression_curve(
    seeds: Sequence[int],
    partial: Path | None = None,
    part: str = "xl",
    leave_out: Sequence[str] = (),
) -> dict[str, Any]:
    """Depression ``xl`` (or ``en``, the TF-IDF fallback: all 6,185 Reddit posts, no
    embeddings): per fraction and seed, the held-out scores."""
    from hamdel.perception.text.train import depression as dep
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear
    from hamdel.perception.text.train.tasks import DEPRESSION_FEATURES, _embed

    xl = part == "xl"
    srcs = [
        s for s in dep.sources(None, dep.XL_REDDIT if xl else None) if s.name not in set(leave_out)
    ]
    emb = [_embed(s.texts, s.embed_name or s.name) for s in srcs] if xl else None
    tests = {
        "en_depression_blind": _blind("en_depression_blind"),
        "fa_depression_blind": _blind("fa_depression_blind"),
        "chat_blind_en": _blind("depression_chat_blind", "en"),
        "chat_blind_fa": _blind("depression_chat_blind", "fa"),
    }
    test_emb = {k: _embed(v[0], f"lc-{k}") if xl else None for k, v in tests.items()}
    cfg = LinearConfig(DEPRESSION_FEATURES, use_embeddings=xl, C=dep.C)
    out: dict[str, Any] = {}
    for seed, fraction in _order(seeds):
        picks = [stratified_pick(s.labels, fraction, seed) for s in srcs]
        texts, labels, weights, x = dep._rows(srcs, picks, emb)
        t0 = time.perf_counter()
        model = fit_linear(texts, [str(v) for v in labels], cfg, x, {}, sample_weight=weights)
        row = {"n_train": len(texts), "fit_s": round(time.perf_counter() - t0, 1)}
        for name, (tt, yy) in tests.items():
            p = model.predict_proba(tt, test_emb[name])[:, 1]
            row[name] = scores(yy, p)
        out[f"{fraction}/{seed}"] = row
        log.warning("depression %s seed %d: %s", fraction, seed, json.dumps(row))
        if partial is not None:
            partial.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def _order(seeds: Sequence[int]) -> list[tuple[int, float]]:
    """(seed, fraction): every fraction with the first seed before the next seed (a run cut
    short still has the whole curve once); 100 % only once (no subsample to vary)."""
    return [
        (s, f) for s in seeds for f in sorted(FRACTIONS, reverse=True) if f < 1.0 or s == seeds[0]
    ]


def stress_curve(seeds: Sequence[int]) -> dict[str, Any]:
    """Stress ``en``: per fraction and seed, Dreaddit test scores."""
    from hamdel.perception.text import corpora
    from hamdel.perception.text.linear import LinearTextModel
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear
    from hamdel.perception.text.train.tasks import EN_FEATURES, STRESS_WORD_VECTORS

    tr, te = corpora.read_dreaddit(None), corpora.read_dreaddit(None, "test")
    emotion = LinearTextModel.load(ROOT / "models" / "text_stress" / "emotion_en.npz")
    cfg = LinearConfig(
        EN_FEATURES, C=4.0, stacked="emotion_en.npz", word_vectors=STRESS_WORD_VECTORS
    )
    labels = np.array([int(v) for v in tr.labels])
    y_test = np.array([int(v) for v in te.labels])
    out: dict[str, Any] = {}
    for seed, fraction in _order(seeds):
        pick = stratified_pick(labels, fraction, seed)
        model = fit_linear(
            [tr.texts[i] for i in pick],
            [tr.labels[i] for i in pick],
            cfg,
            info={},
            stacked_model=emotion,
        )
        p = model.predict_proba(list(te.texts))[:, 1]
        out[f"{fraction}/{seed}"] = {"n_train": len(pick), "dreaddit_test": scores(y_test, p)}
        log.warning("stress %s seed %d: %s", fraction, seed, json.dumps(out[f"{fraction}/{seed}"]))
    return out


def _cell(rows: list[dict[str, float]], key: str) -> str:
    values = np.array([r[key] for r in rows])
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{values.mean():.3f} ± {values.std(ddof=1):.3f}"


def markdown(dep: dict[str, Any], stress: dict[str, Any], part: str = "xl") -> str:
    """The tables for ``docs/benchmarks.md``."""
    lines = [
        f"### Learning curve: depression `{part}` (held out; F1 at raw 0.5 / PR-AUC)",
        "",
        "| share of training data | texts | en_depression_blind | fa_depression_blind "
        "| chat blind en | chat blind fa |",
        "|---|---|---|---|---|---|",
    ]
    for fraction in FRACTIONS:
        rows = [v for k, v in dep.items() if k.startswith(f"{fraction}/")]
        if not rows:
            continue
        cells = [
            f"{_cell([r[t] for r in rows], 'f1')} / {_cell([r[t] for r in rows], 'pr_auc')}"
            for t in ("en_depression_blind", "fa_depression_blind", "chat_blind_en",
                      "chat_blind_fa")
        ]  # fmt: skip
        lines.append(f"| {fraction:.0%} | {rows[0]['n_train']:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Learning curve: stress `en` (Dreaddit test, 715 posts)",
        "",
        "| share of training data | posts | F1 (stressed) | macro-F1 | PR-AUC |",
        "|---|---|---|---|---|",
    ]
    for fraction in FRACTIONS:
        rows = [v["dreaddit_test"] for k, v in stress.items() if k.startswith(f"{fraction}/")]
        if not rows:
            continue
        n = next(v["n_train"] for k, v in stress.items() if k.startswith(f"{fraction}/"))
        lines.append(
            f"| {fraction:.0%} | {n:,} | {_cell(rows, 'f1')} | {_cell(rows, 'macro_f1')} "
            f"| {_cell(rows, 'pr_auc')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--task", choices=("both", "depression", "stress"), default="both")
    parser.add_argument("--part", choices=("xl", "en"), default="xl", help="depression model")
    parser.add_argument(
        "--leave-out", default="", help="depression sources to leave out (comma-separated names)"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--from-json", type=Path, default=None, help="only print the tables of a saved run"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    seeds = list(range(args.seeds))
    if args.from_json is not None:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        print(markdown(saved.get("depression", {}), saved.get("stress", {}), args.part))
        return
    stress = stress_curve(seeds) if args.task in ("both", "stress") else {}
    partial = None if args.json is None else args.json.with_suffix(".depression.json")
    leave_out = [n for n in args.leave_out.split(",") if n]
    wants = args.task in ("both", "depression")
    dep = depression_curve(seeds, partial, args.part, leave_out) if wants else {}
    if args.json is not None:
        args.json.write_text(json.dumps({"depression": dep, "stress": stress}, indent=1))
    print(markdown(dep, stress, args.part))


if __name__ == "__main__":
    main()
