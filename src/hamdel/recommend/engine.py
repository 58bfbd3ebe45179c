"""The recommender: three coping suggestions and/or one message, each with its "why".

``Recommender.load()`` once, then :meth:`Recommender.recommend` per request. The steps:

1. **Candidates**: suggestions tagged with the assessed emotion; messages of the kind and
   intensity the need calls for (:func:`message_plan`).
2. **Rules** (ontology): :func:`hamdel.knowledge.allowed` drops anything that contradicts a risk
   habit, the context, privacy, outdoors or sleep. Message quota and day periods are honoured.
   **Safety** (every variant): :func:`hamdel.knowledge.safe` drops what exposes the person to a
   hazard the ontology says to avoid with their health conditions, a recent loss, the emotion of
   the moment or a recent check-in or crisis. Professional-help items are offered only when low
   mood or stress has lasted days (``RecommendRequest.sustained``), then one of the three is.
   **Situation** (every variant): an item that presupposes a situation (a lost pet, an exam; see
   :mod:`hamdel.recommend.situations`) is offered only when the person's words this turn name
   it (``RecommendRequest.said``), and is then ranked up.
3. **Novelty**: nothing delivered within ``novelty_days`` (the caller passes what was delivered).
4. **Score**: the scorer's probability of the emotion (mean of the English and Persian texts),
   a fit term (low effort for a strong feeling or high stress; the person's activity level), and
   the person's feedback (a Thompson draw from :class:`~hamdel.recommend.feedback.Bandit`), and
   a bonus for an item whose situation the person named.
5. **Diversity**: maximal marginal relevance over the scorer's sentence vectors.

The design's four variants (for ablation; the product uses ``sentiment+ontology``):

==================== ===========================================================================
``sentiment+ontology`` everything above
``sentiment``          no ontology: no rule filter, no preferences/quota/periods, no activity fit
``ontology``           no sentiment: intensity and stress ignored (messages at intermediate
                       intensity, kind from preferences), no effort fit
``neither``            no rules, no preferences, message kind and intensity drawn at random
==================== ===========================================================================

The variants without the ontology ignore risk habits and context (never the safety rules): use
them only in studies.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError
from hamdel.core.languages import LANGUAGES
from hamdel.core.profile import local_time
from hamdel.knowledge import Ontology, UserGraph, allowed, safe, user_graph
from hamdel.recommend import _why
from hamdel.recommend.catalogue import Message, MessageCatalogue
from hamdel.recommend.corpus import HELPLINE, Suggestion, SuggestionCorpus
from hamdel.recommend.feedback import Bandit, FeedbackState
from hamdel.recommend.request import (
    Delivery,
    EngineConfig,
    Need,
    Preferences,
    Recommendation,
    Recommended,
    RecommendRequest,
    message_plan,
    period_of,
)
from hamdel.recommend.situations import Situations

logger = logging.getLogger(__name__)

_EMOTION_NAMES = tuple(e.value for e in EMOTIONS)
GENERAL_HELPLINE = {"en": "a helpline in your country", "fa": "یک خط مشاوره در کشورت"}
"""What a professional-help item says when the person's country has no line on record."""


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _group(item: Suggestion) -> str:
    setting = (
        "with-someone"
        if item.needs_another_person
        else "outdoors"
        if item.needs_outdoors
        else "private"
        if item.needs_privacy
        else "anywhere"
    )
    return f"{item.primary}:{item.energy}:{setting}"


def _tag_scores(items: Sequence[Suggestion]) -> tuple[np.ndarray, np.ndarray]:
    """Scores and vectors from the tags alone, when no scorer model is given."""
    probs = np.full((len(items), len(_EMOTION_NAMES)), 0.05, dtype=np.float32)
    for row, item in enumerate(items):
        for emotion in item.emotions:
            probs[row, _EMOTION_NAMES.index(emotion)] = 0.5
        probs[row, _EMOTION_NAMES.index(item.primary)] = 0.9
    groups = sorted({_group(i) for i in items})
    vectors = np.zeros((len(items), len(groups)), dtype=np.float32)
    for row, item in enumerate(items):
        vectors[row, groups.index(_group(item))] = 1.0
    return probs, vectors


