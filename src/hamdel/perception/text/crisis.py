"""Crisis language (suicide, self-harm) in English and Persian: recall first, with evidence.

Every text gets one of three outcomes (:data:`OUTCOMES`):

* ``crisis``: clear language: first-person intent, a plan or means, self-harm now, an attempt in
  progress, a farewell (a lexicon pattern of that kind, or the embedding head at its crisis
  threshold);
* ``check_in``: uncertain (passive wishes, hopelessness about living, the topic named, the head
  between its two thresholds): the person gets the normal reply plus one direct question;
* ``none``.

Distance caps the outcome at ``check_in``: a negated match, a known idiom, or a context cue in the
lexicon (the past and recovery, news and fiction, someone else, grief). A sentence with a past,
news or third-person cue cannot make its own crisis words a ``crisis``; first-person intent in
another sentence still counts.

Layers:

1. :class:`CrisisLexicon`, an authored pattern list (``data/text/crisis_lexicon.toml``). An idiom
   ("this traffic is killing me", «از خنده دارم می‌میرم») cancels only the matches it overlaps;
   a negation ("I would never kill myself") cancels a match only when it clearly governs it and
   the sentence has no hedge ("but", "sometimes", "anymore", «ولی», «گاهی» ...).
2. Whole-text layers (:class:`CrisisLayer`): a head on multilingual embeddings trained on
   authored crisis sentences and everyday messages (:mod:`.crisis_semantic`), and a classifier
   trained on r/SuicideWatch against other subreddits (long English posts). They judge the text
   with known idioms blanked out; when an idiom was present they need a score of at least
   :data:`IDIOM_LAYER_SCORE`.

A cheap first stage (:attr:`CrisisDetector.screen`, TF-IDF over words and characters, both
languages) clears most everyday text before the embedding head runs; a text it clears has no
lexicon evidence at all and a screen score below the recall-first threshold.

Every decision carries its :class:`CrisisEvidence` and the ``reasons`` for its outcome, so the
caller can say why.

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
from typing import Any, Final, Literal, Protocol

from hamdel.perception.text.normalize import clean_input, detect_language, normalize

DEFAULT_LEXICON = Path(__file__).resolve().parents[4] / "data" / "text" / "crisis_lexicon.toml"

IDIOM_LAYER_SCORE = 0.5
"""When the message holds a known idiom ("this traffic is killing me"), a whole-text layer
flags it only at this score or above (on the text with the idiom blanked out)."""

Outcome = Literal["none", "check_in", "crisis"]
NONE: Final = "none"
CHECK_IN: Final = "check_in"
CRISIS: Final = "crisis"
OUTCOMES: tuple[Outcome, ...] = (NONE, CHECK_IN, CRISIS)
_RANK = {NONE: 0, CHECK_IN: 1, CRISIS: 2}
INTENT_KINDS = frozenset({"direct", "plan", "self_harm", "farewell"})
"""Lexicon kinds that make a ``crisis`` when they are the writer's own (not a topic pattern,
not negated, not inside an idiom, not in a sentence with a past, news or third-person cue)."""
SENTENCE_CUES = frozenset({"past", "news", "third_person"})
"""Context cues that take the crisis words of their own sentence out of first-person intent."""

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
    topic: bool = False
    """The pattern names the subject ("suicide") rather than the writer's intent."""
    distanced: str | None = None
    """The context cue in the same sentence (past, news, third_person) that keeps this match
    from being first-person intent, if any."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ContextCue:
    """A lexicon cue that puts crisis words at a distance (``kind``: past, news, third_person,
    grief, negated)."""

    id: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class CrisisResult:
    """The decision on one text: the ``outcome``, why (``reasons``), and the evidence that fired
    (and what was cancelled). ``degraded``: a layer that should have judged could not load."""

    outcome: Outcome
    score: float
    language: str
    evidence: tuple[CrisisEvidence, ...] = field(default_factory=tuple)
    reasons: tuple[str, ...] = field(default_factory=tuple)
    context: tuple[ContextCue, ...] = field(default_factory=tuple)
    degraded: bool = False

    @property
    def flag(self) -> bool:
        """A crisis: crisis resources first, contacts warned."""
        return self.outcome == CRISIS

    @property
    def check_in(self) -> bool:
        """Uncertain: the normal reply plus a direct question."""
        return self.outcome == CHECK_IN

    @property
    def fired(self) -> tuple[CrisisEvidence, ...]:
        """Evidence that counts (not negated, not inside an idiom)."""
        return tuple(e for e in self.evidence if not e.negated and e.idiom is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "flag": self.flag,
            "score": round(self.score, 4),
            "language": self.language,
            "reasons": list(self.reasons),
            "context": [asdict(c) for c in self.context],
            "degraded": self.degraded,
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
    topic: bool = False


@dataclass(frozen=True)
class _LanguageRules:
    patterns: tuple[_Rule, ...]
    idioms: tuple[tuple[str, re.Pattern[str]], ...]
    negators: re.Pattern[str]
    hedges: re.Pattern[str]
    negated_verbs: re.Pattern[str] | None
    window: int
    context: tuple[tuple[str, str, re.Pattern[str]], ...] = ()


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
                    _Rule(
                        p["id"],
                        p["kind"],
                        _compile(p["re"]),
                        bool(p.get("negatable", True)),
                        bool(p.get("topic", False)),
                    )
                    for p in spec["patterns"]
                ),
                context=tuple(
                    (c["id"], c["kind"], _compile(c["re"])) for c in spec.get("context", [])
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

    def context(self, text: str) -> tuple[ContextCue, ...]:
        """Context cues (past, news, third_person, grief) in an already normalised text."""
        lowered = text.lower()
        cues = [
            ContextCue(cid, kind, m.start(), m.end())
            for rules in self._rules.values()
            for cid, kind, rx in rules.context
            for m in rx.finditer(lowered)
        ]
        return tuple(sorted(cues, key=lambda c: c.start))

    def find(
        self,
        text: str,
        *,
        include_cancelled: bool = False,
        context: tuple[ContextCue, ...] | None = None,
    ) -> tuple[CrisisEvidence, ...]:
        """Evidence in an already normalised text; every language's rules run (mixed text).
        A match in a sentence with a past, news or third-person cue carries that cue in
        ``distanced`` (``context``: the text's cues, when the caller has them already)."""
        lowered = text.lower()
        found: list[CrisisEvidence] = []
        cues = [c for c in context or self.context(text) if c.kind in SENTENCE_CUES]
        for rules in self._rules.values():
            idiom_spans = _idiom_spans(rules, lowered)
            for rule in rules.patterns:
                for m in rule.regex.finditer(lowered):
                    idiom = next(
                        (iid for iid, s, e in idiom_spans if s < m.end() and m.start() < e), None
                    )
                    negated = idiom is None and rule.negatable and _is_negated(lowered, m, rules)
                    s_start, s_end = _sentence_bounds(lowered, m.start(), m.end())
                    cue = next((c.kind for c in cues if s_start <= c.start < s_end), None)
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
                        rule.topic,
                        cue,
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


_CLAUSE_BREAK = re.compile(r"[,،;؛:]|\s(?:but|yet|and now|ولی|اما|بلکه|و الان|الانم)\s")
_INTENSIFIERS = frozenset(
    [
        "ever",
        "again",
        "really",
        "truly",
        "even",
        "و",
        "هرگز",
        "اصلا",
        "اصلاً",
        "هیچ\u200cوقت",
        "هیچوقت",
        "دیگه",
        "دیگر",
    ]
)


def _clause_start(text: str, start: int, end: int) -> int:
    """Where the clause holding ``end`` begins within ``text[start:end]``: a negation does not
    reach over a comma or a "but" into the next clause ("I don't want to live, I want to kill
    myself" negates nothing), unless only an intensifier follows ("never, ever ...")."""
    breaks = list(_CLAUSE_BREAK.finditer(text, start, end))
    if not breaks:
        return start
    after = breaks[-1].end()
    words = [w.strip(".!?…") for w in text[after:end].split()]
    if all(w in _INTENSIFIERS for w in words if w):
        return start
    return after


def _is_negated(text: str, match: re.Match[str], rules: _LanguageRules) -> bool:
    """True only when a negator clearly governs the match and nothing after it hedges."""
    s_start, s_end = _sentence_bounds(text, match.start(), match.end())
    before = text[s_start : match.start()]
    starts = [m.start() for m in re.finditer(r"\S+", before)][-rules.window :]
    window_start = s_start + starts[0] if starts else match.start()
    window_start = _clause_start(text, window_start, match.start())
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
    """One layer's verdict on one text: ``fired`` at its check-in threshold, ``urgent`` at its
    crisis threshold (a layer without one never is)."""

    score: float
    fired: bool
    detail: str = ""
    urgent: bool = False


class CrisisLayer(Protocol):
    """A whole-text layer (embedding head, classifier, prototype similarity):
    ``score(texts, langs)``."""

    name: str

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]: ...


