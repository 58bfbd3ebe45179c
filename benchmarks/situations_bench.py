"""Situational suggestions: offered only when the person named the situation.

Run from the repository root: ``.venv/bin/python -m benchmarks.situations_bench``.

1. **The words that name a situation** (``data/recommend/situations.toml``) on two lists
   written blind (20 everyday situations × 5–6 messages per language, and 100–120 everyday
   messages per language that name none of them; their writers never saw the word lists, the
   suggestions or each other's list): ``situation_chat_blind.csv`` was looked at while the
   matcher was made (development: it showed the Persian words matching inside other words);
   ``situation_chat_blind_2.csv`` was scored once at the end (test). How often a message about
   a situation names one (recall), and how often an everyday message names one (often rightly:
   the word lists know more situations than the writers' twenty, e.g. rain, a broken laptop).
2. **The replies**: each message of the held-out everyday chat lists
   (``data/text/chat_everyday_blind.csv``, ``chat_emotion_blind_2.csv``) and of the test
   situation list is read by the shipped text path (crisis check, text models, Sentimeter, fused
   as in a turn) and answered by the engine with the situations ignored (as before 2026-12-07)
   and with them: the share of replies holding a suggestion for a situation the message does not
   name, and, for messages about a situation, the share whose reply holds one for a situation
   they name. Examples of the former are printed for a reader to judge.
3. **Judged blind** (``data/recommend/judged_suggestions.csv``): 160 messages (40 per language
   from ``chat_emotion_blind_2.csv`` and from the test situation list, seed 7) answered by both
   engines (seed 0); every distinct (message, suggestion) pair, shuffled and without saying
   which engine gave it, rated by two judges (language-model helpers, half the pairs each, who
   saw only the pairs): 2 fits, 1 acceptable, 0 out of place (presupposes what was not said,
   ignores it, or is tone-deaf). ``--part pairs --out DIR`` writes the pairs for judges again.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks._report import write_section
from benchmarks.suggestion_fit import engines, judged_table, reader, rows_of, sample, write_pairs

from hamdel.knowledge import user_graph
from hamdel.recommend import EngineConfig, Recommender, RecommendRequest, Situations

ROOT = Path(__file__).resolve().parents[1]
LISTS = {
    "development": ROOT / "data" / "recommend" / "situation_chat_blind.csv",
    "test": ROOT / "data" / "recommend" / "situation_chat_blind_2.csv",
}
BLIND = LISTS["test"]
EVERYDAY = [
    ROOT / "data" / "text" / n for n in ("chat_everyday_blind.csv", "chat_emotion_blind_2.csv")
]
NOON = datetime(2026, 12, 7, 12, 30, tzinfo=UTC)
SEEDS = 3
JUDGED = ROOT / "data" / "recommend" / "judged_suggestions.csv"
JUDGE_LISTS = (ROOT / "data" / "text" / "chat_emotion_blind_2.csv", LISTS["test"])


def naming(situations: Situations) -> dict[str, Any]:
    """Part 1: recall and naming of everyday messages, on both blind lists."""
    table: dict[str, Any] = {}
    per_label: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for name, path in LISTS.items():
        out: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for row in rows_of(path):
            named = bool(situations.named_in(row["text"]))
            kind = "none" if row["situation"] == "none" else "situation"
            out[(row["language"], kind)].append(named)
            if kind == "situation" and name == "test":
                per_label[(row["situation"], row["language"])].append(named)
        for (lang, kind), v in sorted(out.items()):
            table[f"{name}: {lang}/{kind}"] = {"n": len(v), "named": round(sum(v) / len(v), 3)}
    labels = {
        f"{label}/{lang}": round(sum(v) / len(v), 2)
        for (label, lang), v in sorted(per_label.items())
    }
    return {"table": table, "labels": labels}


def replies(situations: Situations) -> dict[str, Any]:
    """Part 2: the engine's replies with the situations ignored and with them."""
    engines = _engines(situations)
    corpus = engines["after"].corpus
    need_of = reader(confidence=False)
    lists: dict[str, list[tuple[str, str]]] = {
        "everyday (held-out chat lists)": [],
        "test list: no situation": [],
        "test list: a situation": [],
    }
    for path in EVERYDAY:
        lists["everyday (held-out chat lists)"] += [
            (r["text"], r["language"]) for r in rows_of(path)
        ]
    for r in rows_of(BLIND):
        key = "test list: no situation" if r["situation"] == "none" else "test list: a situation"
        lists[key].append((r["text"], r["language"]))
    user = user_graph({}, engines["after"].ontology)
    result: dict[str, Any] = {}
    examples: dict[str, list[tuple[str, str]]] = {"before": [], "after": []}
    seen: dict[str, set[str]] = {"before": set(), "after": set()}
    for name, items in lists.items():
        counts: Counter[str] = Counter()
        for text, language in items:
            need = need_of(text, language)
            named = situations.named_in(text)
            for seed in range(SEEDS):
                for label, engine in engines.items():
                    request = RecommendRequest(
                        need, user=user, language=language, now=NOON, seed=seed,
                        want="suggestions", said=text,
                    )  # fmt: skip
                    ids = [s.id for s in engine.recommend(request).suggestions]
                    unnamed = [i for i in ids if i in situations and i not in named]
                    counts[f"{label}_unnamed"] += bool(unnamed)
                    counts[f"{label}_answered"] += any(i in named for i in ids)
                    answered = [i for i in ids if i in named]
                    shown = {"before": unnamed, "after": answered}[label]
                    if shown and seed == 0 and shown[0] not in seen[label]:
                        seen[label].add(shown[0])
                        item = corpus.get(shown[0])
                        examples[label].append((text, item.text(language) if item else shown[0]))
            counts["replies"] += SEEDS
            counts["named"] += bool(named)
        n = counts["replies"]
        result[name] = {
            "messages": len(items),
            "replies": n,
            "messages naming a situation": counts["named"],
            "before: unnamed situation": round(counts["before_unnamed"] / n, 3),
            "after: unnamed situation": round(counts["after_unnamed"] / n, 3),
            "before: a named situation answered": round(counts["before_answered"] / n, 3),
            "after: a named situation answered": round(counts["after_answered"] / n, 3),
        }
    return {"lists": result, "examples": examples}


