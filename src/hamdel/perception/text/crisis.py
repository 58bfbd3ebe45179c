"""Crisis language (suicide, self-harm) in English and Persian: recall first, with evidence.

Layers; the text is flagged when any fires:

1. :class:`CrisisLexicon`, an authored pattern list (``data/text/crisis_lexicon.toml``). An idiom
   ("this traffic is killing me", «از خنده دارم می‌میرم») cancels only the matches it overlaps;
   a negation ("I would never kill myself") cancels a match only when it clearly governs it and
   the sentence has no hedge ("but", "sometimes", "anymore", «ولی», «گاهی» ...).
2. Whole-text layers (:class:`CrisisLayer`): a head on multilingual embeddings trained on
   authored crisis sentences and everyday messages (:mod:`.crisis_semantic`), and a classifier
   trained on r/SuicideWatch against other subreddits (long English posts). They judge the text
   with known idioms blanked out; when an idiom was present they need a score of at least
   :data:`IDIOM_LAYER_SCORE`.

Every decision carries its :class:`CrisisEvidence` so the caller can say why.

>>> lex = CrisisLexicon.load()
>>> [e.pattern_id for e in lex.find("I want to end my life")]
['en.end_my_life']
>>> lex.find("this traffic is killing me")
()
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hamdel.perception.text.normalize import clean_input, detect_language, normalize

DEFAULT_LEXICON = Path(__file__).resolve().parents[4] / "data" / "text" / "crisis_lexicon.toml"

IDIOM_LAYER_SCORE = 0.5
"""When the message holds a known idiom ("this traffic is killing me"), a whole-text layer
flags it only at this score or above (on the text with the idiom blanked out)."""

_WB_START = r"(?<![\w\u200c])"
_WB_END = r"(?![\w\u200c])"
_SENTENCE_END = re.compile(r"[.!?؟\n;]+")


@dataclass(frozen=True)
class CrisisEvidence:
    """One piece of evidence: a lexicon match (``source="lexicon"``) or the classifier score."""

    source: str
    kind: str
    pattern_id: str
    text: str
    start: int = -1
    end: int = -1
    score: float = 1.0
    negated: bool = False
    idiom: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CrisisResult:
    """The decision on one text: ``flag`` plus the evidence that fired (and what was cancelled)."""

    flag: bool
    score: float
    language: str
    evidence: tuple[CrisisEvidence, ...] = field(default_factory=tuple)

    @property
    def fired(self) -> tuple[CrisisEvidence, ...]:
        """Evidence that counts (not negated, not inside an idiom)."""
        return tuple(e for e in self.evidence if not e.negated and e.idiom is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "flag": self.flag,
            "score": round(self.score, 4),
            "language": self.language,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def _compile(pattern: str) -> re.Pattern[str]:
    body = pattern.replace("\u200c", "[\u200c ]?")  # a written ZWNJ also matches none or a space
    body = body.replace("_?", r"[\s\u200c]*").replace("_", r"[\s\u200c]+")
    body = body.replace("~", r"[\s\u200c]?")
    return re.compile(_WB_START + "(?:" + body + ")" + _WB_END)


@dataclass(frozen=True)
class _Rule:
    id: str
    kind: str
    regex: re.Pattern[str]
    negatable: bool


@dataclass(frozen=True)
class _LanguageRules:
    patterns: tuple[_Rule, ...]
    idioms: tuple[tuple[str, re.Pattern[str]], ...]
    negators: re.Pattern[str]
    hedges: re.Pattern[str]
    negated_verbs: re.Pattern[str] | None
    window: int


class CrisisLexicon:
    """Authored crisis patterns, idioms, negators and hedges for ``en`` and ``fa``."""

    def __init__(self, rules: dict[str, _LanguageRules]) -> None:
        self._rules = rules

    @classmethod
    def load(cls, path: str | Path | None = None) -> CrisisLexicon:
        """Read the TOML lexicon (default: the one shipped in ``data/text``)."""
        raw = tomllib.loads(Path(path or DEFAULT_LEXICON).read_text(encoding="utf-8"))
        rules = {}
        for lang, spec in raw.items():
            rules[lang] = _LanguageRules(
                patterns=tuple(
                    _Rule(p["id"], p["kind"], _compile(p["re"]), bool(p.get("negatable", True)))
                    for p in spec["patterns"]
                ),
                idioms=tuple((i["id"], _compile(i["re"])) for i in spec.get("idioms", [])),
                negators=re.compile(spec["negators"]),
                hedges=re.compile(spec["hedges"]),
                negated_verbs=(
                    re.compile(spec["negated_verbs"]) if "negated_verbs" in spec else None
                ),
                window=int(spec.get("negation_window", 5)),
            )
        return cls(rules)

    @property
    def pattern_ids(self) -> tuple[str, ...]:
        return tuple(r.id for rules in self._rules.values() for r in rules.patterns)

    def without_idioms(self, text: str) -> str:
        """``text`` with every idiom the lexicon knows blanked out ("this traffic is killing
        me" -> "this traffic "): whole-text layers judge what is left, so a known idiom cannot
        raise a flag through them, while the rest of the message still counts."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return text
        spans = [span for rules in self._rules.values() for span in _idiom_spans(rules, lowered)]
        if not spans:
            return text
        chars = list(text)
        for _, start, end in spans:
            chars[start:end] = " " * (end - start)
        return "".join(chars)

    def find(self, text: str, *, include_cancelled: bool = False) -> tuple[CrisisEvidence, ...]:
        """Evidence in an already normalised text; both languages' rules run (mixed text)."""
        lowered = text.lower()
        found: list[CrisisEvidence] = []
        for rules in self._rules.values():
            idiom_spans = _idiom_spans(rules, lowered)
            for rule in rules.patterns:
                for m in rule.regex.finditer(lowered):
                    idiom = next(
                        (iid for iid, s, e in idiom_spans if s < m.end() and m.start() < e), None
                    )
                    negated = idiom is None and rule.negatable and _is_negated(lowered, m, rules)
                    ev = CrisisEvidence(
                        "lexicon",
                        rule.kind,
                        rule.id,
                        text[m.start() : m.end()],
                        m.start(),
                        m.end(),
                        1.0,
                        negated,
                        idiom,
                    )
                    if include_cancelled or not (negated or idiom):
                        found.append(ev)
        return tuple(sorted(found, key=lambda e: e.start))


def _idiom_spans(rules: _LanguageRules, lowered: str) -> list[tuple[str, int, int]]:
    """``(idiom id, start, end)`` of every idiom of one language in lower-cased text."""
    return [(iid, m.start(), m.end()) for iid, rx in rules.idioms for m in rx.finditer(lowered)]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    nxt = _SENTENCE_END.search(text, end)
    return left, nxt.start() if nxt else len(text)


def _is_negated(text: str, match: re.Match[str], rules: _LanguageRules) -> bool:
    """True only when a negator clearly governs the match and nothing after it hedges."""
    s_start, s_end = _sentence_bounds(text, match.start(), match.end())
    before = text[s_start : match.start()]
    words = before.split()[-rules.window :]
    window_start = s_start + len(before) - len(" ".join(words)) if words else match.start()
    neg = rules.negators.search(text, window_start, match.start())
    neg_at = neg.start() if neg else -1
    if neg and re.search(r"\b(?:said|say|thought|knew|told)\b", text[neg.end() : match.start()]):
        neg_at = -1  # "I never said I want to die" does not negate the wish
    if neg_at < 0 and rules.negated_verbs is not None:
        after = " ".join(text[match.start() : s_end].split()[: rules.window + 3])
        if rules.negated_verbs.search(after):
            neg_at = match.start()
    if neg_at < 0:
        return False
    # a hedge from the negation onwards ("not suicidal, but ...", "not today") keeps the flag
    return not rules.hedges.search(text, neg_at, s_end)


@dataclass(frozen=True)
class LayerScore:
    """One layer's verdict on one text."""

    score: float
    fired: bool
    detail: str = ""


class CrisisLayer(Protocol):
    """A whole-text layer (embedding head, classifier, prototype similarity):
    ``score(texts, langs)``."""

    name: str

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]: ...