class ThresholdLayer:
    """Wrap a probability function ``f(texts, langs) -> probabilities`` as a layer that fires at
    ``threshold`` (a check-in) and, when ``urgent_threshold`` is given, is urgent at it."""

    def __init__(
        self,
        name: str,
        fn: Callable[[Sequence[str], Sequence[str]], Sequence[float]],
        threshold: float = 0.5,
        urgent_threshold: float | None = None,
    ) -> None:
        self.name = name
        self.fn = fn
        self.threshold = threshold
        self.urgent_threshold = urgent_threshold

    def score(self, texts: Sequence[str], langs: Sequence[str]) -> list[LayerScore]:
        u = self.urgent_threshold
        return [
            LayerScore(float(p), float(p) >= self.threshold, "", u is not None and float(p) >= u)
            for p in self.fn(texts, langs)
        ]


@dataclass(frozen=True)
class ScreenVerdict:
    """The first stage on one text: ``clear`` (no whole-text layer needed: below a recall-first
    threshold) and ``confirms`` (high enough to back a layer's crisis-level score)."""

    score: float
    clear: bool
    confirms: bool


class Screen(Protocol):
    """The cheap first stage (a different model from the layers): ``judge(texts, langs)``."""

    def judge(self, texts: Sequence[str], langs: Sequence[str]) -> list[ScreenVerdict]: ...