class Recommender:
    """Suggestions and messages for one person; ``Recommender.load()`` then :meth:`recommend`.

    Examples
    --------
    >>> engine = Recommender.load()  # doctest: +SKIP
    >>> request = RecommendRequest(Need("sadness"), language="fa")
    >>> len(engine.recommend(request).suggestions)  # doctest: +SKIP
    3
    """

    def __init__(
        self,
        corpus: SuggestionCorpus,
        catalogue: MessageCatalogue,
        ontology: Ontology,
        scorer: Any | None = None,
        config: EngineConfig | None = None,
        bandit: Bandit | None = None,
        situations: Situations | None = None,
    ) -> None:
        self.corpus = corpus
        self.catalogue = catalogue
        self.ontology = ontology
        self.config = config or EngineConfig()
        self.bandit = bandit or Bandit()
        self.items: tuple[Suggestion, ...] = corpus.items
        self.messages: tuple[Message, ...] = catalogue.messages
        if scorer is None:
            logger.warning("no scorer model given: suggestions are ranked by their tags only")
            self.probs, self.vectors = _tag_scores(self.items)
        else:
            self.probs, self.vectors = self._model_scores(scorer)
        self.groups = [_group(i) for i in self.items]
        self._by_emotion = {
            e: np.asarray([i for i, s in enumerate(self.items) if e in s.emotions], dtype=np.int64)
            for e in _EMOTION_NAMES
        }
        self._message_ids = frozenset(m.id for m in self.messages)
        self._index = {s.id: i for i, s in enumerate(self.items)}
        kinds = sorted({(m.kind, m.intensity) for m in self.messages})
        self._by_kind = {
            k: np.asarray([i for i, m in enumerate(self.messages) if (m.kind, m.intensity) == k])
            for k in kinds
        }
        self._low_energy = np.asarray([s.energy == "low" for s in self.items], dtype=bool)
        self._high_energy = np.asarray([s.energy == "high" for s in self.items], dtype=bool)
        self._minutes = np.asarray([s.minutes for s in self.items])
        self._professional = np.asarray([s.professional for s in self.items], dtype=bool)
        self.situations = situations if situations is not None else Situations({})
        self._situational = np.asarray([s.id in self.situations for s in self.items], dtype=bool)
        self._rule_cache: dict[tuple[Any, ...], np.ndarray] = {}
        self._default_user = user_graph({}, ontology)
        everything = np.arange(len(self.items))
        self._allowed(self._default_user, "suggestion", everything)  # warm for "shared nothing"

    def _model_scores(self, scorer: Any) -> tuple[np.ndarray, np.ndarray]:
        probs, vectors = [], []
        for language in LANGUAGES:
            p, v = scorer.score([s.text(language) for s in self.items], language)
            probs.append(p)
            vectors.append(v)
        joined = np.concatenate(vectors, axis=1)
        joined /= np.linalg.norm(joined, axis=1, keepdims=True) + 1e-8
        return ((probs[0] + probs[1]) / 2).astype(np.float32), joined.astype(np.float32)

    @classmethod
    def load(
        cls,
        model: str | Path | None = None,
        corpus: str | Path | None = None,
        catalogue: str | Path | None = None,
        ontology: str | Path | None = None,
        config: EngineConfig | None = None,
    ) -> Recommender:
        """Load the shipped corpus, catalogue, ontology and scorer (or the ones at the paths)."""
        from hamdel.recommend.scorer import SuggestionScorer

        return cls(
            SuggestionCorpus.load(corpus),
            MessageCatalogue.load(catalogue),
            Ontology.load(ontology),
            SuggestionScorer.load(model),
            config,
            situations=Situations.load(),
        )

    def request_for(
        self,
        need: Need | None,
        *,
        profile: Mapping[str, Any],
        language: str,
        recent: Sequence[tuple[str, datetime]] = (),
        ratings: Sequence[tuple[str, int]] = (),
        feedback: FeedbackState | None = None,
        now: datetime | None = None,
        seed: int = 0,
        want: str = "both",
        variant: str = "sentiment+ontology",
        concern: bool = False,
        sustained: bool = False,
        node: str | None = None,
        said: str | None = None,
    ) -> RecommendRequest:
        """The request for one person, as the companion and the CLI make it: their shared
        ``profile`` (attribute names of ``core/profile.py``; an unknown one raises) as an
        ontology graph (``node`` names them), the items delivered in the novelty window
        (``recent``: item id, when), their ``ratings`` (item id, +1 / 0 / -1, oldest first; 0 is
        a satisfaction of 3) replayed into the bandit unless a ``feedback`` state is given,
        ``now`` in their own time zone (profile ``timezone``; a naive time is theirs already;
        ``None``: the engine's clock), and their country's helpline for the professional-help
        item once low mood has lasted days (``sustained``); ``said``: their words this turn
        (situational items are offered only when the words name the situation)."""
        state = feedback if feedback is not None else self.feedback_from(ratings)
        return RecommendRequest(
            need,
            user=user_graph(dict(profile), self.ontology, node),
            language=language,
            recent=tuple(Delivery(item, at) for item, at in recent),
            feedback=state,
            now=local_time(now, profile) if now is not None else None,
            seed=seed,
            want=want,
            concern=concern,
            sustained=sustained,
            helpline=helpline_names(profile.get("country")) if sustained else {},
            variant=variant,
            said=said,
        )

    def feedback_from(self, ratings: Sequence[tuple[str, int]]) -> FeedbackState:
        """Stored ratings (item id, +1 / 0 / -1; oldest first) replayed into a bandit state."""
        return FeedbackState().rate_many(
            (item_id, self.group_of(item_id), (rating > 0) - (rating < 0))
            for item_id, rating in ratings
        )

    def group_of(self, item_id: str) -> str | None:
        """The feedback group of a suggestion id (``None`` for messages and unknown ids)."""
        i = self._index.get(item_id)
        return None if i is None else self.groups[i]

    # --- rules ---------------------------------------------------------------------------------

    def _allowed(
        self,
        user: UserGraph,
        kind: str,
        indices: np.ndarray,
        *,
        emotion: str | None = None,
        concern: bool = False,
        ontology_on: bool = True,
    ) -> np.ndarray:
        """Which of ``indices`` (suggestions or messages) the rules allow: the safety rules
        always, the profile rules when ``ontology_on``.

        Verdicts are computed lazily, only for the items asked about, and cached per class of
        person and moment: the facts :func:`hamdel.knowledge.allowed` reads (risk habits,
        context, the energy levels ruled out by sleep, health, a recent loss) and the emotion and
        concern of the moment.
        """
        minimum = (user.knowledge or self.ontology.knowledge).energy_min_sleep
        tired = frozenset(e for e, hours in minimum.items() if user.sleep_hours < hours)
        key = (
            kind, ontology_on, user.risk_habits, user.context, tired, user.health,
            user.recent_loss, emotion, concern,
        )  # fmt: skip
        items: Sequence[Any] = self.items if kind == "suggestion" else self.messages
        verdicts = self._rule_cache.get(key)
        if verdicts is None:
            if len(self._rule_cache) > 1024:
                self._rule_cache.clear()
            verdicts = self._rule_cache[key] = np.full(len(items), -1, dtype=np.int8)
        unknown = indices[verdicts[indices] < 0]
        check = allowed if ontology_on else safe
        for i in unknown:
            verdicts[i] = check(items[i], user, emotion=emotion, concern=concern).allowed
        known: np.ndarray = verdicts[indices] == 1
        return known

    def _recent_ids(self, request: RecommendRequest, now: datetime) -> tuple[set[str], int]:
        """Ids delivered within the novelty window, and messages delivered on ``now``'s day."""
        horizon = _utc(now) - timedelta(days=self.config.novelty_days)
        recent = {d.item_id for d in request.recent if _utc(d.delivered_at) > horizon}
        today = sum(
            1
            for d in request.recent
            if d.item_id in self._message_ids and d.delivered_at.date() == now.date()
        )
        return recent, today

    # --- the verb --------------------------------------------------------------------------------

    def recommend(self, request: RecommendRequest) -> Recommendation:
        """Three suggestions and/or one message for ``request`` (see the module docstring)."""
        if not isinstance(request, RecommendRequest):
            raise InputError("recommend() takes a RecommendRequest")
        now = request.now or datetime.now(UTC)
        ontology_on = request.variant in ("sentiment+ontology", "ontology")
        user = request.user if request.user is not None else self._default_user
        prefs = request.preferences or Preferences.from_user(user)
        rng = np.random.default_rng(request.seed)
        recent, sent_today = self._recent_ids(request, now)
        notes: list[str] = []
        suggestions: tuple[Recommended, ...] = ()
        if request.want != "message":
            if request.need is None:
                notes.append("no suggestions: nothing has been posted yet")
            else:
                suggestions = self._suggest(request, user, ontology_on, recent, rng)
                if len(suggestions) < request.n_suggestions:
                    notes.append(f"only {len(suggestions)} suggestion(s) fit the rules and novelty")
        message = None
        if request.want != "suggestions":
            if (
                ontology_on
                and prefs.messages_per_day is not None
                and sent_today >= prefs.messages_per_day
            ):
                notes.append(
                    f"no message: {sent_today} sent today; daily limit {prefs.messages_per_day}"
                )
            elif ontology_on and prefs.periods and period_of(now) not in prefs.periods:
                notes.append(f"no message: the {period_of(now)} is not among the chosen periods")
            else:
                message = self._message(request, user, prefs, ontology_on, recent, rng)
                if message is None:
                    notes.append("no message: every fitting message was sent recently")
        return Recommendation(suggestions, message, request.variant, tuple(notes))

    def _suggest(
        self,
        request: RecommendRequest,
        user: UserGraph,
        ontology_on: bool,
        recent: set[str],
        rng: np.random.Generator,
    ) -> tuple[Recommended, ...]:
        need = request.need
        assert need is not None
        emotion = self._suggesting_for(need)
        column = _EMOTION_NAMES.index(emotion)
        named = self._named(request)
        pool = self._by_emotion[emotion]
        if emotion != need.emotion:  # unsure of the feeling, not of what they said
            told = named[np.isin(named, self._by_emotion[need.emotion])]
            pool = np.union1d(pool, told)
        pool = pool[
            self._allowed(user, "suggestion", pool, emotion=need.emotion,
                          concern=request.concern, ontology_on=ontology_on)
        ]  # fmt: skip
        pool = pool[~self._professional[pool]]
        pool = pool[~self._situational[pool] | np.isin(pool, named)]
        helpers = np.flatnonzero(self._professional) if request.sustained else pool[:0]
        if len(helpers):  # professional help fits any mood once low mood has lasted days
            helpers = helpers[
                self._allowed(user, "suggestion", helpers, emotion=need.emotion,
                              concern=request.concern, ontology_on=ontology_on)
            ]  # fmt: skip
        if recent:
            seen = [self._index[r] for r in recent if r in self._index]
            pool = pool[~np.isin(pool, seen)]
            helpers = helpers[~np.isin(helpers, seen)]
        if not len(pool) and not len(helpers):
            return ()
        chosen_items = self._rank(request, need, user, pool, column, rng, named)
        if len(helpers):
            best = self._rank(request, need, user, helpers, column, rng, named)[:1]
            chosen_items = [*chosen_items[: request.n_suggestions - 1], *best]
        return tuple(chosen_items)

    def _rank(
        self,
        request: RecommendRequest,
        need: Need,
        user: UserGraph,
        pool: np.ndarray,
        column: int,
        rng: np.random.Generator,
        named: np.ndarray,
    ) -> list[Recommended]:
        """The best ``n_suggestions`` of ``pool``, diverse by maximal marginal relevance."""
        if not len(pool):
            return []
        ontology_on = request.variant in ("sentiment+ontology", "ontology")
        told = np.isin(pool, named)
        gentle = column != _EMOTION_NAMES.index(need.emotion)
        model = self.probs[pool, column]
        if gentle:  # what they named is scored by its own emotion
            model = np.where(told, self.probs[pool, _EMOTION_NAMES.index(need.emotion)], model)
        fit = self._fit(pool, need, user, request.variant)
        ids = [self.items[i].id for i in pool]
        groups = [self.groups[i] for i in pool]
        alpha, beta = self.bandit.posterior(request.feedback, ids, groups)
        prior = self.bandit.prior[0] / sum(self.bandit.prior)
        mean = alpha / (alpha + beta)
        draw = rng.beta(alpha, beta)  # Thompson sample: exploration, tempered below
        liked = mean - prior
        score = (
            model
            + self.config.fit_weight * fit
            + self.config.feedback_weight * liked
            + self.config.explore_weight * (draw - mean)
            + self.config.situation_weight * told
        )
        chosen = self._mmr(pool, score, request.n_suggestions, once=self._situational[pool])
        return [
            Recommended(
                id=self.items[pool[j]].id,
                kind="suggestion",
                text=_fill(self.items[pool[j]].text(request.language), request, request.language),
                texts={
                    lang: _fill(text, request, lang)
                    for lang, text in self.items[pool[j]].texts.items()
                },
                why=_why.suggestion(
                    self.items[pool[j]],
                    need,
                    user if ontology_on else None,
                    float(model[j]),
                    float(fit[j]),
                    float(liked[j]),
                    request.language,
                    sustained=request.sustained,
                    named=bool(told[j]),
                    gentle=gentle,
                ),
                score=float(score[j]),
                group=groups[j],
                minutes=self.items[pool[j]].minutes,
            )
            for j in chosen
        ]

    def _suggesting_for(self, need: Need) -> str:
        """The emotion whose suggestions are offered: the read one, or ``neutral`` when an
        anger, fear, happiness or surprise read is unsure (``EngineConfig.sure``)."""
        unsure = need.confidence is not None and need.confidence < self.config.sure
        return "neutral" if unsure and need.emotion not in ("sadness", "neutral") else need.emotion

    def _named(self, request: RecommendRequest) -> np.ndarray:
        """Item positions whose situation the person's words this turn name."""
        ids = self.situations.named_in(request.said)
        return np.asarray([self._index[i] for i in ids if i in self._index], dtype=np.int64)

    def _fit(self, pool: np.ndarray, need: Need, user: UserGraph, variant: str) -> np.ndarray:
        """+1 for what suits the moment, −1 for what does not (effort vs intensity, activity)."""
        fit = np.zeros(len(pool), dtype=np.float32)
        strong = need.intensity == "extreme" or need.stress == "high"
        activity = user.activity_level if variant in ("sentiment+ontology", "ontology") else None
        low, high = self._low_energy[pool], self._high_energy[pool]
        if variant in ("sentiment+ontology", "sentiment") and strong:
            fit += np.where(low & (self._minutes[pool] <= 10), 1.0, -0.5) - high
        if activity == "low":
            fit -= 0.5 * ~low
        elif activity == "high":
            fit += 0.5 * ~low
        return fit

    def _mmr(
        self, pool: np.ndarray, score: np.ndarray, n: int, once: np.ndarray | None = None
    ) -> list[int]:
        """Positions in ``pool`` chosen by maximal marginal relevance among the best few; at
        most one of those ``once`` marks (situational items: one answers what was said, and a
        misread word costs one suggestion, not three): the best of those joins the best few
        of the others."""
        order = np.argsort(-score, kind="stable")
        if once is not None and once.any():
            best_once = order[once[order]][:1]
            order = np.concatenate([best_once, order[~once[order]][: self.config.shortlist]])
        else:
            order = order[: self.config.shortlist]
        vectors = self.vectors[pool[order]]
        picked: list[int] = []
        lam = self.config.mmr_lambda
        while len(picked) < min(n, len(order)):
            if picked:
                similarity = (vectors @ vectors[picked].T).max(axis=1)
            else:
                similarity = np.zeros(len(order))
            value = lam * score[order] - (1 - lam) * similarity
            value[picked] = -np.inf
            picked.append(int(np.argmax(value)))
        return [int(order[p]) for p in picked]

    def _message(
        self,
        request: RecommendRequest,
        user: UserGraph,
        prefs: Preferences,
        ontology_on: bool,
        recent: set[str],
        rng: np.random.Generator,
    ) -> Recommended | None:
        kind, intensity, code = message_plan(request.need, prefs, request.variant, rng)
        fitting = self._by_kind.get((kind, intensity), np.zeros(0, dtype=np.int64))
        emotion = request.need.emotion if request.need is not None else None
        fitting = fitting[
            self._allowed(user, "message", fitting, emotion=emotion, concern=request.concern,
                          ontology_on=ontology_on)
        ]  # fmt: skip
        pool = [int(i) for i in fitting if self.messages[i].id not in recent]
        if not pool:
            return None
        ids = [self.messages[i].id for i in pool]
        groups = [f"message:{kind}"] * len(pool)
        draw = self.bandit.sample(request.feedback, ids, groups, rng)
        best = int(np.argmax(draw))
        message = self.messages[pool[best]]
        return Recommended(
            id=message.id,
            kind="message",
            text=message.text(request.language),
            texts=message.texts,
            why=_why.message(kind, intensity, code, request.need, request.language),
            score=float(draw[best]),
            group=groups[best],
            message_kind=kind,
            intensity=intensity,
        )


def helpline_names(country: Any) -> dict[str, str]:
    """The first line of the person's country, by language ("Samaritans, 116 123"), for the
    professional-help items that name one; empty when the country has none on record."""
    from hamdel.safety.resources import crisis_resources, known_country

    code = known_country(country if isinstance(country, str) else None)
    if code is None:
        return {}
    out = {}
    for lang in LANGUAGES:
        lines = crisis_resources(code, lang).lines
        if lines:
            comma = "," if lang == "en" else "،"
            out[lang] = f"{lines[0].name}{comma} {lines[0].contact}"
    return out


def _fill(text: str, request: RecommendRequest, language: str) -> str:
    """Put the person's helpline (or a general phrase) into a professional-help item."""
    if HELPLINE not in text:
        return text
    return text.replace(HELPLINE, request.helpline.get(language) or GENERAL_HELPLINE[language])


__all__ = ["GENERAL_HELPLINE", "Recommender", "helpline_names"]
