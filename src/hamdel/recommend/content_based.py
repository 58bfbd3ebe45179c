"""The design's "traditional" recommender: content-based, by the words of the person's posts.

Every suggestion and message of the catalogue is a TF-IDF vector of its text (per language);
the person's recent posts are one more vector; items are ranked by cosine similarity to it. No
emotion, no intensity, no profile rules: only the words. The safety rules still hold (the same
:func:`hamdel.knowledge.safe` the engine applies in every variant: hazards of the person's health,
a recent loss, the emotion of the moment, a recent check-in), professional-help items are left
to the engine's "sustained" rule, and what was delivered recently is not repeated.

Words are compared as character n-grams inside words (3–5 characters), so a Persian word meets
its inflected forms («غمگینم» and «غمگین») without a stemmer, and English "tired" meets "tiredness".

>>> engine = ContentBased.load()  # doctest: +SKIP
>>> out = engine.recommend(["I can't sleep: exams tomorrow"], language="en")  # doctest: +SKIP
>>> len(out.suggestions)  # doctest: +SKIP
3
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from hamdel.core.errors import InputError
from hamdel.core.languages import LANGUAGES
from hamdel.knowledge import Ontology, UserGraph, safe, user_graph
from hamdel.perception.text.features import char_ngrams_of
from hamdel.recommend.catalogue import Message, MessageCatalogue
from hamdel.recommend.corpus import Suggestion, SuggestionCorpus
from hamdel.recommend.request import Recommendation, Recommended

VARIANT = "content"
WHY = {
    "en": "It shares words with what you wrote recently.",
    "fa": "با کلمه‌هایی که این اواخر نوشتی هم‌خوانی دارد.",
}
WHY_NONE = {
    "en": "Chosen without your words: nothing you wrote recently matched.",
    "fa": "بدون کلمه‌های تو انتخاب شد: چیزی از نوشته‌های اخیرت با آن جور نبود.",
}
_ARABIC = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, Persian ی/ک for the Arabic forms, ZWNJ kept inside words, spaces folded."""
    return _SPACES.sub(" ", text.translate(_ARABIC).lower()).strip()


_WORD = re.compile(r"[\w\u200c]+")


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """The character n-grams (``low``..``high``) inside each word, the word padded by spaces.

    >>> char_ngrams("Sad", 3, 4)
    [' sa', 'sad', 'ad ', ' sad', 'sad ']
    """
    return [
        gram[2:]  # without the text models' "c:" prefix
        for word in _WORD.findall(normalize(text))
        for gram in char_ngrams_of(word, low, high)
    ]


class Tfidf:
    """TF-IDF over character n-grams inside words: fitted on the catalogue's texts, sublinear
    term frequency, smoothed inverse document frequency, rows of unit length."""

    def __init__(self, ngram: tuple[int, int]) -> None:
        self.ngram = ngram

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        grams = [Counter(char_ngrams(t, *self.ngram)) for t in texts]
        self.vocabulary_ = {g: i for i, g in enumerate(sorted(set().union(*grams)))}
        counts = self._counts(grams)
        df = np.bincount(counts.indices, minlength=len(self.vocabulary_))
        self.idf_ = np.log((1 + len(texts)) / (1 + df)) + 1.0
        return self._weigh(counts)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._weigh(self._counts([Counter(char_ngrams(t, *self.ngram)) for t in texts]))

    def _counts(self, grams: Sequence[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, counted in enumerate(grams):
            for gram, n in counted.items():
                col = self.vocabulary_.get(gram)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
                    values.append(float(n))
        shape = (len(grams), len(self.vocabulary_))
        return sparse.csr_matrix((values, (rows, cols)), shape=shape)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weighted = counts.copy()
        weighted.data = 1.0 + np.log(weighted.data)
        weighted = sparse.csr_matrix(weighted.multiply(self.idf_[None, :]))
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        scale = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0))
        return sparse.csr_matrix(scale @ weighted)


@dataclass(frozen=True)
class ContentConfig:
    """``max_posts``: how many of the newest posts make the person's vector."""

    n_suggestions: int = 3
    max_posts: int = 20
    ngram: tuple[int, int] = (3, 5)