def _engines(situations: Situations) -> dict[str, Recommender]:
    """Situations ignored and used; every emotion read taken as sure (as judged)."""
    return engines(before=(EngineConfig(), Situations({})), after=(EngineConfig(), situations))


def pairs(situations: Situations, out: Path) -> None:
    """Part 3's pairs for judges (``pairs.csv``) and which engine gave each (``key.csv``)."""
    rng = random.Random(7)
    messages = sample(JUDGE_LISTS, 40, rng)
    write_pairs(_engines(situations), messages, reader(confidence=False), out, rng)


def _markdown(situations: Situations, part1: dict[str, Any], part2: dict[str, Any] | None) -> str:
    kinds = Counter(s.name for s in situations.values())
    lines = [
        "## Situational suggestions (2026-12-07)",
        "",
        f"{len(situations)} of the corpus's suggestions presuppose a situation "
        f"({len(kinds)} kinds, e.g. {', '.join(k for k, _ in kinds.most_common(6))}); "
        "they are offered only when the person's words name it "
        "(`data/recommend/situations.toml`, `recommend/situations.py`). "
        "Measured with `benchmarks/situations_bench.py` on lists its writers wrote blind.",
        "",
        "### Words that name a situation (blind lists)",
        "",
        "| list: language / messages | n | share naming a situation |",
        "|---|---|---|",
    ]
    for key, row in part1["table"].items():
        lines.append(f"| {key} | {row['n']} | {row['named']:.3f} |")
    missed = [k for k, v in part1["labels"].items() if v < 0.5]
    lines += [
        "",
        f"Test list, situations named in under half their messages: {', '.join(missed) or 'none'}.",
    ]
    if part2 is not None:
        lines += [
            "",
            "### Replies (shipped text path and engine, 3 seeds a message)",
            "",
            "| list | messages | replies with a suggestion for a situation not named: before "
            "→ after | replies answering a named situation: before → after |",
            "|---|---|---|---|",
        ]
        for name, r in part2["lists"].items():
            unnamed = (r["before: unnamed situation"], r["after: unnamed situation"])
            answered = (
                r["before: a named situation answered"],
                r["after: a named situation answered"],
            )
            lines.append(
                f"| {name} | {r['messages']} | {unnamed[0]:.3f} → {unnamed[1]:.3f} "
                f"| {answered[0]:.3f} → {answered[1]:.3f} |"
            )
        captions = {
            "before": "Before: the first messages that got a situational suggestion they did not "
            "name (one line per suggestion):",
            "after": "After: the first messages whose reply answered a situation they named (one "
            "line per suggestion; judge whether it fits):",
        }
        for when, caption in captions.items():
            lines += ["", caption, ""]
            lines += [f"- “{m}” → “{s}”" for m, s in part2["examples"][when][:20]]
    table = judged_table(JUDGED, ("before", "after"))
    if table:
        lines += ["", "### Judged blind (160 messages, both engines)", "", *table]
        lines += [
            "",
            "What the judges still found out of place with situations (84 of 480) comes mostly "
            "from the emotion read (joy suggestions for worry or crying, anger exercises for "
            "fear or money worries) and from surprise items that presuppose news (“take a short "
            "walk to let the news sink in” for “what can you do?”); their reasons are in the file.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("naming", "all", "pairs"), default="all")
    parser.add_argument("--out", type=Path, default=Path("/tmp/hamdel-judge"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    situations = Situations.load()
    if args.part == "pairs":
        pairs(situations, args.out)
        return
    part1 = naming(situations)
    part2 = replies(situations) if args.part == "all" else None
    text = _markdown(situations, part1, part2)
    print(text)
    if not args.no_write:
        write_section("situations", text)


if __name__ == "__main__":
    main()
