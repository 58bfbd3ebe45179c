"""Recommend: the bilingual coping-suggestion corpus, the message catalogue, the scorer and the
knowledge-based engine.

>>> from hamdel.recommend import MessageCatalogue, SuggestionCorpus
>>> len(MessageCatalogue.load())
360
>>> from hamdel.recommend import Need, Recommender, RecommendRequest
>>> engine = Recommender.load()  # doctest: +SKIP
>>> len(engine.recommend(RecommendRequest(Need("sadness"), language="fa")).suggestions)
... # doctest: +SKIP
3

See ``docs/knowledge.md`` for the data formats and ``docs/recommend.md`` for the engine.
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
from hamdel.recommend.engine import Recommender
from hamdel.recommend.feedback import Bandit, FeedbackState
from hamdel.recommend.request import (
    VARIANTS,
    Delivery,
    EngineConfig,
    Need,
    Preferences,
    Recommendation,
    Recommended,
    RecommendRequest,
)
from hamdel.recommend.scorer import SuggestionScorer
from hamdel.recommend.situations import Situation, Situations

__all__ = [
    "INTENSITY_ADVERBS_EN",
    "INTENSITY_ADVERBS_FA",
    "VARIANTS",
    "Bandit",
    "Delivery",
    "EngineConfig",
    "FeedbackState",
    "Message",
    "MessageCatalogue",
    "Need",
    "Preferences",
    "RecommendRequest",
    "Recommendation",
    "Recommended",
    "Recommender",
    "Situation",
    "Situations",
    "Suggestion",
    "SuggestionCorpus",
    "SuggestionScorer",
    "intensity_adverbs",
]
