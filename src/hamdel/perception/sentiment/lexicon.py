"""Sentiment lexicons on −5..+5: unigrams, bigrams and trigrams, plus the modifier words.

English
    Unigrams (and AFINN's own 30 two-word entries) come from AFINN-165 (Finn Årup Nielsen,
    ODbL-1.0), read as a data file from the installed ``afinn`` package (its Python code is never
    imported), and the emoticons of AFINN-emoticon-8. Our authored additions live in
    ``data/sentiment/en_ngrams.tsv`` (bigrams and trigrams, and a few multiword blockers with
    score 0 such as ``feel like``) and ``emoji.tsv``; an authored entry overrides AFINN.
Persian
    Authored by us in ``data/sentiment/fa_lexicon.tsv`` (lemmas expanded into surface forms by
    :mod:`._persian`), plus ``fa_lexipers.tsv``, adjectives whose polarity comes from LexiPers
    (Sabeti et al. 2016; free use with citation) at a fixed magnitude of 2.

Negators, intensifiers, scope breaks and the past-participle rules are in ``<lang>_rules.json``.
Entries with score 0 carry no sentiment but still *consume* their tokens, which is how a phrase
blocks a misleading unigram (``kind of`` hides ``kind``).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.perception.sentiment import _persian
from hamdel.perception.sentiment._text import ZWNJ, lookup_key

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[4] / "data" / "sentiment"
"""``data/sentiment`` of the source checkout."""


@dataclass(frozen=True)
class Lexicon:
    """Compiled look-up tables of one language (all keys prepared, ZWNJ removed)."""

    language: str
    unigrams: dict[str, float]
    bigrams: dict[str, float]
    trigrams: dict[str, float]
    negators: frozenset[str]
    post_negators: frozenset[str]
    modifiers: dict[str, float]
    breaks: frozenset[str]
    contrast: frozenset[str]
    contrast_weight: float
    not_negated: frozenset[str]
    negation_factor: float
    negation_scope: int
    perfect_auxiliaries: frozenset[str]
    irregular_participles: frozenset[str]
    participle_forms: frozenset[str]
    sources: tuple[str, ...]

    @property
    def bigram_heads(self) -> frozenset[str]:
        return frozenset(k.split(" ", 1)[0] for k in self.bigrams)

    @property
    def trigram_heads(self) -> frozenset[str]:
        return frozenset(k.split(" ", 1)[0] for k in self.trigrams)

    def __len__(self) -> int:
        return len(self.unigrams) + len(self.bigrams) + len(self.trigrams)

    @classmethod
    def load(cls, language: str, data_dir: Path | None = None) -> Lexicon:
        """Build the tables of ``language`` (``"en"`` or ``"fa"``) from ``data_dir``.

        Raises
        ------
        InputError
            For an unknown language or a malformed lexicon line (the file and line are named).
        ModelUnavailableError
            When the data folder or the ``afinn`` package (English) is missing.
        """
        if language not in LANGUAGES:
            raise InputError(f"sentiment language must be one of {LANGUAGES}, got {language!r}")
        root = Path(data_dir) if data_dir is not None else DATA_DIR
        if not root.is_dir():
            raise ModelUnavailableError(f"sentiment data folder {root} is missing")
        rules = _read_json(root / f"{language}_rules.json")
        negation = float(rules["negation_factor"])
        entries: dict[str, float] = {}
        sources: list[str] = []
        if language == "en":
            entries.update({k: s for k, s, _ in _read_tsv(root / "en_unigrams.tsv")})
            sources.append("en_unigrams.tsv")  # additions; AFINN below wins on any overlap
            afinn_dir = _afinn_data_dir()
            afinn = _read_afinn(afinn_dir / "AFINN-en-165.txt")
            blocked = frozenset(lookup_key(w) for w in rules.get("not_generated", []))
            generated = english_forms(afinn, blocked)
            entries = {**generated, **entries}  # generated forms have the lowest priority
            entries.update(afinn)
            entries.update(_read_afinn(afinn_dir / "AFINN-emoticon-8.txt", whole_tokens=True))
            sources += [
                "afinn:AFINN-en-165.txt",
                "afinn:AFINN-emoticon-8.txt",
                f"generated:{len(generated)} inflected AFINN forms",
            ]
            for name in ("emoji.tsv", "en_ngrams.tsv"):
                entries.update({k: s for k, s, _ in _read_tsv(root / name)})
                sources.append(name)
        else:
            collisions = frozenset(lookup_key(w) for w in rules["collisions"])
            emoticons = _afinn_data_dir() / "AFINN-emoticon-8.txt"  # emoticons are universal
            entries.update(_read_afinn(emoticons, whole_tokens=True))
            entries.update({k: s for k, s, _ in _read_tsv(root / "emoji.tsv")})
            sources += ["afinn:AFINN-emoticon-8.txt", "emoji.tsv"]
            for name in ("fa_lexipers.tsv", "fa_lexicon.tsv"):
                entries.update(_persian.expand(_read_tsv(root / name), negation, collisions))
                sources.append(name)
        for word in rules.get("not_scored", []):
            entries.pop(lookup_key(word), None)
        return cls._compile(language, entries, rules, negation, tuple(sources))

    @classmethod
    def _compile(
        cls,
        language: str,
        entries: dict[str, float],
        rules: dict[str, Any],
        negation: float,
        sources: tuple[str, ...],
    ) -> Lexicon:
        tables: tuple[dict[str, float], ...] = ({}, {}, {})
        longer = [key for key in entries if key.count(" ") > 2]
        if longer:  # AFINN has a few four-word entries; Sentimeter stops at trigrams
            logger.debug("%s: %d entries longer than three words skipped", language, len(longer))
        for key, score in entries.items():
            if key and key.count(" ") <= 2:
                tables[key.count(" ")][key] = score
        emoticons = frozenset(k for k in tables[0] if not k[:1].isalnum())
        participles: set[str] = set()
        for stem in rules.get("past_stems", []):
            participles.update(_persian.participle_forms(lookup_key(stem)))

        def keys(name: str) -> frozenset[str]:
            return frozenset(lookup_key(w) for w in rules.get(name, []))

        return cls(
            language=language,
            unigrams=tables[0],
            bigrams=tables[1],
            trigrams=tables[2],
            negators=keys("negators"),
            post_negators=keys("post_negators"),
            modifiers={lookup_key(w): float(f) for w, f in rules.get("modifiers", {}).items()},
            breaks=keys("scope_breaks") | keys("contrast"),
            contrast=keys("contrast"),
            contrast_weight=float(rules.get("contrast_weight", 1.0)),
            not_negated=keys("not_negated") | emoticons,
            negation_factor=negation,
            negation_scope=int(rules.get("negation_scope", 3)),
            perfect_auxiliaries=keys("perfect_auxiliaries"),
            irregular_participles=keys("irregular_participles"),
            participle_forms=frozenset(participles) - keys("not_participles"),
            sources=sources,
        )


def english_forms(words: dict[str, float], blocked: frozenset[str]) -> dict[str, float]:
    """Regular inflections of single-word entries, with the entry's score.

    AFINN lists forms one by one (``idiot`` but not ``idiots``, ``amazing`` but not
    ``amazingly``). For each alphabetic word of 3+ letters this adds the plural/3rd person
    (``-s``, ``-ies``), the adverb (``-ly``, ``-bly``, ``-ily``, ``-ically``), comparative and
    superlative (``-er``/``-est``) and ``-ed``/``-ing``. A form that is a word in its own right
    with another sense (``likely``, ``hardly``, ``friends``) is listed in ``not_generated``.
    """
    out: dict[str, float] = {}
    for word, score in words.items():
        if len(word) < 3 or not word.isalpha() or not word.isascii():
            continue
        for form in _inflections(word):
            if form not in words and form not in blocked:
                out.setdefault(form, score)
    return out


def _inflections(w: str) -> set[str]:
    forms: set[str] = set()
    consonant_y = w.endswith("y") and w[-2] not in "aeiou"
    if consonant_y:
        stem = w[:-1]
        forms |= {stem + "ies", stem + "ily", stem + "ier", stem + "iest", stem + "ied"}
    elif not w.endswith("s"):
        forms.add(w + "s")
    if w.endswith("ble"):
        forms.add(w[:-1] + "y")
    elif w.endswith("ic"):
        forms.add(w + "ally")
    elif not w.endswith("y"):
        forms.add(w + "ly")
    if w.endswith("e"):
        forms |= {w + "r", w + "st", w + "d", w[:-1] + "ing"}
    elif not consonant_y:
        forms |= {w + "er", w + "est", w + "ed", w + "ing"}
        if len(w) == 3 and w[1] in "aeiou" and w[2] not in "aeiouwxy":  # sad -> sadder
            forms |= {w + w[2] + "er", w + w[2] + "est", w + w[2] + "ed", w + w[2] + "ing"}
    return forms


def _afinn_data_dir() -> Path:
    spec = importlib.util.find_spec("afinn")  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "the English sentiment lexicon needs the afinn package: pip install 'afinn>=0.1,<0.2'"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_afinn(path: Path, whole_tokens: bool = False) -> dict[str, float]:
    """AFINN's ``word<TAB>score`` lines; with ``whole_tokens`` (emoticons) an entry our
    tokeniser would split or alter (``:-)))``, ``<333``) is skipped, never merged into another."""
    out: dict[str, float] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            word, _, score = line.rstrip("\n").rpartition("\t")
            if not word:
                raise InputError(f"{path}:{number}: expected 'word<TAB>score'")
            key = lookup_key(word)
            if whole_tokens and key != word.lower():
                continue
            out[key] = float(score)
    return out


def _read_tsv(path: Path) -> list[tuple[str, float, str]]:
    """``entry<TAB>score[<TAB>kind[<TAB>note]]`` lines; ``#`` starts a comment line."""
    if not path.is_file():
        raise ModelUnavailableError(f"sentiment lexicon file {path} is missing")
    rows: list[tuple[str, float, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), 1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            try:
                score = float(row[1])
            except (IndexError, ValueError) as exc:
                raise InputError(f"{path.name}:{number}: expected 'entry<TAB>score'") from exc
            if not -5.0 <= score <= 5.0:
                raise InputError(f"{path.name}:{number}: score {score} is outside -5..+5")
            kind = row[2].strip() if len(row) > 2 and row[2].strip() else "word"
            if kind == "verb":  # "past|present" stems
                rows.append(("|".join(lookup_key(p) for p in row[0].split("|")), score, kind))
                continue
            rows.append((lookup_key(row[0]), score, kind))
            if ZWNJ in row[0] and kind != "verb":  # "بی‌حوصله" is also written "بی حوصله"
                spaced = lookup_key(row[0].replace(ZWNJ, " "))
                if spaced.count(" ") <= 2:
                    rows.append((spaced, score, "phrase"))
    return rows


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ModelUnavailableError(f"sentiment rules file {path} is missing")
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name}: invalid JSON ({exc})") from exc
    return data


__all__ = [
    "DATA_DIR",
    "LANGUAGES",
    "Lexicon",
    "english_forms",
]