class CrisisDetector:
    """Lexicon, context cues and whole-text layers decide one of three outcomes;
    ``CrisisDetector.load(...)`` then :meth:`predict`.

    Parameters
    ----------
    lexicon
        The authored rules.
    layers
        Whole-text layers (:class:`CrisisLayer`); none runs the lexicon alone.
    screen
        Optional cheap first stage: a text it clears, with no lexicon evidence, skips the
        layers (they are the costly part); and a layer's crisis-level score makes a crisis only
        when the screen confirms it (two different models must agree before contacts are
        warned on the layers' word alone).
    degraded
        Names of layers that should be there and could not load (the lexicon alone decides
        more than it should); every result says so.
    """

    def __init__(
        self,
        lexicon: CrisisLexicon,
        layers: Sequence[CrisisLayer] = (),
        screen: Screen | None = None,
        degraded: Sequence[str] = (),
    ) -> None:
        self.lexicon = lexicon
        self.layers = tuple(layers)
        self.screen = screen
        self.degraded = tuple(degraded)

    @classmethod
    def load(
        cls, lexicon_path: str | Path | None = None, layers: Sequence[CrisisLayer] = ()
    ) -> CrisisDetector:
        return cls(CrisisLexicon.load(lexicon_path), layers)

    def predict(self, text: str) -> CrisisResult:
        """Decide on one text (raises :class:`~hamdel.core.errors.TextError` on bad input)."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[CrisisResult]:
        normed, langs, cues, found, verdicts, need = self._first_stage(texts)
        layer_scores = self._score_layers([normed[i] for i in need], [langs[i] for i in need])
        by_text = dict(zip(need, layer_scores, strict=True))
        return [
            self._decide(langs[i], found[i], cues[i], by_text.get(i), verdicts[i])
            for i in range(len(normed))
        ]

    def layer_texts(self, texts: Sequence[str]) -> list[str]:
        """What the whole-text layers will judge when these texts are checked: the normalised
        texts the first stage does not clear, and their versions with known idioms blanked
        out. A batch reader embeds them together first (the layers then find them)."""
        if not self.layers:
            return []
        normed, *_, need = self._first_stage(texts)
        judged = [normed[i] for i in need]
        blanked = [self.lexicon.without_idioms(t) for t in judged]
        return judged + [
            b if b.strip() else "." for b, t in zip(blanked, judged, strict=True) if b != t
        ]

    def _first_stage(
        self, texts: Sequence[str]
    ) -> tuple[
        list[str],
        list[str],
        list[tuple[ContextCue, ...]],
        list[tuple[CrisisEvidence, ...]],
        list[ScreenVerdict | None],
        list[int],
    ]:
        """Normalised texts, languages, context cues, lexicon evidence, screen verdicts, and
        which texts the layers must judge."""
        normed = [normalize(clean_input(t)) for t in texts]
        langs: list[str] = [detect_language(t) for t in normed]
        cues = [self.lexicon.context(t) for t in normed]
        found = [
            self.lexicon.find(t, include_cancelled=True, context=c)
            for t, c in zip(normed, cues, strict=True)
        ]
        need = list(range(len(normed)))
        verdicts: list[ScreenVerdict | None] = [None] * len(normed)
        if self.screen is not None and self.layers:
            verdicts = list(self.screen.judge(normed, langs))
            need = [i for i in need if found[i] or not verdicts[i].clear]  # type: ignore[union-attr]
        return normed, langs, cues, found, verdicts, need

    def _score_layers(
        self, texts: list[str], langs: list[str]
    ) -> list[list[tuple[CrisisLayer, LayerScore, bool]]]:
        """Each text's ``(layer, score, idiom present)``. A message with an idiom the lexicon
        knows is scored with and without it, and the lower score counts: the idiom explains
        the dramatic words, and what is left alone ("after the night shift") must not be read
        as if it were the whole message."""
        if not texts or not self.layers:
            return [[] for _ in texts]
        blanked = [self.lexicon.without_idioms(t) for t in texts]
        has_idiom = [b != t for b, t in zip(blanked, texts, strict=True)]
        extra = [i for i, h in enumerate(has_idiom) if h]
        judged = texts + [blanked[i] if blanked[i].strip() else "." for i in extra]
        judged_langs = langs + [langs[i] for i in extra]
        out: list[list[tuple[CrisisLayer, LayerScore, bool]]] = [[] for _ in texts]
        for layer in self.layers:
            scores = layer.score(judged, judged_langs)
            for i in range(len(texts)):
                out[i].append((layer, scores[i], has_idiom[i]))
            for k, i in enumerate(extra):
                alt = scores[len(texts) + k]
                if alt.score < out[i][-1][1].score:
                    out[i][-1] = (layer, alt, True)
        return out

    def _decide(
        self,
        lang: str,
        evidence_found: tuple[CrisisEvidence, ...],
        cues: tuple[ContextCue, ...],
        scored: list[tuple[CrisisLayer, LayerScore, bool]] | None,
        verdict: ScreenVerdict | None,
    ) -> CrisisResult:
        evidence = list(evidence_found)
        live = [e for e in evidence if not e.negated and e.idiom is None]
        intent = [e for e in live if e.kind in INTENT_KINDS and not e.topic and not e.distanced]
        outcome: Outcome = NONE
        reasons: list[str] = []
        score = 1.0 if intent else 0.0
        if intent:
            outcome = CRISIS
            reasons.append(f"first-person {intent[0].kind}: {intent[0].pattern_id}")
        elif live:
            outcome = CHECK_IN
            e = live[0]
            why = "names the topic" if e.topic else e.kind
            if e.distanced:
                why += f", at a distance ({e.distanced})"
            reasons.append(f"lexicon {why}: {e.pattern_id}")
            score = 0.5
        caps = sorted(
            {c.kind for c in cues}
            | ({"negation"} if any(e.negated for e in evidence) else set())
            | ({"idiom"} if any(e.idiom for e in evidence) else set())
        )
        layer_level: Outcome = NONE
        for layer, ls, has_idiom in scored or []:
            score = max(score, ls.score)
            if not ls.fired or (has_idiom and ls.score < IDIOM_LAYER_SCORE):
                continue
            confirmed = verdict is None or verdict.confirms
            level: Outcome = CRISIS if ls.urgent and confirmed else CHECK_IN
            if ls.urgent and not confirmed:
                reasons.append("crisis-level score not confirmed by the first stage")
            if has_idiom and "idiom" not in caps:
                caps.append("idiom")
            evidence.append(
                CrisisEvidence(
                    layer.name,
                    getattr(layer, "kind", "classifier"),
                    layer.name,
                    ls.detail,
                    score=round(ls.score, 4),
                )
            )
            if _RANK[level] > _RANK[layer_level]:
                layer_level = level
        if live and not intent and all(e.kind == "indirect" for e in live):
            caps.append("hopelessness, not intent")  # the words say how it feels, not a plan
        if layer_level != NONE:
            if layer_level == CRISIS and caps and not intent:
                layer_level = CHECK_IN
                reasons.append("whole-text layers: crisis level, capped by " + ", ".join(caps))
            else:
                reasons.append(f"whole-text layers: {layer_level}")
            if _RANK[layer_level] > _RANK[outcome]:
                outcome = layer_level
        if scored is None and verdict is not None and verdict.clear:
            reasons.append("cleared by the first stage")
        return CrisisResult(
            outcome,
            score,
            lang,
            tuple(evidence),
            tuple(reasons),
            cues,
            bool(self.degraded),
        )


__all__ = [
    "CHECK_IN",
    "CRISIS",
    "NONE",
    "OUTCOMES",
    "ContextCue",
    "CrisisDetector",
    "CrisisEvidence",
    "CrisisLayer",
    "CrisisLexicon",
    "CrisisResult",
    "LayerScore",
    "Outcome",
    "Screen",
    "ScreenVerdict",
    "ThresholdLayer",
]