class ContentBased:
    """Items ranked by TF-IDF cosine to the person's recent posts (see the module docstring)."""

    def __init__(
        self,
        items: Sequence[Suggestion],
        messages: Sequence[Message],
        ontology: Ontology,
        config: ContentConfig | None = None,
    ) -> None:
        self.config = config or ContentConfig()
        self.items = tuple(s for s in items if not s.professional)
        self.messages = tuple(messages)
        self.ontology = ontology
        self._default_user = user_graph({}, ontology)
        self._vectorizers: dict[str, Tfidf] = {}
        self._item_vectors: dict[str, Any] = {}
        self._message_vectors: dict[str, Any] = {}
        for lang in LANGUAGES:
            vectorizer = Tfidf(self.config.ngram)
            texts = [s.text(lang) for s in self.items] + [m.text(lang) for m in self.messages]
            matrix = vectorizer.fit_transform(texts)
            self._vectorizers[lang] = vectorizer
            self._item_vectors[lang] = matrix[: len(self.items)]
            self._message_vectors[lang] = matrix[len(self.items) :]

    @classmethod
    def load(
        cls,
        corpus: str | Path | None = None,
        catalogue: str | Path | None = None,
        ontology: str | Path | None = None,
        config: ContentConfig | None = None,
    ) -> ContentBased:
        """The shipped suggestion corpus, message catalogue and ontology (or the ones given)."""
        return cls(
            SuggestionCorpus.load(corpus).items,
            MessageCatalogue.load(catalogue).messages,
            Ontology.load(ontology),
            config,
        )

    def similarity(self, posts: Sequence[str], language: str) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of every suggestion and every message to the newest ``max_posts`` posts."""
        if language not in LANGUAGES:
            raise InputError(f"content-based recommender: unknown language {language!r}")
        recent = [p for p in posts if isinstance(p, str) and p.strip()][-self.config.max_posts :]
        if not recent:
            return np.zeros(len(self.items)), np.zeros(len(self.messages))
        query = self._vectorizers[language].transform([" ".join(recent)])
        items = (self._item_vectors[language] @ query.T).toarray().ravel()
        messages = (self._message_vectors[language] @ query.T).toarray().ravel()
        return items, messages

    def recommend(
        self,
        posts: Sequence[str],
        *,
        language: str = "en",
        user: UserGraph | None = None,
        recent: Iterable[str] = (),
        emotion: str | None = None,
        concern: bool = False,
        want: str = "both",
        seed: int = 0,
    ) -> Recommendation:
        """Up to ``n_suggestions`` suggestions and one message for the person who wrote
        ``posts`` (oldest first); ``recent``: item ids delivered within the novelty window."""
        if want not in ("both", "suggestions", "message"):
            raise InputError(f"unknown output {want!r}; use both, suggestions or message")
        person = user if user is not None else self._default_user
        seen = set(recent)
        items_sim, messages_sim = self.similarity(posts, language)
        rng = np.random.default_rng(seed)
        notes: list[str] = []
        if not items_sim.any():
            notes.append("no word of the recent posts matched: ranked at random")
        suggestions: tuple[Recommended, ...] = ()
        if want != "message":
            picked = self._best(self.items, items_sim, seen, person, emotion, concern, rng,
                                self.config.n_suggestions)  # fmt: skip
            suggestions = tuple(
                self._recommended(self.items[i], "suggestion", float(items_sim[i]), language)
                for i in picked
            )
        message = None
        if want != "suggestions":
            best = self._best(self.messages, messages_sim, seen, person, emotion, concern, rng, 1)
            if best:
                i = best[0]
                message = self._recommended(self.messages[i], "message", float(messages_sim[i]),
                                            language)  # fmt: skip
        return Recommendation(suggestions, message, VARIANT, tuple(notes))

    def _best(
        self,
        pool: Sequence[Suggestion] | Sequence[Message],
        score: np.ndarray,
        seen: set[str],
        person: UserGraph,
        emotion: str | None,
        concern: bool,
        rng: np.random.Generator,
        n: int,
    ) -> list[int]:
        """The ``n`` most similar safe items not delivered recently (ties broken at random)."""
        order = np.lexsort((rng.random(len(pool)), -score))
        chosen: list[int] = []
        for i in order:
            item = pool[int(i)]
            if item.id in seen:
                continue
            if not safe(item, person, emotion=emotion, concern=concern).allowed:
                continue
            chosen.append(int(i))
            if len(chosen) == n:
                break
        return chosen

    @staticmethod
    def _recommended(
        item: Suggestion | Message, kind: str, similarity: float, language: str
    ) -> Recommended:
        message = item if isinstance(item, Message) else None
        return Recommended(
            id=item.id,
            kind=kind,
            text=item.text(language),
            texts=item.texts,
            why=(WHY if similarity > 0 else WHY_NONE)[language],
            score=similarity,
            group=f"content:{kind}",
            message_kind=message.kind if message else None,
            intensity=message.intensity if message else None,
            minutes=item.minutes if isinstance(item, Suggestion) else None,
        )


__all__ = ["VARIANT", "ContentBased", "ContentConfig", "Tfidf", "char_ngrams", "normalize"]
