"""Calibrated text-emotion probabilities per register (issue 19, item 2; 2026-12-07).

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.emotion_calibration --part P

Parts (each cached in ~/.cache/hamdel/bench; nothing here writes docs/benchmarks.md):

* ``dev``: development only (slow: four English and fourteen Persian refits). The logits the
  temperature is fitted on (:mod:`hamdel.perception.text.train.emotion_calibration`), and the
  choice of the scaling: one temperature against per-class vector scaling (a scale and a bias
  per class, which can change the top emotion), each fitted with every register weighing the
  same and measured leave-one-register-out (fitted on the other registers, read on this one).
* ``heldout``: the held-out sets, scored once after the temperature was fixed: dair-ai test
  (tweets), GoEmotions test (Reddit comments, Ekman single-label, mapped), EmpatheticDialogues
  test (situation prompts, mapped), ArmanEmo's odd CRC half (Persian social texts), and the
  chat lists written blind (``chat_everyday_blind``, ``chat_emotion_blind_2``), per language
  with the language given (English lines to ``en.npz``, Persian lines, Finglish included, to
  ``xl.npz``) and, pooled, routed as the analyzer detects. "Before" is the same model's raw
  softmax; the top emotion is checked to be the same for every text.
* ``report``: prints the markdown tables (for docs/benchmarks.md and the model card).

ECE (top label, 10 bins): texts grouped by their highest probability into [0, 0.1), ...,
[0.9, 1.0]; ECE = sum over bins of (share of texts in the bin) x |accuracy in the bin - mean
highest probability in the bin|. Classwise ECE: the mean over the six classes of the binary
ECE of "is this class" against that class's probability (Kull et al. 2019).
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks._report import CACHE, load_part, save_part

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models" / "text_emotion"
CUTS = (0.5, 0.8)
"""The intensity cuts on the top emotion's probability (``companion.assessment.fuse``)."""

log = logging.getLogger("emotion_calibration")


def _rates(labels: np.ndarray, proba: np.ndarray, neutral: int) -> dict[str, Any]:
    from hamdel.core.metrics import average_precision
    from hamdel.perception.text.calibration import classwise_ece, top_label_ece

    top = proba.max(axis=1)
    present = [k for k in range(proba.shape[1]) if (labels == k).any()]
    return {
        "ece_floor": _ece_floor(top),
        "macro_pr_auc": round(
            float(np.mean([average_precision(labels == k, proba[:, k]) for k in present])), 4
        ),
        "ece": round(top_label_ece(labels, proba), 4),
        "classwise_ece": round(classwise_ece(labels, proba), 4),
        "mean_confidence": round(float(top.mean()), 4),
        "accuracy": round(float(np.mean(proba.argmax(axis=1) == labels)), 4),
        **{f"share_top>={c}": round(float(np.mean(top >= c)), 4) for c in CUTS},
        "mass_off_neutral": round(float(np.mean(1.0 - proba[:, neutral])), 4),
    }


def _ece_floor(confidence: np.ndarray, draws: int = 200) -> float:
    """The ECE a perfectly calibrated model would still show on this many texts: the mean ECE
    when each text is right with exactly its confidence (seeded draws). Small sets cannot show
    less, so an ECE near it is as good as the set can tell."""
    from hamdel.perception.text.calibration import expected_calibration_error

    rng = np.random.default_rng(0)
    eces = [
        expected_calibration_error(rng.random(confidence.size) < confidence, confidence)
        for _ in range(draws)
    ]
    return round(float(np.mean(eces)), 4)