class ThresholdLayer:
    """Wrap a probability function ``f(texts, langs) -> probabilities`` as a layer."""

    def __init__(
        self,
        name: str,
        fn: Callable[[Sequence[str], Sequence[str]], Sequence[float]],
        threshold: float = 0.5,
    ) -> None:
        self.name = name
        self.fn = fn
        self.threshold = threshold

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]:
        return [LayerScore(float(p), float(p) >= self.threshold) for p in self.fn(texts, langs)]


class CrisisDetector:
    """Lexicon OR any layer; ``CrisisDetector.load(...)`` then :meth:`predict`.

    Parameters
    ----------
    lexicon
        The authored rules.
    layers
        Whole-text layers (:class:`CrisisLayer`); none runs the lexicon alone.
    """

    def __init__(self, lexicon: CrisisLexicon, layers: Sequence[CrisisLayer] = ()) -> None:
        self.lexicon = lexicon
        self.layers = tuple(layers)

    @classmethod
    def load(
        cls, lexicon_path: str | Path | None = None, layers: Sequence[CrisisLayer] = ()
    ) -> CrisisDetector:
        return cls(CrisisLexicon.load(lexicon_path), layers)

    def predict(self, text: str) -> CrisisResult:
        """Decide on one text (raises :class:`~hamdel.core.errors.TextError` on bad input)."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[CrisisResult]:
        normed = [normalize(clean_input(t)) for t in texts]
        langs = [detect_language(t) for t in normed]
        judged = [self.lexicon.without_idioms(t) for t in normed] if self.layers else normed
        has_idiom = [j != t for j, t in zip(judged, normed, strict=True)]
        # a message that is nothing but an idiom is left blank: score "." instead
        judged = [j if j.strip() else "." for j in judged]
        layer_scores = [layer.score(judged, langs) for layer in self.layers]
        results = []
        for i, (text, lang) in enumerate(zip(normed, langs, strict=True)):
            evidence = list(self.lexicon.find(text, include_cancelled=True))
            fired = any(not e.negated and e.idiom is None for e in evidence)
            score = 1.0 if fired else 0.0
            for layer, scores in zip(self.layers, layer_scores, strict=True):
                ls = scores[i]
                score = max(score, ls.score)
                # a known idiom explains the dramatic words: a layer then needs a clear score
                if ls.fired and (not has_idiom[i] or ls.score >= IDIOM_LAYER_SCORE):
                    fired = True
                    evidence.append(
                        CrisisEvidence(
                            layer.name,
                            getattr(layer, "kind", "classifier"),
                            layer.name,
                            ls.detail,
                            score=round(ls.score, 4),
                        )
                    )
            results.append(CrisisResult(fired, score, lang, tuple(evidence)))
        return results


__all__ = [
    "CrisisDetector",
    "CrisisEvidence",
    "CrisisLayer",
    "CrisisLexicon",
    "CrisisResult",
    "LayerScore",
    "ThresholdLayer",
]
