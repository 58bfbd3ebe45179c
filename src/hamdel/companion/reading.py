"""Read many texts at once (imported posts), each exactly as one written message is read.

:func:`read_texts` is the batch form of :func:`~hamdel.companion.service.read_text`: the crisis
check of every text first (the same detector, all layers, each text judged on its own), then
emotion, depression and stress of the batch in one pass of the analyzer (one embedding call,
each linear head once over its rows), then sentiment per text. Each text's result is put
together by :func:`~hamdel.companion.service.complete_reading`, as
:func:`~hamdel.companion.service.read_text` puts one together, so one-by-one and batch
readings cannot drift apart.

The batch path needs a :class:`BatchTextReader` as the components' text reader, with its own
:meth:`BatchTextReader.check` as their crisis check (what
:func:`~hamdel.companion.components.load_text` gives the service); any
other components are read one text at a time, as before. A text that cannot be read (empty,
not text) comes back as its error, and the others are read.

>>> reader = load_text(None)  # doctest: +SKIP
>>> components = Components(crisis=reader.check, text=reader)  # doctest: +SKIP
>>> read_texts(components, [PostText("so tired of all this", "auto", {})])  # doctest: +SKIP
[TextRead(signal=Signal(source='text', ...), language='en')]
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hamdel.companion.assessment import Signal
from hamdel.companion.components import crisis_signal
from hamdel.companion.service import (
    Components,
    TextRead,
    complete_reading,
    model_language,
    read_text,
)
from hamdel.core.errors import HamdelError
from hamdel.core.languages import LANGUAGES

if TYPE_CHECKING:
    from hamdel.perception.text.analyzer import TextAnalysis, TextAnalyzer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostText:
    """One text to read: its ``language`` (``en``, ``fa`` or ``auto``) and the writer's
    consented profile (eSM2 uses a part of it)."""

    text: str
    language: str = "auto"
    profile: Mapping[str, Any] = field(default_factory=dict)


def _text_signal(a: TextAnalysis) -> Signal:
    """The text reader's signal of one analysis (its crisis outcome included)."""
    return crisis_signal(
        a.crisis,
        emotion_scores=dict(a.emotions) if a.dominant_emotion is not None else None,
        depression_p=a.depression_p,
        stress_p=a.stress_p,
        notes=a.notes,
    )


class BatchTextReader:
    """The text analyzer as the companion reads it: :meth:`check` (the crisis check),
    ``reader(text, language)`` (a :class:`~hamdel.companion.service.TextReader`, reusing the
    check's result for the same text) and :meth:`read_many`."""

    def __init__(self, analyzer: TextAnalyzer) -> None:
        self.analyzer = analyzer
        # the check and the reader see the same text one after the other: a few entries are
        # enough (and no more of what people wrote is kept in memory)
        self._decide = lru_cache(maxsize=16)(analyzer.crisis.predict)

    def check(self, text: str) -> Signal:
        """The crisis outcome of one text (a :class:`~hamdel.companion.service.CrisisCheck`)."""
        return crisis_signal(self._decide(text))

    def __call__(self, text: str, language: str) -> Signal:
        lang = language if language in LANGUAGES else "auto"
        return _text_signal(self.analyzer.analyze(text, lang=lang, crisis=self._decide(text)))

    def read_many(self, items: Sequence[PostText]) -> list[tuple[Signal, Signal]]:
        """Per text: the crisis signal and the text models' signal, read in the language
        :func:`read_text` would choose. Raises when any text is not readable
        (:func:`read_texts` checks them first)."""
        from hamdel.perception.text.analyzer import EMBED_BATCH

        out: list[tuple[Signal, Signal]] = []
        for start in range(0, len(items), EMBED_BATCH):
            chunk = items[start : start + EMBED_BATCH]
            texts = [i.text for i in chunk]
            crises = self.analyzer.check_many(texts)
            langs = [
                model_language(i.language, c.language) for i, c in zip(chunk, crises, strict=True)
            ]
            analyses = self.analyzer.analyze_many(texts, langs, crises=crises)
            out.extend(
                (crisis_signal(c), _text_signal(a)) for c, a in zip(crises, analyses, strict=True)
            )
        return out


def batch_reader(components: Components) -> BatchTextReader | None:
    """The components' batch reader, when their crisis check is its own (else ``None``: the
    texts are read one at a time)."""
    text = components.text
    if isinstance(text, BatchTextReader) and components.crisis == text.check:
        return text
    return None


def _one(components: Components, item: PostText) -> TextRead | HamdelError:
    try:
        return read_text(components, item.text, item.language, item.profile)
    except HamdelError as exc:
        return exc


def read_texts(components: Components, items: Sequence[PostText]) -> list[TextRead | HamdelError]:
    """Read every text as :func:`read_text` would, in one batch where the components allow;
    a text that cannot be read comes back as its error."""
    reader = batch_reader(components)
    if reader is None or len(items) < 2:
        return [_one(components, item) for item in items]
    from hamdel.perception.text.normalize import clean_input

    out: list[TextRead | HamdelError | None] = [None] * len(items)
    good: list[int] = []
    for i, item in enumerate(items):
        try:
            clean_input(item.text)
            good.append(i)
        except HamdelError as exc:
            out[i] = exc
    try:
        read = reader.read_many([items[i] for i in good])
    except HamdelError as exc:  # not expected after the checks: read them one by one
        logger.warning("batch reading failed", extra={"fields": {"why": type(exc).__name__}})
        return [_one(components, item) for item in items]
    for i, (crisis, base) in zip(good, read, strict=True):
        item = items[i]
        try:
            out[i] = complete_reading(
                components, item.text, item.language, item.profile, crisis=crisis, base=base
            )
        except HamdelError as exc:
            out[i] = exc
    return [r if r is not None else HamdelError("not read") for r in out]


__all__ = [
    "BatchTextReader",
    "PostText",
    "TextRead",
    "batch_reader",
    "read_texts",
]
