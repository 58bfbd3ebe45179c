"""Voice and words fused into one emotion: the informativeness weighting of
``hamdel.companion.assessment.fuse`` (each signal weighted by its probability mass off
``neutral``, floored at 0.1; commit "voice and words") against the plain equal-weight average of
the two score dicts that it replaced.

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.fusion_bench [--part P] [--renditions 5]

``--part`` is ravdess, synthetic, report or all (default); ``--no-oof`` skips the out-of-fold
check below; ``--data DIR`` is the shared data folder (default ../shared/data or
``HAMDEL_DATA_DIR``).

Two test sets, each scored with the shipped models exactly as the companion calls them
(``load_voice(models)`` on the audio bytes, ``load_text(models)`` on the words):

* **RAVDESS** (../shared/data or ``--data``): every clip whose label maps onto the six classes
  (calm and disgust skipped: 1,056 clips, of which the voice reader refuses one for too little
  speech, as the companion would). Its two sentences are emotionally neutral, so the
  voice carries the emotion. The shipped voice head was fitted on all of these clips, so the
  voice scores are in-sample; ``--part ravdess`` also refits the head out of fold (5 speaker
  folds, the head's own fitting recipe, trained on the other RAVDESS actors + EMOVO + TurEV-DB)
  to check that the comparison holds with honest voice scores (``--no-oof`` skips that).
* **Synthetic voice notes**: 72 first-person sentences per language (12 per class), written for
  this benchmark (below; never used in training), spoken by the project's speaker
  (``Speaker.load().speak(text, lang, format="wav")``: a flat synthetic voice), so the words
  carry the emotion. The Piper English voice varies from one rendition to the next, so each
  sentence is spoken ``--renditions`` times (default 5; identical renditions count once).

Voice scores and embeddings are cached in ``~/.cache/hamdel/bench/`` (keyed by the voice model's
files). JSON to stdout; writes section ``fusion`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from benchmarks._report import (
    CACHE,
    cpu_name,
    load_part,
    merge_subsections,
    read_section,
    save_part,
    write_section,
)

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
CLASSES = ("anger", "fear", "happiness", "neutral", "sadness", "surprise")
SETUPS = (
    "voice alone",
    "words alone",
    "old fusion (equal weights)",
    "new fusion (informativeness)",
)
OOF_FOLDS = 5

# Written for this benchmark (not taken from any corpus, not used in training): short
# first-person voice-note sentences whose words carry the emotion; 12 per class and language.
SENTENCES: dict[str, dict[str, list[str]]] = {
    "en": {
        "anger": [
            "I am furious that they cancelled my appointment again.",
            "I'm so angry at my brother for lying to me.",
            "It makes me mad that nobody listens to me at work.",
            "I can't stand how rude my neighbour was this morning.",
            "I'm fed up with being ignored by my manager.",
            "I was livid when the landlord kept my deposit.",
            "I'm really annoyed that the bus never came.",
            "I hate it when people push in front of me in the queue.",
            "I shouted at the phone because the company hung up on me again.",
            "I am sick of cleaning up after everyone else.",
            "It infuriates me that they blamed me for their mistake.",
            "I'm angry that my friend broke her promise.",
        ],
        "fear": [
            "I'm scared to walk home alone at night.",
            "I am terrified of the test results coming tomorrow.",
            "I'm afraid I might lose my job next month.",
            "My heart is pounding and I'm frightened something bad will happen.",
            "I'm worried sick about my mother's surgery.",
            "I panic every time I have to speak in public.",
            "I'm nervous that the pain in my chest will come back.",
            "I heard a noise downstairs and I'm too scared to move.",
            "I am anxious about flying next week.",
            "I'm afraid of what the doctor will tell me.",
            "I keep dreading the phone call from the hospital.",
            "I'm frightened of driving in this storm.",
        ],
        "happiness": [
            "I'm so happy, I got the job!",
            "I had a wonderful day at the beach with my kids.",
            "I feel great after my morning run.",
            "I'm delighted that my sister is coming to visit.",
            "I just passed my driving test and I'm thrilled.",
            "I love how sunny and warm it is today.",
            "I'm really pleased with my exam grade.",
            "We celebrated my birthday and I had so much fun.",
            "I feel joyful and grateful for my friends.",
            "I'm excited about our holiday next week.",
            "My daughter took her first steps today and I'm overjoyed.",
            "I laughed all evening with my old friends.",
        ],
        "sadness": [
            "I feel so lonely since my friend moved away.",
            "I'm heartbroken that my dog died yesterday.",
            "I miss my grandmother every single day.",
            "I cried all night after we broke up.",
            "I feel empty and sad this morning.",
            "I've been feeling down and tearful all week.",
            "I'm sad that I wasn't invited to the party.",
            "I failed the exam and I feel miserable.",
            "I'm grieving for my father.",
            "It hurts that my family never calls me.",
            "I feel so disappointed in myself today.",
            "I'm unhappy and tired of feeling this way.",
        ],
        "surprise": [
            "I can't believe it, they threw me a surprise party!",
            "Wow, I didn't expect to see my old teacher at the station.",
            "I was shocked to get a letter from my cousin after ten years.",
            "I'm amazed that the package arrived a week early.",
            "I had no idea my brother could sing like that!",
            "I was astonished when my boss gave me a day off.",
            "Oh my goodness, I just won the raffle!",
            "I'm stunned, the old house has been completely rebuilt.",
            "I never expected the exam to be so easy.",
            "It suddenly snowed in the middle of May, I couldn't believe my eyes.",
            "I was startled when the door suddenly opened.",
            "I'm surprised that she remembered my name.",
        ],
        "neutral": [
            "I went to the supermarket and bought some bread.",
            "I have a meeting at three o'clock tomorrow.",
            "I took the bus to work this morning.",
            "I need to call the bank about my account.",
            "I'm cooking rice and vegetables for dinner.",
            "I read the newspaper after lunch.",
            "I will send you the documents this evening.",
            "I parked the car in front of the library.",
            "I'm going to wash the dishes and then watch the news.",
            "I usually wake up at seven.",
            "I moved the chairs into the other room.",
            "I have to renew my passport next month.",
        ],
    },
    "fa": {
        "anger": [
            "خیلی عصبانی‌ام که دوباره وقت دکترم را کنسل کردند.",
            "از دست برادرم خیلی عصبانی‌ام چون به من دروغ گفت.",
            "اعصابم خرد است که هیچ‌کس سر کار به حرفم گوش نمی‌دهد.",
            "از بی‌ادبی همسایه‌مان امروز صبح واقعاً کفری شدم.",
            "دیگر از اینکه مدیرم نادیده‌ام می‌گیرد به ستوه آمده‌ام.",
            "وقتی صاحب‌خانه ودیعه‌ام را پس نداد از عصبانیت داشتم منفجر می‌شدم.",
            "خیلی کلافه‌ام که اتوبوس اصلاً نیامد.",
            "متنفرم از اینکه کسی توی صف جلوی من بپرد.",
            "سر تلفن داد زدم چون شرکت باز هم تلفن را قطع کرد.",
            "کفرم درآمده از بس که کارهای بقیه را من انجام می‌دهم.",
            "عصبانی‌ام که اشتباه خودشان را گردن من انداختند.",
            "از دست دوستم عصبانی‌ام چون زیر قولش زد.",
        ],
        "fear": [
            "می‌ترسم شب تنها به خانه برگردم.",
            "از جواب آزمایشی که فردا می‌آید وحشت دارم.",
            "می‌ترسم ماه بعد کارم را از دست بدهم.",
            "قلبم تند می‌زند و می‌ترسم اتفاق بدی بیفتد.",
            "برای عمل جراحی مادرم خیلی نگران و ترسیده‌ام.",
            "هر بار که باید جلوی جمع حرف بزنم وحشت می‌کنم.",
            "نگرانم که درد قفسه‌ی سینه‌ام برگردد.",
            "صدایی از طبقه‌ی پایین شنیدم و از ترس نمی‌توانم تکان بخورم.",
            "از پرواز هفته‌ی بعد دلهره دارم.",
            "می‌ترسم دکتر خبر بدی به من بدهد.",
            "از تلفن بیمارستان واهمه دارم.",
            "از رانندگی توی این طوفان می‌ترسم.",
        ],
        "happiness": [
            "خیلی خوشحالم، کار را گرفتم!",
            "امروز با بچه‌ها کنار دریا روز فوق‌العاده‌ای داشتم.",
            "بعد از دویدن صبحگاهی حالم عالی است.",
            "خیلی خوشحالم که خواهرم به دیدنم می‌آید.",
            "امتحان رانندگی‌ام را قبول شدم و از خوشحالی در پوست خودم نمی‌گنجم.",
            "عاشق این هوای آفتابی و گرم امروزم.",
            "از نمره‌ی امتحانم خیلی راضی و خوشحالم.",
            "تولدم را جشن گرفتیم و خیلی خوش گذشت.",
            "از داشتن دوستانم احساس شادی و قدردانی می‌کنم.",
            "برای سفر هفته‌ی بعدمان خیلی ذوق دارم.",
            "دخترم امروز اولین قدم‌هایش را برداشت و من غرق شادی‌ام.",
            "تمام شب با دوستان قدیمی‌ام خندیدم.",
        ],
        "sadness": [
            "از وقتی دوستم رفته خیلی احساس تنهایی می‌کنم.",
            "دلم شکسته چون سگم دیروز مرد.",
            "هر روز دلم برای مادربزرگم تنگ می‌شود.",
            "بعد از جدایی‌مان تمام شب گریه کردم.",
            "امروز صبح احساس پوچی و غم دارم.",
            "این هفته همه‌اش دلگیرم و بغض دارم.",
            "ناراحتم که مرا به مهمانی دعوت نکردند.",
            "در امتحان رد شدم و خیلی غمگینم.",
            "در سوگ پدرم هستم.",
            "دلم می‌گیرد که خانواده‌ام هیچ‌وقت به من زنگ نمی‌زنند.",
            "امروز از خودم خیلی دلسردم.",
            "غمگینم و از این حال خسته شده‌ام.",
        ],
        "surprise": [
            "باورم نمی‌شود، برایم جشن غافلگیری گرفتند!",
            "وای، اصلاً انتظار نداشتم معلم قدیمی‌ام را در ایستگاه ببینم.",
            "بعد از ده سال نامه‌ای از پسرعمویم رسید و شوکه شدم.",
            "شگفت‌زده‌ام که بسته یک هفته زودتر رسید.",
            "اصلاً نمی‌دانستم برادرم این‌قدر خوب آواز می‌خواند!",
            "وقتی رئیسم یک روز مرخصی داد حیرت کردم.",
            "وای خدای من، در قرعه‌کشی برنده شدم!",
            "مات و مبهوتم، خانه‌ی قدیمی را کاملاً از نو ساخته‌اند.",
            "هیچ‌وقت فکر نمی‌کردم امتحان این‌قدر آسان باشد.",
            "وسط اردیبهشت ناگهان برف آمد، چشم‌هایم را باور نمی‌کردم.",
            "وقتی در ناگهان باز شد جا خوردم.",
            "تعجب کردم که اسمم یادش مانده بود.",
        ],
        "neutral": [
            "به سوپرمارکت رفتم و نان خریدم.",
            "فردا ساعت سه جلسه دارم.",
            "امروز صبح با اتوبوس سر کار رفتم.",
            "باید درباره‌ی حسابم به بانک زنگ بزنم.",
            "برای شام برنج و سبزی می‌پزم.",
            "بعد از ناهار روزنامه خواندم.",
            "مدارک را امشب برایت می‌فرستم.",
            "ماشین را جلوی کتابخانه پارک کردم.",
            "ظرف‌ها را می‌شویم و بعد اخبار را نگاه می‌کنم.",
            "معمولاً ساعت هفت بیدار می‌شوم.",
            "صندلی‌ها را به اتاق دیگر بردم.",
            "ماه بعد باید گذرنامه‌ام را تمدید کنم.",
        ],
    },
}


# ---------------------------------------------------------------------------------------------
# fusion rules and metrics


def old_fusion(voice: Mapping[str, float], text: Mapping[str, float]) -> str:
    """The rule before "voice and words": the plain mean of the two distributions, argmax (ties
    go to the first class in ``CLASSES`` order, as in ``fuse``)."""
    avg = {c: (float(voice.get(c, 0.0)) + float(text.get(c, 0.0))) / 2 for c in CLASSES}
    return max(avg, key=lambda c: avg[c])


def new_fusion(voice: Mapping[str, float], text_signal: Any) -> str:
    from hamdel.companion.assessment import Signal, fuse

    return str(fuse([text_signal, Signal(source="voice", emotion_scores=dict(voice))]).emotion)


def _top(scores: Mapping[str, float]) -> str:
    return max(CLASSES, key=lambda c: float(scores.get(c, 0.0)))


def _check_old_rule(items: Sequence[tuple[Mapping[str, float], Any]]) -> int:
    """``fuse`` with the informativeness patched to 1 must agree with ``old_fusion``; returns
    the number of disagreements (0 expected: the reproduction is the rule that was replaced)."""
    from hamdel.companion import assessment

    with mock.patch.object(assessment, "informativeness", lambda _s: 1.0):
        return sum(new_fusion(v, t) != old_fusion(v, t.emotion_scores or {}) for v, t in items)


def scores_of(truth: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the six classes (a class never predicted has F1 0), per-class
    recall, and how often each class was predicted."""
    n = len(truth)
    f1s, recall = [], {}
    for c in CLASSES:
        tp = sum(t == c and p == c for t, p in zip(truth, pred, strict=True))
        fp = sum(t != c and p == c for t, p in zip(truth, pred, strict=True))
        fn = sum(t == c and p != c for t, p in zip(truth, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
        if tp + fn:
            recall[c] = tp / (tp + fn)
    return {
        "n": n,
        "accuracy": sum(t == p for t, p in zip(truth, pred, strict=True)) / n,
        "macro_f1": sum(f1s) / len(CLASSES),
        "recall": recall,
        "predicted": {c: sum(p == c for p in pred) for c in CLASSES},
    }


def _mcnemar(better: int, worse: int) -> float:
    """Exact two-sided McNemar p-value on the discordant pairs."""
    n = better + worse
    if n == 0:
        return 1.0
    k = min(better, worse)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def changes(truth: Sequence[str], old: Sequence[str], new: Sequence[str]) -> dict[str, Any]:
    """How often the new fusion changes the old decision, and for better or worse."""
    rows = list(zip(truth, old, new, strict=True))
    changed = [(t, o, n) for t, o, n in rows if o != n]
    better = sum(n == t for t, o, n in changed)
    worse = sum(o == t for t, o, n in changed)
    flows: dict[str, int] = {}
    for _t, o, n in changed:
        flows[f"{o}->{n}"] = flows.get(f"{o}->{n}", 0) + 1
    on_neutral = [(t, o, n) for t, o, n in changed if t == "neutral"]
    return {
        "n": len(rows),
        "changed": len(changed),
        "better": better,
        "worse": worse,
        "truth_neutral": {
            "changed": len(on_neutral),
            "better": sum(n == t for t, o, n in on_neutral),
            "worse": sum(o == t for t, o, n in on_neutral),
        },
        "both_wrong": len(changed) - better - worse,
        "mcnemar_p": _mcnemar(better, worse),
        "flows": dict(sorted(flows.items(), key=lambda kv: -kv[1])),
    }


def evaluate(
    truth: Sequence[str], voice: Sequence[Mapping[str, float]], texts: Sequence[Any]
) -> dict[str, Any]:
    from hamdel.companion.assessment import informativeness

    preds = {
        SETUPS[0]: [_top(v) for v in voice],
        SETUPS[1]: [_top(t.emotion_scores or {}) for t in texts],
        SETUPS[2]: [
            old_fusion(v, t.emotion_scores or {}) for v, t in zip(voice, texts, strict=True)
        ],
        SETUPS[3]: [new_fusion(v, t) for v, t in zip(voice, texts, strict=True)],
    }
    return {
        "setups": {k: scores_of(truth, p) for k, p in preds.items()},
        "changes": changes(truth, preds[SETUPS[2]], preds[SETUPS[3]]),
        "weights": {
            "voice": float(np.mean([informativeness(v) for v in voice])),
            "words": float(np.mean([informativeness(t.emotion_scores or {}) for t in texts])),
        },
        "old_rule_mismatches": _check_old_rule(list(zip(voice, texts, strict=True))),
    }


# ---------------------------------------------------------------------------------------------
# readers


def _model_tag() -> str:
    """Identity of the voice model files, so cached scores die with the model."""
    h = hashlib.sha1()
    for folder in (MODELS / "voice_emotion_whisper", MODELS / "voice_emotion"):
        for name in ("config.json", "head.npz", "model.onnx"):
            f = folder / name
            if f.is_file():
                h.update(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def _text_signal(check: Any, read: Any, text: str, lang: str) -> Any:
    """The text signal as ``service.read_text`` makes it (crisis first, then the reader); the
    sentiment it adds sets only the intensity, never the emotion, and is left out."""
    from dataclasses import replace

    crisis = check(text)
    base = read(text, lang)
    return replace(base, crisis=crisis.crisis, check_in=crisis.check_in, language=lang)


def _data_dir(arg: Path | None) -> Path:
    return arg or Path(os.environ.get("HAMDEL_DATA_DIR", ROOT.parent / "shared" / "data"))


def _ravdess_rows(data: Path) -> list[dict[str, str]]:
    from hamdel.core.labels.speech import map_speech_label

    folder = data / "speech" / "ravdess"
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        emotion = map_speech_label(r["emotion"], "ravdess")
        if emotion is not None:
            out.append({**r, "label": emotion.value, "file": str(folder / r["path"])})
    return out


# ---------------------------------------------------------------------------------------------
# part: RAVDESS


def part_ravdess(data: Path, oof: bool) -> dict[str, Any]:
    from hamdel.companion.components import load_text, load_voice
    from hamdel.core.errors import AudioError

    rows = _ravdess_rows(data)
    tag = _model_tag()
    cached = load_part("fusion_ravdess_voice") or {}
    if cached.get("tag") != tag:
        cached = {"tag": tag, "scores": {}}
    voice_read = None
    started = time.perf_counter()
    for r in rows:
        if r["path"] not in cached["scores"]:
            voice_read = voice_read or load_voice(MODELS)
            try:
                reading = voice_read(Path(r["file"]).read_bytes())
                cached["scores"][r["path"]] = dict(reading.signal.emotion_scores or {})
            except AudioError as exc:  # the service refuses it too: the turn has no voice signal
                cached["scores"][r["path"]] = None
                print(f"voice refused {r['path']}: {exc}", file=sys.stderr)
    save_part("fusion_ravdess_voice", cached)
    voice_s = time.perf_counter() - started
    refused = [r["path"] for r in rows if cached["scores"][r["path"]] is None]
    rows = [r for r in rows if cached["scores"][r["path"]] is not None]
    read = load_text(MODELS)
    check = read.check
    sentence = {s: _text_signal(check, read, s, "en") for s in {r["statement"] for r in rows}}
    truth = [r["label"] for r in rows]
    voice = [cached["scores"][r["path"]] for r in rows]
    texts = [sentence[r["statement"]] for r in rows]
    result: dict[str, Any] = {
        "n": len(rows),
        "skipped": 1440 - len(rows) - len(refused),
        "refused": refused,
        "voice_seconds": round(voice_s, 1),
        "sentences": {
            s: {k: round(float(v), 3) for k, v in (t.emotion_scores or {}).items()}
            for s, t in sentence.items()
        },
        "shipped": evaluate(truth, voice, texts),
    }
    if oof:
        oof_voice, info = _out_of_fold(data, rows)
        result["out_of_fold"] = {**evaluate(truth, oof_voice, texts), "info": info}
    save_part("fusion_ravdess", result)
    return result


def _embeddings(corpus: str, files: list[tuple[str, Path]], limits: Any) -> dict[str, np.ndarray]:
    """Whisper layer-4 mean embeddings of trimmed speech, as the shipped model computes them
    (cached per corpus in the bench cache)."""
    from hamdel.core.errors import AudioError
    from hamdel.perception.voice._audio import load_audio, trim_speech

    name = f"fusion_embed_{corpus}_{_model_tag()}.npz"
    target = CACHE / name
    have: dict[str, np.ndarray] = {}
    if target.is_file():
        with np.load(target) as d:
            have = {k: d[k] for k in d.files}
    missing = [(k, f) for k, f in files if k not in have]
    if missing:
        from hamdel.perception.voice._whisper import EncoderConfig, WhisperEncoder

        meta = json.loads((MODELS / "voice_emotion_whisper" / "config.json").read_text())
        encoder = WhisperEncoder.load(EncoderConfig.from_dict(meta["encoder"]))
        for key, f in missing:
            try:
                speech = trim_speech(load_audio(f, limits=limits), limits=limits, name=str(f))
            except AudioError:
                have[key] = np.zeros(0, np.float32)  # unusable clip: skipped, as in training
                continue
            have[key] = np.asarray(encoder.embed(speech), np.float32)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.savez(target, **have)
    return {k: have[k] for k, _ in files}


def _out_of_fold(data: Path, rows: list[dict[str, str]]) -> tuple[list[dict[str, float]], Any]:
    """Voice scores from heads refitted without the clip's actor: 5 speaker folds over RAVDESS
    (``speaker_folds``, seed 0, as in the model card's CV); each head is fitted with the shipped
    recipe (``fit_head``: C by 4-fold inner speaker CV, softmax temperature on inner out-of-fold
    decisions) on the other RAVDESS actors plus all of EMOVO and TurEV-DB, as the shipped head
    was fitted on the three corpora."""
    from hamdel.core.labels.speech import map_speech_label
    from hamdel.perception.voice._audio import DEFAULT_LIMITS
    from hamdel.perception.voice._cv import speaker_folds
    from hamdel.perception.voice._data import TRAIN_LIMITS
    from hamdel.perception.voice._whisper_head import fit_head

    started = time.perf_counter()
    rav = _embeddings("ravdess", [(r["path"], Path(r["file"])) for r in rows], DEFAULT_LIMITS)
    x_rav = np.stack([rav[r["path"]] for r in rows])
    y_rav = np.array([CLASSES.index(r["label"]) for r in rows])
    g_rav = [f"ravdess:{r['speaker']}" for r in rows]
    x_other, y_other, g_other = [], [], []
    for corpus in ("emovo", "turevdb"):
        folder = data / "speech" / corpus
        with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
            manifest = [r for r in csv.DictReader(fh) if map_speech_label(r["emotion"], corpus)]
        emb = _embeddings(corpus, [(r["path"], folder / r["path"]) for r in manifest], TRAIN_LIMITS)
        for r in manifest:
            if emb[r["path"]].size:
                x_other.append(emb[r["path"]])
                label = map_speech_label(r["emotion"], corpus)
                y_other.append(CLASSES.index(label.value if label else ""))
                g_other.append(f"{corpus}:{r['speaker']}")
    embed_s = time.perf_counter() - started
    x_o, y_o = np.stack(x_other), np.array(y_other)
    probs = np.zeros((len(rows), len(CLASSES)))
    fits = []
    for test in speaker_folds(g_rav, OOF_FOLDS, 0):
        train = np.setdiff1d(np.arange(len(rows)), test)
        x = np.concatenate([x_rav[train], x_o])
        y = np.concatenate([y_rav[train], y_o])
        head, info = fit_head(x, y, [g_rav[i] for i in train] + g_other)
        probs[test] = head.probabilities(x_rav[test])
        fits.append({"test_actors": len({g_rav[i] for i in test}), "C": info["C"],
                     "temperature": info["temperature"]})  # fmt: skip
    info = {"folds": fits, "n_train_other": len(y_other), "embed_seconds": round(embed_s, 1),
            "fit_seconds": round(time.perf_counter() - started - embed_s, 1)}  # fmt: skip
    return [dict(zip(CLASSES, map(float, p), strict=True)) for p in probs], info


# ---------------------------------------------------------------------------------------------
# part: synthetic voice notes


def part_synthetic(renditions: int) -> dict[str, Any]:
    """Each sentence spoken ``renditions`` times: the Piper voice samples its prosody (VITS
    noise), so two renditions of one sentence differ and so do the voice scores; a voice that
    gives the same bytes every time (MBROLA) is counted once."""
    from hamdel.companion.components import load_text, load_voice
    from hamdel.voice_out import Speaker

    tag = _model_tag()
    cached = load_part("fusion_synthetic_voice") or {}
    if cached.get("tag") != tag or "audio" not in cached:
        cached = {"tag": tag, "audio": {}, "scores": {}, "voices": {}}
    speaker = voice_read = None
    started = time.perf_counter()
    for lang, by_class in SENTENCES.items():
        for r in range(renditions):
            for sentences in by_class.values():
                for s in sentences:
                    key = f"{lang}|{r}|{s}"
                    if key in cached["audio"]:
                        continue
                    speaker = speaker or Speaker.load()
                    voice_read = voice_read or load_voice(MODELS)
                    audio = speaker.speak(s, lang, format="wav")
                    sha = hashlib.sha1(audio.data).hexdigest()
                    if sha not in cached["scores"]:
                        reading = voice_read(audio.data)
                        cached["scores"][sha] = dict(reading.signal.emotion_scores or {})
                    cached["audio"][key] = sha
                    cached["voices"][key] = audio.voice_id
        save_part("fusion_synthetic_voice", cached)
    read = load_text(MODELS)
    check = read.check
    result: dict[str, Any] = {"seconds": round(time.perf_counter() - started, 1)}
    for lang, by_class in SENTENCES.items():
        items = [(c, s) for c, sentences in by_class.items() for s in sentences]
        texts = [_text_signal(check, read, s, lang) for _, s in items]
        runs = [[cached["audio"][f"{lang}|{r}|{s}"] for _, s in items] for r in range(renditions)]
        distinct = [run for i, run in enumerate(runs) if run not in runs[:i]]
        truth = [c for c, _ in items]
        per = []
        for run in distinct:
            ev = evaluate(truth, [cached["scores"][h] for h in run], texts)
            c = ev["changes"]
            per.append({"accuracy_new_minus_old": round(_delta(ev, "accuracy"), 4),
                        "macro_f1_new_minus_old": round(_delta(ev, "macro_f1"), 4),
                        "voice_accuracy": round(ev["setups"][SETUPS[0]]["accuracy"], 4),
                        "changed": c["changed"], "better": c["better"], "worse": c["worse"],
                        "mcnemar_p": c["mcnemar_p"]})  # fmt: skip
        pooled = evaluate(
            truth * len(distinct),
            [cached["scores"][h] for run in distinct for h in run],
            texts * len(distinct),
        )
        result[lang] = {
            **pooled,
            "sentences": len(items),
            "renditions": len(distinct),
            "renditions_asked": renditions,
            "per_rendition": per,
            "voice_ids": sorted(
                {cached["voices"][f"{lang}|{r}|{s}"] for r in range(renditions) for _, s in items}
            ),
            "per_class_n": {c: len(v) for c, v in by_class.items()},
        }
    save_part("fusion_synthetic", result)
    return result


# ---------------------------------------------------------------------------------------------
# report


def _table(ev: dict[str, Any]) -> list[str]:
    lines = ["| setup | accuracy | macro-F1 | " + " | ".join(f"recall {c}" for c in CLASSES)
             + " |", "|---|---|---|" + "---|" * len(CLASSES)]  # fmt: skip
    for name in SETUPS:
        r = ev["setups"][name]
        rec = " | ".join(f"{r['recall'].get(c, float('nan')):.2f}" for c in CLASSES)
        lines.append(f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {rec} |")
    return lines


def _changes(ev: dict[str, Any]) -> str:
    c = ev["changes"]
    flows = ", ".join(f"{k} {v}" for k, v in list(c["flows"].items())[:5])
    return (
        f"New fusion changes the old decision on **{c['changed']} of {c['n']}** "
        f"({c['changed'] / c['n']:.1%}): **{c['better']} better, {c['worse']} worse**, "
        f"{c['both_wrong']} wrong either way (exact McNemar p = {c['mcnemar_p']:.2g}). "
        f"Most frequent changes (old->new): {flows or 'none'}. Mean weight (informativeness): "
        f"voice {ev['weights']['voice']:.2f}, words {ev['weights']['words']:.2f}."
    )


def _delta(ev: dict[str, Any], key: str) -> float:
    return float(ev["setups"][SETUPS[3]][key] - ev["setups"][SETUPS[2]][key])


def part_report() -> str:
    lines = [
        "## Fusion of voice and words (informativeness weighting)",
        "",
        "`hamdel.companion.assessment.fuse` weighs each emotion distribution by its mass off "
        '`neutral` (floored at 0.1; commit "voice and words"); before, the text and voice '
        "distributions were averaged with equal weights (reproduced here as the plain mean of "
        "the two score dicts; `fuse` with the weighting patched to 1 agrees with it on every "
        "item). Voice scores come from the shipped voice model through `load_voice` (Whisper "
        "base layer 4 + linear head), word scores from the shipped text reader through "
        "`load_text`, as the companion calls them. Accuracy and macro-F1 are over the six "
        "classes (a class never predicted counts F1 0).",
        "",
    ]
    rav = load_part("fusion_ravdess")
    if rav:
        ev = rav["shipped"]
        sents = "; ".join(
            f"\"{s}\": " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(sc.items(),
                                                                       key=lambda kv: -kv[1])[:3])
            for s, sc in sorted(rav["sentences"].items())
        )  # fmt: skip
        lines += [
            "### RAVDESS: the voice carries the emotion",
            "",
            f"All {rav['n']} RAVDESS speech clips whose label maps onto the six classes (calm and "
            f"disgust, {rav['skipped']} clips, skipped; {len(rav['refused'])} clip(s) refused by "
            "the voice reader for too little speech, as the companion would, and left out), "
            "24 actors; the words are one of its two "
            "emotionally neutral sentences. **The shipped voice head was fitted on all of these "
            "clips, so the voice scores are in-sample** (see the out-of-fold check below). "
            f"What the text reader makes of the two sentences (top three): {sents}.",
            "",
            *_table(ev),
            "",
            _changes(ev),
            "",
        ]
        oof = rav.get("out_of_fold")
        if oof:
            temps = ", ".join(f"{f['temperature']:.2f}" for f in oof["info"]["folds"])
            cs = ", ".join(f"{f['C']:g}" for f in oof["info"]["folds"])
            lines += [
                "### RAVDESS, voice scores out of fold",
                "",
                f"The same {rav['n']} clips, the voice head refitted {OOF_FOLDS} times without "
                "the clip's actors (speaker folds of the model card, seed 0; shipped recipe: "
                "`fit_head` on the other RAVDESS actors + EMOVO + TurEV-DB, "
                f"{oof['info']['n_train_other']} clips of the latter two; C per fold {cs}, "
                f"softmax temperature {temps}), so the voice is as good as it is on a new "
                "speaker. Words as above.",
                "",
                *_table(oof),
                "",
                _changes(oof),
                "",
            ]
    syn = load_part("fusion_synthetic")
    if syn:
        reps = {lang: syn[lang]["renditions"] for lang in ("en", "fa")}
        lines += [
            "### Synthetic voice notes: the words carry the emotion",
            "",
            "72 short first-person sentences per language, 12 per class (anger, fear, happiness, "
            "neutral, sadness, surprise), **written for this benchmark (in "
            "`benchmarks/fusion_bench.py`) and not used in training**, spoken by the project's "
            'speaker (`Speaker.load().speak(text, lang, format="wav")`, a flat synthetic '
            f"voice: {', '.join(syn['en']['voice_ids'] + syn['fa']['voice_ids'])}), scored "
            "with the voice model on the audio and the text reader on the words; the intended "
            "emotion is the label. The Piper English voice samples its prosody, so each English "
            f"sentence was spoken {reps['en']} times and every rendition counts as one voice "
            "note (the table pools them; the decision changes are also given per rendition); "
            f"the MBROLA Persian voice gives the same audio every time ({reps['fa']} "
            "rendition). The Persian text model has no neutral class (its `neutral` score is "
            "always 0), so Persian words always weigh 1.0 and can never be right on the neutral "
            "sentences.",
            "",
        ]
        for lang, name in (("en", "English"), ("fa", "Persian")):
            ev = syn[lang]
            n = f"{ev['sentences']} sentences" + (
                f" x {ev['renditions']} renditions = {ev['setups'][SETUPS[0]]['n']} voice notes"
                if ev["renditions"] > 1 else ""
            )  # fmt: skip
            lines += [f"**{name}** ({n})", "", *_table(ev), "", _changes(ev), ""]
            if ev["renditions"] > 1:
                per = ev["per_rendition"]
                lines += [
                    "Per rendition (new minus old accuracy; better/worse; McNemar p): "
                    + "; ".join(f"{r['accuracy_new_minus_old']:+.3f} ({r['better']}/"
                                f"{r['worse']}, p {r['mcnemar_p']:.2g})" for r in per)
                    + ". The pooled p above treats the renditions as independent notes; they "
                    "share their sentences and words, so read it as optimistic.",
                    "",
                ]  # fmt: skip
    if rav or syn:
        lines += ["### Reading", "", *_reading(rav, syn), ""]
    lines += [
        f"Run: `OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.fusion_bench` "
        f"({time.strftime('%Y-%m-%d')}; {cpu_name()}).",
        "",
    ]
    md = _ordered(merge_subsections(read_section("fusion"), "\n".join(lines)))
    write_section("fusion", md)
    return md


ORDER = ("### RAVDESS: the voice", "### RAVDESS, voice scores", "### Synthetic", "### Reading")


def _ordered(markdown: str) -> str:
    """Subsections in the order above, whichever part was re-run last."""
    head, *subs = re.split(r"(?m)^(?=### )", markdown)

    def rank(block: str) -> int:
        return next((i for i, p in enumerate(ORDER) if block.startswith(p)), len(ORDER))

    return "".join(s.rstrip("\n") + "\n\n" for s in [head, *sorted(subs, key=rank)] if s.strip())


def _reading(rav: dict[str, Any] | None, syn: dict[str, Any] | None) -> list[str]:
    out = []
    parts = []
    if rav:
        parts.append(("RAVDESS, in-sample voice", rav["shipped"]))
        if rav.get("out_of_fold"):
            parts.append(("RAVDESS, out-of-fold voice", rav["out_of_fold"]))
    if syn:
        parts += [
            (f"synthetic English ({syn['en']['setups'][SETUPS[0]]['n']} notes)", syn["en"]),
            ("synthetic Persian (72 notes)", syn["fa"]),
        ]
    for name, ev in parts:
        c, tn = ev["changes"], ev["changes"]["truth_neutral"]
        rec = [ev["setups"][k]["recall"].get("neutral", float("nan")) for k in SETUPS[2:]]
        out.append(
            f"- {name}: new minus old accuracy {_delta(ev, 'accuracy'):+.3f}, macro-F1 "
            f"{_delta(ev, 'macro_f1'):+.3f}; {c['changed']} decisions changed, {c['better']} "
            f"better / {c['worse']} worse (p = {c['mcnemar_p']:.2g}); on emotional labels "
            f"{c['better'] - tn['better']} better / {c['worse'] - tn['worse']} worse, on neutral "
            f"labels {tn['better']} better / {tn['worse']} worse (neutral recall "
            f"{rec[0]:.2f} -> {rec[1]:.2f})."
        )
    out += [
        "",
        "By construction the weighting moves decisions away from neutral: the signal that says "
        '"neutral" is the one that loses weight (a voice at 0.9 neutral weighs 0.1, words at '
        "0.3 neutral weigh 0.7), so the fused neutral score is pulled toward the less neutral "
        "signal. Where the voice is flat and the words carry an emotion, the new rule follows "
        "the words (as intended); where the label is neutral it follows whatever non-neutral "
        "scores the words have, which is where it loses.",
    ]
    if rav:
        neutral = sorted(sc.get("neutral", 0.0) for sc in rav["sentences"].values())
        out[-1] += (
            " On RAVDESS the English text reader gives its two neutral sentences only "
            f"{neutral[0]:.2f}-{neutral[-1]:.2f} neutral, so the words keep a weight of about "
            f"{rav['shipped']['weights']['words']:.2f} and the case the change was made for "
            "(neutral words, emotional voice) barely moves."
        )
    if syn:
        out[-1] += (
            " The Persian text model has no neutral class, so Persian words always weigh "
            f"{syn['fa']['weights']['words']:.2f} and a Persian voice note can hardly come out "
            "neutral any more."
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=["ravdess", "synthetic", "report", "all"], default="all")
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    ap.add_argument("--no-oof", action="store_true", help="skip the out-of-fold voice check")
    ap.add_argument(
        "--renditions",
        type=int,
        default=5,
        help="times each synthetic sentence is spoken (Piper varies; MBROLA does not)",
    )
    args = ap.parse_args()
    out: dict[str, Any] = {}
    if args.part in ("ravdess", "all"):
        out["ravdess"] = part_ravdess(_data_dir(args.data), oof=not args.no_oof)
    if args.part in ("synthetic", "all"):
        out["synthetic"] = part_synthetic(args.renditions)
    part_report()
    print(json.dumps(out or {"ravdess": load_part("fusion_ravdess"),
                             "synthetic": load_part("fusion_synthetic")}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
