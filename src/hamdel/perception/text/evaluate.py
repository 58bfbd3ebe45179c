"""Evaluate a shipped text model on a CSV manifest (``text,label[,language]``).

Labels: ``0``/``1`` (also ``no``/``yes``, ``false``/``true``) for depression, stress and crisis;
for emotion one of the six classes or any corpus label the text label maps know (``joy``,
``ANGRY`` ...). Rows whose label does not map, or whose text is empty or unreadable, are
skipped and counted. Crisis: label 1 means crisis language; the report counts a ``crisis`` or
``check_in`` outcome as a positive and lists the share of each outcome per true class (or per
``expected`` outcome, a column crisis lists may give instead of ``label``).
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError, TextError
from hamdel.core.labels.text import TEXT_LABEL_MAPS
from hamdel.core.metrics import Report, classification_report
from hamdel.perception.text.analyzer import TextAnalyzer
from hamdel.perception.text.crisis import NONE, OUTCOMES
from hamdel.perception.text.normalize import clean_input, detect_language, normalize

_BINARY = {"0": "0", "1": "1", "no": "0", "yes": "1", "false": "0", "true": "1"}
_SIX = {e.value for e in EMOTIONS}


def _label(task: str, raw: str) -> str | None:
    raw = raw.strip()
    if task != "emotion":
        return _BINARY.get(raw.lower())
    if raw.lower() in _SIX:
        return raw.lower()
    for table in TEXT_LABEL_MAPS.values():
        if raw in table:
            return table[raw].value
    return None


def read_manifest(
    task: str, path: str | Path, *, groups: list[str] | None = None
) -> tuple[list[str], list[str], list[str], int]:
    """``(texts, labels, languages, skipped)``; raises :class:`InputError` for a bad file.

    Crisis manifests may give ``expected`` (``crisis``, ``check_in``, ``none``) instead of
    ``label``: the first two read as 1. ``groups``, when given, receives each kept row's
    ``expected`` value (or its label)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"manifest not found: {path}")
    texts, labels, langs, skipped = [], [], [], 0
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = set(reader.fieldnames or ())
        by_outcome = task == "crisis" and "label" not in columns and "expected" in columns
        if "text" not in columns or not ("label" in columns or by_outcome):
            raise InputError(f"{path}: needs a header with columns text,label[,language]")
        for row in reader:
            raw = row.get("label") or ""
            if by_outcome:
                raw = {"crisis": "1", "check_in": "1", "none": "0"}.get(
                    row.get("expected") or "", ""
                )
            label = _label(task, raw)
            try:
                text = normalize(clean_input(row.get("text") or ""))
            except TextError:
                label = None
            if label is None:
                skipped += 1
                continue
            lang = (row.get("language") or "").strip() or detect_language(text)
            texts.append(text)
            labels.append(label)
            langs.append(lang)
            if groups is not None:
                groups.append((row.get("expected") or "").strip() or label)
    return texts, labels, langs, skipped


def outcome_rates(groups: Sequence[str], outcomes: Sequence[str]) -> dict[str, dict[str, float]]:
    """For each group (true class or expected outcome): n and the share of each outcome."""
    out: dict[str, dict[str, float]] = {}
    for g in sorted(set(groups)):
        got = [o for gg, o in zip(groups, outcomes, strict=True) if gg == g]
        out[g] = {"n": len(got), **{o: got.count(o) / len(got) for o in OUTCOMES}}
    return out


def evaluate_manifest(task: str, path: str | Path, models_dir: str | Path) -> Report:
    """Score one task's shipped model(s) on the manifest (English rows: ``en``; others: ``xl``)."""
    groups: list[str] = []
    texts, labels, langs, skipped = read_manifest(task, path, groups=groups)
    analyzer = TextAnalyzer.load(models_dir)
    if task == "crisis":
        # "1" = crisis or check-in (recall); the outcome shares say which
        results = analyzer.crisis.predict_many(texts)
        pred = ["0" if r.outcome == NONE else "1" for r in results]
        score = np.array([r.score for r in results], dtype=np.float32)
        proba = np.stack([1 - score, score], axis=1)
        report = classification_report(labels, pred, ("0", "1"), proba, "1", skipped)
        rates = outcome_rates(groups, [r.outcome for r in results])
        return dataclasses.replace(report, outcomes=rates)
    classes = tuple(e.value for e in EMOTIONS) if task == "emotion" else ("0", "1")
    proba = np.zeros((len(texts), len(classes)), dtype=np.float32)
    heads = analyzer.heads[task]
    for use_en in (True, False):
        rows = [i for i, lang in enumerate(langs) if (lang == "en") == use_en]
        model = heads.en if use_en else heads.xl
        if not rows:
            continue
        if model is None:
            raise InputError(f"no {'English' if use_en else 'multilingual'} {task} model")
        sub = [texts[i] for i in rows]
        emb = analyzer._embed(sub) if model.uses_embeddings else None
        p = model.predict_proba(sub, emb)
        for k, cls in enumerate(model.classes):
            proba[rows, classes.index(cls)] = p[:, k]
    pred = [classes[i] for i in proba.argmax(axis=1)]
    positive = None if task == "emotion" else "1"
    return classification_report(labels, pred, classes, proba, positive, skipped)


__all__ = ["evaluate_manifest", "outcome_rates", "read_manifest"]
