"""Recommend: the bilingual coping-suggestion corpus and the message catalogue (typed loaders).

>>> from hamdel.recommend import MessageCatalogue, SuggestionCorpus
>>> len(MessageCatalogue.load())
360

The ranking model and the engine build on these; see ``docs/knowledge.md`` for the data formats.
"""

from __future__ import annotations

from hamdel.recommend.catalogue import (
    INTENSITY_ADVERBS_EN,
    INTENSITY_ADVERBS_FA,
    Message,
    MessageCatalogue,
    intensity_adverbs,
)
from hamdel.recommend.corpus import Suggestion, SuggestionCorpus

__all__ = [
    "INTENSITY_ADVERBS_EN",
    "INTENSITY_ADVERBS_FA",
    "Message",
    "MessageCatalogue",
    "Suggestion",
    "SuggestionCorpus",
    "intensity_adverbs",
]
