"""Crisis outcomes where people are: the share of ``crisis`` and ``check_in`` on everyday chat,
recall on the held-out crisis lists, and the speed of the text reading.

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.crisis_bench [--part outcomes|speed|report|all]

Held out (never trained on, never used to choose a threshold): the EmpatheticDialogues ``test``
split, dair-ai ``test``, the ArmanEmo odd CRC half, ``chat_everyday_blind`` (written blind),
``crisis_blind_list_2`` and ``crisis_outcome_blind`` (written blind). Setups: the lexicon alone
(what runs when the models cannot load), the shipped detector without its first stage, and the
shipped detector.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._report import (
    cpu_name,
    load_part,
    merge_subsections,
    read_section,
    save_part,
    write_section,
)

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "data" / "text"
SETUPS = ("lexicon alone (degraded)", "shipped without the first stage", "shipped")
TARGETS = "Targets: everyday chat crisis <= 1 %, check-in <= 5 %; crisis lists: crisis or "
TARGETS += "check-in recall >= 0.98, crisis alone >= 0.85."


def _save(name: str, data: Any) -> None:
    save_part(f"crisis_{name}", data)


def _load(name: str) -> Any:
    return load_part(f"crisis_{name}")


def _rows(name: str) -> list[dict[str, str]]:
    with (LISTS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sets(root: Path | None) -> dict[str, tuple[str, str, list[str], list[str]]]:
    """name -> (language, role, texts, kinds); role is everyday, crisis or hard negative."""
    from hamdel.perception.text import corpora

    out: dict[str, tuple[str, str, list[str], list[str]]] = {}
    try:
        ed = list(corpora.read_empathetic_dialogues(root, "test").texts)
        out["EmpatheticDialogues test"] = ("en", "everyday", ed, ["ed"] * len(ed))
        dair = list(corpora.read_dair_ai(root, "test").texts)
        out["dair-ai test"] = ("en", "everyday", dair, ["dair"] * len(dair))
        arman = [t for t in corpora.read_armanemo(root).texts if corpora.crc_half(t) == 1]
        arman = random.Random(1).sample(arman, min(1000, len(arman)))
        out["ArmanEmo odd half (1,000)"] = ("fa", "everyday", arman, ["arman"] * len(arman))
    except Exception as exc:  # corpora absent: the authored lists only
        print(f"corpora skipped: {exc}")
    chat = _rows("chat_everyday_blind")
    for lang in ("en", "fa"):
        sub = [r for r in chat if r["language"] == lang]
        out[f"chat_everyday_blind ({lang})"] = (
            lang, "everyday", [r["text"] for r in sub], [r["kind"] for r in sub]
        )  # fmt: skip
    for name, positive in (("crisis_blind_list_2", "1"), ("crisis_outcome_blind", None)):
        rows = _rows(name)
        for lang in ("en", "fa"):
            sub = [r for r in rows if r["language"] == lang]
            pos = [
                r
                for r in sub
                if (r.get("label") == positive if positive else r["expected"] != "none")
            ]
            neg = [r for r in sub if r not in pos]
            out[f"{name}, crisis language ({lang})"] = (
                lang, "crisis", [r["text"] for r in pos], [_kind(r) for r in pos]
            )  # fmt: skip
            out[f"{name}, hard negatives ({lang})"] = (
                lang, "hard", [r["text"] for r in neg], [_kind(r) for r in neg]
            )  # fmt: skip
    return out


def _kind(row: dict[str, str]) -> str:
    expected = row.get("expected")
    return f"{expected}/{row['kind']}" if expected else row["kind"]


def _detectors() -> dict[str, Any]:
    from hamdel.perception.text.analyzer import TextAnalyzer
    from hamdel.perception.text.crisis import CrisisDetector

    full = TextAnalyzer.load(ROOT / "models").crisis
    return {
        SETUPS[0]: CrisisDetector(full.lexicon, (), None, ("benchmark",)),
        SETUPS[1]: CrisisDetector(full.lexicon, full.layers, None),
        SETUPS[2]: full,
    }


def part_outcomes(root: Path | None) -> None:
    detectors = _detectors()
    results: dict[str, Any] = {}
    kinds: dict[str, Any] = {}
    for name, (lang, role, texts, kind) in _sets(root).items():
        for setup, det in detectors.items():
            outcomes = [r.outcome for r in det.predict_many(texts)]
            n = len(outcomes)
            results[f"{name}|{setup}"] = {
                "language": lang,
                "role": role,
                "n": n,
                "crisis": outcomes.count("crisis") / max(n, 1),
                "check_in": outcomes.count("check_in") / max(n, 1),
            }
            if setup == SETUPS[2] and name.startswith(("chat_", "crisis_")):
                for k in sorted(set(kind)):
                    got = [o for o, kk in zip(outcomes, kind, strict=True) if kk == k]
                    kinds[f"{name}|{k}"] = {
                        "n": len(got),
                        "crisis": got.count("crisis"),
                        "check_in": got.count("check_in"),
                    }
        print(name, {s: results[f"{name}|{s}"] for s in detectors}, flush=True)
    _save("outcomes", results)
    _save("kinds", kinds)


def _per_second(fn: Callable[[str], Any], texts: list[str]) -> float:
    t0 = time.process_time()
    for t in texts:
        fn(t)
    return len(texts) / (time.process_time() - t0)


def part_speed(root: Path | None) -> None:
    """Messages per second of the whole text reading (crisis check, emotion, depression,
    stress) on distinct short chat messages, one core, with and without the first stage; and
    a whole text turn (reading, sentiment, recommender, SQLite writes), median of 200."""
    from hamdel.perception.text.analyzer import TextAnalyzer
    from hamdel.perception.text.crisis import CrisisDetector

    rows = _rows("chat_everyday_blind")
    out: dict[str, Any] = {}
    analyzer = TextAnalyzer.load(ROOT / "models")
    shipped = analyzer.crisis
    unscreened = CrisisDetector(shipped.lexicon, shipped.layers, None, shipped.degraded)
    for lang in ("en", "fa"):
        texts = [r["text"] for r in rows if r["language"] == lang]
        analyzer.analyze(texts[0])  # warm
        for label, det in (
            ("with the first stage", shipped),
            ("e5 head on every text", unscreened),
        ):
            analyzer.crisis = det
            # distinct texts, one pass each: nothing is served from a cache
            out[f"text reading, chat ({lang}), {label}"] = {
                "messages_s": _per_second(analyzer.analyze, texts),
                "n": len(texts),
            }
        analyzer.crisis = shipped
    out["text turn, chat (en+fa)"] = _turn_speed([r["text"] for r in rows])
    out["cpu"] = cpu_name()
    _save("speed", out)
    print(json.dumps(out, indent=1))


def _turn_speed(texts: list[str]) -> dict[str, float]:
    from datetime import UTC, datetime

    from hamdel.companion import text_turn
    from hamdel.companion.components import load_components
    from hamdel.safety.delivery import Sender
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo

    components = load_components(models_dir=None, sender=Sender())
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        sessions = make_session_factory(engine)
        with transaction(sessions) as db:
            uid = repo.create_user(
                db, email="b@x.org", password_hash="x", language="en", display_name=None
            ).id
        times = []
        for i, text in enumerate(texts[:200]):
            t0 = time.perf_counter()
            with transaction(sessions) as db:
                user = repo.get_user(db, user_id=uid)
                now = datetime.now(UTC)
                text_turn(db, components, user=user, text=text, language=None, now=now, seed=i)
            times.append((time.perf_counter() - t0) * 1000)
        engine.dispose()
    times.sort()
    return {"p50_ms": statistics.median(times), "p90_ms": times[int(0.9 * len(times))]}


def _pct(v: float) -> str:
    return f"{100 * v:.1f} %"


def part_report() -> None:
    lines = ["## Crisis outcomes in the conversation", "", TARGETS, ""]
    results = _load("outcomes")
    if results:
        lines += ["### Outcome shares by set (held out)", ""]
        for lang in ("en", "fa"):
            lines += [f"**{'English' if lang == 'en' else 'Persian'}**", ""]
            lines += [
                "| set | n | " + " | ".join(f"{s}: crisis / check-in" for s in SETUPS) + " |",
                "|---|---|" + "---|" * len(SETUPS),
            ]
            names = dict.fromkeys(k.split("|")[0] for k in results)
            for name in names:
                first = results[f"{name}|{SETUPS[0]}"]
                if first["language"] != lang:
                    continue
                cells = []
                for setup in SETUPS:
                    r = results[f"{name}|{setup}"]
                    if r["role"] == "crisis":  # recall: crisis or check-in / crisis alone
                        cells.append(
                            f"recall {r['crisis'] + r['check_in']:.3f} / crisis {r['crisis']:.3f}"
                        )
                    else:
                        cells.append(f"{_pct(r['crisis'])} / {_pct(r['check_in'])}")
                lines.append(f"| {name} | {first['n']} | " + " | ".join(cells) + " |")
            lines.append("")
        lines += [
            "Crisis-language rows give recall (crisis or check-in) and the share reaching crisis; "
            "the other rows give the share of messages that got the crisis screen / a check-in "
            "question (for everyday chat both are false alarms; for hard negatives a check-in "
            "is allowed, a crisis is not).",
            "",
        ]
    kinds = _load("kinds")
    if kinds:
        lines += ["### Shipped detector by kind (held-out lists)", ""]
        lines += [
            "| list | kind | n | crisis | check-in |",
            "|---|---|---|---|---|",
        ]
        for key, r in kinds.items():
            name, kind = key.split("|")
            lines.append(f"| {name} | {kind} | {r['n']} | {r['crisis']} | {r['check_in']} |")
        lines.append("")
    speed = _load("speed")
    if speed:
        lines += [f"### Speed (one core; {speed.get('cpu', '')})", ""]
        lines += ["| what | figure |", "|---|---|"]
        for key, r in speed.items():
            if key == "cpu":
                continue
            if "messages_s" in r:
                lines.append(f"| {key} | {r['messages_s']:.0f} messages/s |")
            else:
                lines.append(f"| {key} | p50 {r['p50_ms']:.0f} ms, p90 {r['p90_ms']:.0f} ms |")
        lines.append("")
    write_section("crisis", merge_subsections(read_section("crisis"), "\n".join(lines)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=["outcomes", "speed", "report", "all"], default="all")
    ap.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = ap.parse_args()
    if args.part in ("outcomes", "all"):
        part_outcomes(args.data)
    if args.part in ("speed", "all"):
        part_speed(args.data)
    part_report()


if __name__ == "__main__":
    main()