def _before_after(model: Any, logits: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Raw softmax against the shipped calibration, for logits of ``model``."""
    before = model.with_calibration(None).proba_of(logits)
    after = model.proba_of(logits)
    if not (before.argmax(axis=1) == after.argmax(axis=1)).all():
        raise AssertionError("the calibration changed a top emotion")
    neutral = model.classes.index("neutral")
    return {
        "n": int(labels.size),
        "before": _rates(labels, before, neutral),
        "after": _rates(labels, after, neutral),
    }


# -- development: temperature against vector scaling ------------------------------------------
def _dev_sets(part: str) -> list[Any]:
    """The development logits of ``part`` (cached: the refits are slow)."""
    from hamdel.perception.text.linear import LinearTextModel
    from hamdel.perception.text.train import emotion_calibration as ec

    path = CACHE / f"emotion_calibration_dev_{part}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            return [ec.RegisterLogits(m["register"], m["source"], z[f"z{k}"], z[f"y{k}"])
                    for k, m in enumerate(meta)]  # fmt: skip
    model = LinearTextModel.load(MODELS / f"{part}.npz")
    sets = (ec.english_dev_logits if part == "en" else ec.persian_dev_logits)(model)
    CACHE.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {}
    for k, s in enumerate(sets):
        arrays[f"z{k}"], arrays[f"y{k}"] = s.logits, s.labels
    meta = [{"register": s.register, "source": s.source} for s in sets]
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)
    return sets


def fit_vector_scaling(
    logits: np.ndarray, labels: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(scale, bias)`` per class minimising the weighted NLL of ``softmax(scale * z + bias)``
    (Guo et al. 2017, "vector scaling"); a little L2 pull towards (1, 0)."""
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    from hamdel.perception.text.calibration import softmax

    n, k = logits.shape
    w = weights / weights.sum()
    onehot = np.eye(k)[labels]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = theta[:k], theta[k:]
        p = softmax(logits * a + b)
        nll = -float(np.sum(w * np.log(np.maximum(p[np.arange(n), labels], 1e-12))))
        g = (p - onehot) * w[:, None]
        reg = 1e-4 * (np.sum((a - 1) ** 2) + np.sum(b**2))
        grad = np.r_[(g * logits).sum(axis=0) + 2e-4 * (a - 1), g.sum(axis=0) + 2e-4 * b]
        return nll + reg, grad

    res = minimize(loss, np.r_[np.ones(k), np.zeros(k)], jac=True, method="L-BFGS-B")
    return res.x[:k], res.x[k:]


def _dev_part(part: str) -> dict[str, Any]:
    from hamdel.perception.text.calibration import (
        classwise_ece,
        fit_temperature,
        softmax,
        top_label_ece,
    )
    from hamdel.perception.text.train.emotion_calibration import register_weights

    sets = _dev_sets(part)
    registers = sorted({s.register for s in sets})
    rows: dict[str, Any] = {}
    for reg in [*registers, "all (in sample)"]:
        train = [s for s in sets if s.register != reg]
        test = [s for s in sets if s.register == reg] if reg in registers else sets
        train = train if reg in registers else sets
        z, y = np.vstack([s.logits for s in train]), np.concatenate([s.labels for s in train])
        w = register_weights(train)
        t = fit_temperature(z, y, w)
        a, b = fit_vector_scaling(z, y, w)
        zt, yt = np.vstack([s.logits for s in test]), np.concatenate([s.labels for s in test])
        probas = {"raw": softmax(zt), "temperature": softmax(zt / t),
                  "vector": softmax(zt * a + b)}  # fmt: skip
        rows[reg] = {
            "n": int(yt.size),
            "fitted_temperature": round(t, 4),
            "own_temperature": round(fit_temperature(zt, yt), 4),
            **{
                k: {
                    "ece": round(top_label_ece(yt, p), 4),
                    "classwise_ece": round(classwise_ece(yt, p), 4),
                    "accuracy": round(float(np.mean(p.argmax(axis=1) == yt)), 4),
                    "nll": round(float(-np.mean(np.log(p[np.arange(yt.size), yt]))), 4),
                }
                for k, p in probas.items()
            },
        }
        print(part, reg, json.dumps(rows[reg]), flush=True)
    return rows


def part_dev() -> None:
    save_part("emotion_calibration_dev", {p: _dev_part(p) for p in ("en", "xl")})


# -- held out ---------------------------------------------------------------------------------
Scored = tuple[Any, np.ndarray, np.ndarray]
"""``(model, logits, labels)`` of one held-out group."""


def _chat(name: str) -> dict[str, Scored]:
    """One blind chat list: per language with the language given, and as the analyzer routes
    it (detected language; lines with no letters are not scored)."""
    from benchmarks.text_bench import _chat_held_out

    from hamdel.perception.text.linear import LinearTextModel
    from hamdel.perception.text.train import emotion as recipe

    held = _chat_held_out(name)
    if held is None:
        return {}
    texts, labels, langs = held
    models = {p: LinearTextModel.load(MODELS / f"{p}.npz") for p in ("en", "xl")}
    detected = [recipe.emotion_route(t) if t else None for t in texts]
    rows_xl = [i for i, t in enumerate(texts) if t and (langs[i] == "fa" or detected[i] == "xl")]
    emb = np.zeros((len(texts), 384), dtype=np.float32)
    emb[rows_xl] = recipe.embed([texts[i] for i in rows_xl], f"emocal-{name}")

    def score(route: str, rows: list[int]) -> Scored:
        model = models[route]
        x = emb[rows] if model.uses_embeddings else None
        z = model.decision_function([texts[i] for i in rows], x)
        return model, z, np.array([model.classes.index(labels[i]) for i in rows])

    out: dict[str, Scored] = {}
    for lang, route in (("en", "en"), ("fa", "xl")):
        rows = [i for i, la in enumerate(langs) if la == lang and texts[i]]
        out[f"{name} ({lang}, language given)"] = score(route, rows)
    for route in ("en", "xl"):
        rows = [i for i, r in enumerate(detected) if r == route]
        out[f"{name} (detected -> {route}.npz)"] = score(route, rows)
    return out


def part_heldout() -> None:
    from hamdel.perception.text.linear import LinearTextModel
    from hamdel.perception.text.train import emotion as recipe

    en, xl = (LinearTextModel.load(MODELS / f"{p}.npz") for p in ("en", "xl"))
    out: dict[str, Any] = {"temperature": {}}
    for name, model in (("en", en), ("xl", xl)):
        cal = model.weights.calibration
        out["temperature"][name] = getattr(cal, "temperature", None)
    sets: dict[str, Any] = {}
    for name, (texts, labels, _) in recipe.english_sets(None, "test").items():
        y = np.array([en.classes.index(v) for v in labels])
        sets[f"{name} test"] = _before_after(en, en.decision_function(texts), y)
    texts, labels, _, emb = recipe.persian_emotion_data(None, embeddings=True, half=1)
    y = np.array([xl.classes.index(v) for v in labels])
    sets["armanemo odd half"] = _before_after(xl, xl.decision_function(texts, emb), y)
    chat: dict[str, Scored] = {}
    for name in recipe.HELD_OUT_LISTS:
        chat |= _chat(name)
    for lang in ("en", "fa"):  # both blind lists together, the language given
        parts = [v for k, v in chat.items() if f"({lang}, language given)" in k]
        if parts:
            z, y = np.vstack([v[1] for v in parts]), np.concatenate([v[2] for v in parts])
            chat[f"both blind chat lists ({lang}, language given)"] = (parts[0][0], z, y)
    sets |= {k: _before_after(*v) for k, v in chat.items()}
    out["sets"] = sets
    for k, v in sets.items():
        print(k, json.dumps(v), flush=True)
    save_part("emotion_calibration_heldout", out)


# -- report -----------------------------------------------------------------------------------
HELD_ROWS = (
    ("tweets", "en", "dair_ai test", "dair-ai test"),
    ("Reddit comments", "en", "goemotions_ekman test", "GoEmotions test (Ekman, mapped)"),
    ("situation prompts", "en", "empathetic_dialogues test", "EmpatheticDialogues test (mapped)"),
    ("chat", "en", "chat_everyday_blind (en, language given)", "chat_everyday_blind (en)"),
    ("chat", "en", "chat_emotion_blind_2 (en, language given)", "chat_emotion_blind_2 (en)"),
    ("chat", "en", "both blind chat lists (en, language given)", "both blind chat lists (en)"),
    ("Persian social texts", "fa", "armanemo odd half", "ArmanEmo odd CRC half (5 emotions)"),
    ("chat", "fa", "chat_everyday_blind (fa, language given)", "chat_everyday_blind (fa)"),
    ("chat", "fa", "chat_emotion_blind_2 (fa, language given)", "chat_emotion_blind_2 (fa)"),
    ("chat", "fa", "both blind chat lists (fa, language given)", "both blind chat lists (fa)"),
)


def _f(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def heldout_table(held: dict[str, Any]) -> list[str]:
    t = held["temperature"]
    lines = [
        f"Held out, scored once after the temperature was fixed (`en.npz` T = {_f(t['en'])}, "
        f"`xl.npz` T = {_f(t['xl'])}); before = the same model's raw softmax. Top emotion "
        "unchanged on every text (accuracy and macro-F1 identical; per-class rankings, hence "
        "PR-AUC, can move slightly). ECE floor: the ECE a perfectly calibrated model would "
        "still show on that many texts (sampling noise). Chat lines: the language given "
        "(Persian lines, Finglish included, read by `xl.npz`).",
        "",
        "| register | language | held-out set | n | accuracy | ECE before | ECE after | "
        "ECE floor after | classwise ECE before | classwise ECE after | "
        "mean confidence before / after | macro PR-AUC before / after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for register, lang, key, label in HELD_ROWS:
        r = held["sets"].get(key)
        if r is None:
            continue
        b, a = r["before"], r["after"]
        lines.append(
            f"| {register} | {lang} | {label} | {r['n']} | {_f(a['accuracy'])} | {_f(b['ece'])} | "
            f"**{_f(a['ece'])}** | {_f(a['ece_floor'])} | {_f(b['classwise_ece'])} | "
            f"{_f(a['classwise_ece'])} | {_f(b['mean_confidence'])} / "
            f"{_f(a['mean_confidence'])} | {_f(b['macro_pr_auc'])} / {_f(a['macro_pr_auc'])} |"
        )
    det = [k for k in held["sets"] if "detected" in k]
    if det:
        lines += ["", "Chat lists routed as the analyzer detects (Finglish to `en.npz`; lines "
                  "with no letters not scored):", "",
                  "| list, route | n | accuracy | ECE before | ECE after | classwise before | "
                  "classwise after |", "|---|---|---|---|---|---|---|"]  # fmt: skip
        for k in det:
            r = held["sets"][k]
            b, a = r["before"], r["after"]
            lines.append(f"| {k} | {r['n']} | {_f(a['accuracy'])} | {_f(b['ece'])} | "
                         f"{_f(a['ece'])} | {_f(b['classwise_ece'])} | "
                         f"{_f(a['classwise_ece'])} |")  # fmt: skip
    lines += ["", "Share of texts whose top emotion reaches the intensity cuts of "
              "`companion.assessment` (0.5, 0.8), and mean mass off neutral (the fusion "
              "weight), before / after:", "",
              "| held-out set | top >= 0.5 | top >= 0.8 | mass off neutral |",
              "|---|---|---|---|"]  # fmt: skip
    for _, _, key, label in HELD_ROWS:
        r = held["sets"].get(key)
        if r is None:
            continue
        b, a = r["before"], r["after"]
        cells = [f"{_f(b[k])} / {_f(a[k])}" for k in ("share_top>=0.5", "share_top>=0.8",
                                                        "mass_off_neutral")]  # fmt: skip
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def dev_table(dev: dict[str, Any]) -> list[str]:
    lines = [
        "Development (the fit's data; leave-one-register-out: fitted on the other registers, "
        "read on this one; `all`: in sample). ECE top label / classwise; accuracy changes only "
        "under vector scaling:",
        "",
        "| model | register | n | own T | T (others) | ECE raw | ECE temperature | "
        "ECE vector scaling | classwise raw / T / vector | accuracy raw / vector |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for part, rows in dev.items():
        for reg, r in rows.items():
            raw, tmp, vec = r["raw"], r["temperature"], r["vector"]
            lines.append(
                f"| {part} | {reg} | {r['n']} | {_f(r['own_temperature'])} | "
                f"{_f(r['fitted_temperature'])} | {_f(raw['ece'])} | {_f(tmp['ece'])} | "
                f"{_f(vec['ece'])} | {_f(raw['classwise_ece'])} / {_f(tmp['classwise_ece'])} / "
                f"{_f(vec['classwise_ece'])} | {_f(raw['accuracy'])} / {_f(vec['accuracy'])} |"
            )
    return lines


def part_report() -> None:
    held, dev = load_part("emotion_calibration_heldout"), load_part("emotion_calibration_dev")
    lines = ["### Text emotion: calibration (ECE per register)", ""]
    if held:
        lines += [*heldout_table(held), ""]
    if dev:
        lines += [*dev_table(dev), ""]
    print("\n".join(lines))


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.INFO)
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=["dev", "heldout", "report"], default="report")
    args = ap.parse_args()
    {"dev": part_dev, "heldout": part_heldout, "report": part_report}[args.part]()


if __name__ == "__main__":
    main()
