"""Depression in the chat register and calibrated probabilities per register (issue 19, 2026-12-07).

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.text_calibration --before DIR [--part P]

``DIR``: a models folder holding the models of before (``text_depression``, ``text_stress``,
uncalibrated); the shipped ones are ``models/``. Parts (each cached, ``report`` writes
docs/benchmarks.md, section ``text``, subsections "Depression in the chat register (held out)"
and "Calibration (ECE per register)"; ``all`` runs every part):

* ``depression``: the held-out sets, scored once the choices were fixed (nothing here chose
  anything): ``en_depression_blind``, ``fa_depression_blind`` (200 each, 100 depressed),
  ``depression_chat_blind`` (100 depressed chat messages and 150 ordinary or hard ones per
  language), ``chat_everyday_blind`` (200 lines per language), dair-ai test (2,000 tweets),
  1,000 GoEmotions test comments (seeded), the ArmanEmo held-out CRC half (SAD left out).
  Depression is scored as served: English by ``xl`` (TF-IDF + e5) when the embedder is there
  (the "before" models: English by ``en``, as served then), other languages by ``xl``.
* ``reddit``: Reddit posts have no held-out split here (the withheld 20 % is not in the
  bundle): 5-fold out-of-fold ECE of the old English configuration (Reddit only) for
  "before"; "after" comes from the training CV in ``models/text_depression/metrics.json``.
* ``stress``: Dreaddit test (English posts) and ``fa_stress_blind`` (Persian posts, held out).
  Tweets and chat lines have no stress labels: not measured.

ECE (10 bins): texts grouped by predicted probability of the positive class into [0, 0.1), ...,
[0.9, 1.0]; ECE = sum over bins of (texts in bin / all texts) x |share positive in bin - mean
predicted probability in bin|. Everyday texts without depression labels (dair-ai, GoEmotions,
ArmanEmo, everyday chat) count as not depressed: the same assumption that made them negatives
in training; dair-ai is also given without its sadness tweets, some of which may be depressive.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks._report import load_part, merge_subsections, read_section, save_part, write_section

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "data" / "text"
SHIPPED = ROOT / "models"
THRESHOLDS_BEFORE = (0.5, 0.8)


def _alert() -> float:
    from hamdel.safety.alerts import AlertPolicy

    return AlertPolicy().threshold


def _list(name: str) -> tuple[list[str], np.ndarray, list[str]]:
    with (LISTS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = np.array([int(r["label"]) if r.get("label") not in (None, "") else 0 for r in rows])
    return [r["text"] for r in rows], labels, [r.get("language") or "" for r in rows]


def held_out_sets(root: Path | None = None) -> dict[str, tuple[str, str, list[str], np.ndarray]]:
    """name -> (language, register, texts, labels)."""
    from hamdel.perception.text import corpora
    from hamdel.perception.text.train.tasks import everyday_persian

    out: dict[str, tuple[str, str, list[str], np.ndarray]] = {}
    for lang in ("en", "fa"):
        t, y, _ = _list(f"{lang}_depression_blind")
        out[f"{lang}_depression_blind"] = (lang, "authored", t, y)
    for name, register in (("depression_chat_blind", "chat"), ("chat_everyday_blind", "chat")):
        t, y, langs = _list(name)
        for lang in ("en", "fa"):
            keep = [i for i, la in enumerate(langs) if la == lang]
            out[f"{name}_{lang}"] = (lang, register, [t[i] for i in keep], y[keep])
    dair = corpora.read_dair_ai(root, "test")
    out["dair_ai_test"] = ("en", "tweets", list(dair.texts), np.zeros(len(dair), dtype=int))
    calm = [t for t, lab in zip(dair.texts, dair.labels, strict=True) if lab != "sadness"]
    out["dair_ai_test_no_sadness"] = ("en", "tweets", calm, np.zeros(len(calm), dtype=int))
    goemo = random.Random(0).sample(list(corpora.read_goemotions_ekman(root, "test").texts), 1000)
    out["goemotions_test_1000"] = ("en", "comments", goemo, np.zeros(1000, dtype=int))
    arman = everyday_persian(root, half=1)
    out["armanemo_held_half"] = ("fa", "social", arman, np.zeros(len(arman), dtype=int))
    return out


class Served:
    """Depression as the analyzer serves it (see ``TextAnalyzer._model_for``)."""

    def __init__(self, models: Path, english_xl: bool) -> None:
        from hamdel.perception.text.embed import E5Embedder
        from hamdel.perception.text.linear import LinearTextModel

        folder = models / "text_depression"
        self.en = LinearTextModel.load(folder / "en.npz")
        self.xl = LinearTextModel.load(folder / "xl.npz")
        self.english_xl = english_xl
        self.embedder = E5Embedder.load()  # the analyzer's (first 1,000 characters)

    def scores(self, texts: Sequence[str], cache: str) -> tuple[np.ndarray, list[str]]:
        """Depression probability and the served language of each text."""
        from hamdel.perception.text.embed import cached_embed
        from hamdel.perception.text.normalize import clean_input, detect_language, normalize

        normed = [normalize(clean_input(t)) for t in texts]
        langs = [detect_language(t) for t in normed]
        p = np.zeros(len(texts))
        xl_rows = [i for i, la in enumerate(langs) if la != "en" or self.english_xl]
        en_rows = [i for i in range(len(texts)) if i not in set(xl_rows)]
        if en_rows:
            p[en_rows] = self.en.predict_proba([normed[i] for i in en_rows])[:, 1]
        if xl_rows:
            sub = [normed[i] for i in xl_rows]
            emb = cached_embed(sub, f"bench-{cache}", self.embedder)
            p[xl_rows] = self.xl.predict_proba(sub, emb)[:, 1]
        return p, langs


def _ece(y: np.ndarray, p: np.ndarray) -> float:
    from hamdel.perception.text.calibration import expected_calibration_error

    return round(expected_calibration_error(y, p), 4)


def _rates(y: np.ndarray, p: np.ndarray, thresholds: Sequence[float]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": int(y.size), "positives": int(y.sum()), "ece": _ece(y, p)}
    for t in thresholds:
        if y.any():
            out[f"recall@{t}"] = round(float(np.mean(p[y == 1] >= t)), 4)
            flagged = p >= t
            out[f"precision@{t}"] = round(float(np.mean(y[flagged])), 4) if flagged.any() else None
            if (y == 0).any():
                out[f"negatives@{t}"] = round(float(np.mean(p[y == 0] >= t)), 4)
        else:
            out[f"share@{t}"] = round(float(np.mean(p >= t)), 4)
    return out


def part_depression(before: Path) -> None:
    sets = held_out_sets()
    thresholds = sorted({*THRESHOLDS_BEFORE, _alert(), 0.9})
    result: dict[str, Any] = {"thresholds": thresholds}
    for setup, models, english_xl in (("before", before, False), ("after", SHIPPED, True)):
        served = Served(models, english_xl)
        rows: dict[str, Any] = {}
        pooled: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        for name, (lang, register, texts, y) in sets.items():
            p, _ = served.scores(texts, name)
            rows[name] = {"language": lang, "register": register, **_rates(y, p, thresholds)}
            if name != "dair_ai_test_no_sadness":
                pooled.setdefault(f"{register}_{lang}", []).append((y, p))
            print(setup, name, json.dumps(rows[name]), flush=True)
        rows["registers"] = {
            reg: _rates(np.concatenate([a for a, _ in v]), np.concatenate([b for _, b in v]), [])
            for reg, v in pooled.items()
        }
        result[setup] = rows
    save_part("calibration_depression", result)


def part_reddit() -> None:
    """Out-of-fold ECE on depression Reddit of the old English configuration (Reddit only)."""
    from sklearn.model_selection import StratifiedKFold

    from hamdel.perception.text import corpora
    from hamdel.perception.text.train.linear_fit import LinearConfig, fit_linear
    from hamdel.perception.text.train.tasks import DEPRESSION_FEATURES, SEED

    dep = corpora.read_depression_reddit()
    texts, y = list(dep.texts), np.array([int(v) for v in dep.labels])
    p = np.zeros(y.size)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y):
        model = fit_linear([texts[i] for i in tr], [str(y[i]) for i in tr],
                           LinearConfig(DEPRESSION_FEATURES, C=8.0))  # fmt: skip
        p[te] = model.predict_proba([texts[i] for i in te])[:, 1]
    save_part("calibration_reddit", {"before_oof_ece": _ece(y, p), "n": int(y.size)})


def part_stress(before: Path) -> None:
    from hamdel.perception.text import corpora
    from hamdel.perception.text.embed import E5Embedder, cached_embed
    from hamdel.perception.text.linear import LinearTextModel
    from hamdel.perception.text.normalize import clean_input, normalize

    te = corpora.read_dreaddit(None, "test")
    fa_t, fa_y, _ = _list("fa_stress_blind")
    embedder = E5Embedder.load()
    sets = {
        "dreaddit_test (en posts, en.npz)": ("en", list(te.texts), np.array(te.labels, int)),
        "fa_stress_blind (fa posts, xl.npz)": ("xl", fa_t, fa_y),
    }
    out: dict[str, Any] = {}
    for setup, models in (("before", before), ("after", SHIPPED)):
        for name, (which, texts, y) in sets.items():
            model = LinearTextModel.load(models / "text_stress" / f"{which}.npz")
            normed = [normalize(clean_input(t)) for t in texts]
            emb = cached_embed(normed, "bench-stress", embedder) if which == "xl" else None
            p = model.predict_proba(normed, emb)[:, 1]
            out.setdefault(name, {})[setup] = _rates(y, p, (0.4, 0.5, 0.7))
            print(setup, name, json.dumps(out[name][setup]), flush=True)
    save_part("calibration_stress", out)


def _f(v: Any) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _dev_rows(metrics: dict[str, Any]) -> list[str]:
    """One row per model, scheme and register, at the threshold that model's CV chose (the
    alert threshold for ``xl``, the one served)."""
    lines = []
    for part in ("xl", "en"):
        cv = metrics.get(f"{part}_cv")
        if not cv:
            continue
        t = cv["alert_threshold"]
        for scheme in ("writer", "random"):
            for reg, row in cv[scheme]["calibrated"].items():
                raw = cv[scheme]["raw"][reg]["ece"]
                hit = row.get(f"recall@{t}", row.get(f"share@{t}"))
                kind = "recall" if f"recall@{t}" in row else "share flagged"
                lines.append(f"| {part} | {scheme} | {reg} | {row['n']} | {_f(raw)} | "
                             f"{_f(row['ece'])} | {t} | {kind} {_f(hit)} |")  # fmt: skip
    return lines


def part_report() -> None:
    dep = load_part("calibration_depression")
    reddit = load_part("calibration_reddit") or {}
    stress = load_part("calibration_stress") or {}
    metrics = json.loads((SHIPPED / "text_depression" / "metrics.json").read_text())
    alert = _alert()
    lines = ["### Depression in the chat register (held out)", ""]
    if dep:
        lines += [
            f"Shipped 2026-12-07: depression served by `xl.npz` (TF-IDF + e5) in both languages, "
            f"calibrated; alert threshold {alert} (calibrated; chosen by cross-writer CV on "
            "training lists: the lowest at which at most 1 % of each everyday source reaches it). "
            "Before: English `en.npz` (Reddit only), Persian `xl.npz` of 2026-12-03, raw "
            "probabilities, alert threshold 0.8. Every set below is held out, scored once. "
            '`python -m benchmarks.text_calibration`. (The subsection "Persian depression '
            'and stress (lists written blind)" above predates this change.)',
            "",
            "| set | n (depressed) | before: recall / share at 0.8 | before: at 0.5 | "
            f"after: recall / share at {alert} | after: at 0.5 | after: at 0.9 |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, row in dep["after"].items():
            if name == "registers":
                continue
            b = dep["before"][name]

            def cell(r: dict[str, Any], t: float) -> str:
                if f"recall@{t}" in r:
                    neg = r.get(f"negatives@{t}")
                    return f"{_f(r[f'recall@{t}'])} (others {_f(neg)})"
                return _f(r[f"share@{t}"])

            lines.append(f"| {name} | {row['n']} ({row['positives']}) | {cell(b, 0.8)} | "
                         f"{cell(b, 0.5)} | {cell(row, alert)} | {cell(row, 0.5)} | "
                         f"{cell(row, 0.9)} |")  # fmt: skip
        lines += [
            "",
            'Recall: share of the depressed texts at or above the threshold; "others": share '
            "of the list's other texts (ordinary and hard negatives) there; a number alone: "
            "share of everyday texts there.",
            "",
        ]
    lines += ["### Calibration (ECE per register)", ""]
    lines += [
        "ECE, 10 bins: texts grouped by predicted probability of the positive class into "
        "[0, 0.1), ..., [0.9, 1.0]; ECE = sum over bins of (share of texts in the bin) x "
        "|share positive in the bin - mean predicted probability in the bin|. Everyday texts "
        "with no depression label (tweets, comments, ArmanEmo, everyday chat) count as not "
        "depressed. Target <= 0.05 per register.",
        "",
    ]
    if dep:
        lines += ["Depression, held out, as served (before: raw probabilities):", "",
                  "| register | language | sets | n (positive) | ECE before | ECE after |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        sets_of: dict[str, list[str]] = {}
        for name, row in dep["after"].items():
            if name not in ("registers", "dair_ai_test_no_sadness"):
                sets_of.setdefault(f"{row['register']}_{row['language']}", []).append(name)
        for reg, row in dep["after"]["registers"].items():
            b = dep["before"]["registers"][reg]
            register, lang = reg.rsplit("_", 1)
            lines.append(f"| {register} | {lang} | {', '.join(sets_of.get(reg, []))} | "
                         f"{row['n']} ({row['positives']}) | {_f(b['ece'])} | "
                         f"{_f(row['ece'])} |")  # fmt: skip
        lines.append(
            f"| Reddit posts (no held-out split; out of fold) | en | depression_reddit train |"
            f" {reddit.get('n', '-')} (xl: 3,000) | {_f(reddit.get('before_oof_ece'))}"
            " (5-fold, old en) | "
            + " / ".join(
                f"{k}: {_f(metrics[f'{k}_cv'][s]['calibrated']['posts_en']['ece'])} ({s})"
                for k in ("xl", "en") if f"{k}_cv" in metrics for s in ("writer", "random")
            ) + " |"
        )  # fmt: skip
        no_sad = dep["after"].get("dair_ai_test_no_sadness")
        if no_sad:
            b = dep["before"]["dair_ai_test_no_sadness"]
            lines.append(f"| tweets without sadness | en | dair_ai_test_no_sadness | "
                         f"{no_sad['n']} (0) | {_f(b['ece'])} | {_f(no_sad['ece'])} |")  # fmt: skip
        lines.append("")
    if stress:
        lines += ["Stress (models not retrained; calibration only, fitted on Dreaddit train "
                  "out-of-fold scores):", "",
                  "| set | n | ECE before | ECE after | recall / precision at 0.5, after "
                  "| at 0.7 (\"high\") after |", "|---|---|---|---|---|---|"]  # fmt: skip
        for name, row in stress.items():
            a, b = row["after"], row["before"]
            lines.append(f"| {name} | {a['n']} | {_f(b['ece'])} | {_f(a['ece'])} | "
                         f"{_f(a['recall@0.5'])} / {_f(a['precision@0.5'])} | "
                         f"{_f(a['recall@0.7'])} / {_f(a['precision@0.7'])} |")  # fmt: skip
        lines += ["", "Tweets and chat lines: no stress labels exist here for either language, "
                  "so stress calibration is neither measured nor fitted there.", ""]  # fmt: skip
    dev = _dev_rows(metrics)
    if dev:
        lines += ["Development (training sources, out of fold, calibration cross-fitted; "
                  "`writer`: leave one authored list out, `random`: 5-fold within sources):", "",
                  "| model | scheme | register | n | ECE raw | ECE calibrated | threshold | "
                  "at the threshold |", "|---|---|---|---|---|---|---|---|", *dev, "",
                  "The threshold column is each model's own choice by the rule above; `xl` "
                  "(served) gives the alert threshold, `en` (fallback without the embedder) "
                  "would have chosen its own and is served with the alert threshold.",
                  ""]  # fmt: skip
    old = read_section("text")
    head = re.split(r"(?m)^(?=### )", old)[0]  # the section's own title stays
    write_section("text", merge_subsections(old, head + "\n".join(lines)))


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, default=None)
    ap.add_argument("--part", default="all")
    args = ap.parse_args()
    parts = ("depression", "reddit", "stress", "report") if args.part == "all" else (args.part,)
    for part in parts:
        if part in ("depression", "stress") and args.before is None:
            raise SystemExit("--before DIR (the models of before) is needed for " + part)
        if part == "depression":
            part_depression(args.before)
        elif part == "reddit":
            part_reddit()
        elif part == "stress":
            part_stress(args.before)
        elif part == "report":
            part_report()


if __name__ == "__main__":
    main()
