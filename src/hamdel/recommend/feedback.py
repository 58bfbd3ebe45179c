"""The person's own feedback: ratings feed a per-user Beta-Bernoulli bandit.

Each item (a suggestion or a message) and each *group* of similar items (e.g. low-energy sadness
suggestions done alone, or calm messages) keeps a count of thumbs up and thumbs down. The chance
that the person likes an item is a Beta posterior over its own counts plus a share of its
group's counts (so a thumbs down on one breathing exercise also lowers its siblings a little).
Ranking draws one Thompson sample per item from a seeded generator: well-liked items rise,
disliked ones sink, untried ones still get a chance.

A rating is +1 (satisfied: a thumb up, or 4–5 on the 5-point scale), -1 (a thumb down, 1–2) or
0 (3, "neither"): a neutral rating counts half a thumb up and half a thumb down, so it firms up
the item's posterior at the middle without pushing it either way (:meth:`FeedbackState.rate`).

The state is a plain, immutable value the caller stores (``to_dict`` / ``from_dict``, JSON-ready);
recording feedback returns a new state.

Examples
--------
>>> state = FeedbackState().record("sad-0001", "sadness:low:alone", liked=False)
>>> state.to_dict()["items"]
{'sad-0001': [0, 1]}
>>> import numpy as np
>>> bandit = Bandit()
>>> s = bandit.sample(state, ["sad-0001"], ["sadness:low:alone"], np.random.default_rng(0))
>>> s.shape
(1,)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from hamdel.core.errors import InputError

Counts = tuple[float, float]
"""``(thumbs up, thumbs down)``; a neutral rating adds half to each."""


def _freeze(data: Mapping[str, Counts]) -> Mapping[str, Counts]:
    return MappingProxyType(dict(data))


def _read_counts(raw: Any, where: str) -> dict[str, Counts]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise InputError(f"feedback {where} must be an object of id -> [up, down]")
    out: dict[str, Counts] = {}
    for key, value in raw.items():
        ok = (
            isinstance(value, list | tuple)
            and len(value) == 2
            and all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v < float("inf")
                for v in value
            )
        )
        if not isinstance(key, str) or not ok:
            raise InputError(f"feedback {where}[{key!r}] must be [up, down] (numbers >= 0)")
        out[key] = (value[0], value[1])
    return out


_ADD: dict[int, tuple[float, float]] = {1: (1, 0), -1: (0, 1), 0: (0.5, 0.5)}
"""What one rating adds to (up, down)."""


@dataclass(frozen=True)
class FeedbackState:
    """Thumbs up/down counts per item id and per group key."""

    items: Mapping[str, Counts] = field(default_factory=lambda: _freeze({}))
    groups: Mapping[str, Counts] = field(default_factory=lambda: _freeze({}))

    def record(self, item_id: str, group: str | None, liked: bool) -> FeedbackState:
        """A new state with one more thumbs up (``liked``) or down for the item and its group."""
        return self.rate(item_id, group, 1 if liked else -1)

    def rate(self, item_id: str, group: str | None, rating: int) -> FeedbackState:
        """A new state with one rating: +1 a thumb up, -1 a thumb down, 0 half of each.

        >>> FeedbackState().rate("a", None, 0).items["a"]
        (0.5, 0.5)
        """
        return self.rate_many([(item_id, group, rating)])

    def rate_many(self, ratings: Iterable[tuple[str, str | None, int]]) -> FeedbackState:
        """A new state with every (item id, group, rating) added, in one pass (a person's
        stored ratings replayed at each turn).

        >>> FeedbackState().rate_many([("a", "g", 1), ("a", "g", -1)]).groups["g"]
        (1, 1)
        """
        items, groups = dict(self.items), dict(self.groups)
        for item_id, group, rating in ratings:
            if not isinstance(item_id, str) or not item_id:
                raise InputError("feedback needs the id of the item it is about")
            if rating not in (-1, 0, 1) or isinstance(rating, bool):
                raise InputError(
                    f"feedback on {item_id!r}: a rating is +1, 0 or -1, not {rating!r}"
                )
            add = _ADD[rating]
            for table, key in ((items, item_id), (groups, group)):
                if key:
                    up, down = table.get(key, (0, 0))
                    table[key] = (up + add[0], down + add[1])
        return FeedbackState(items=_freeze(items), groups=_freeze(groups))

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": {k: list(v) for k, v in sorted(self.items.items())},
            "groups": {k: list(v) for k, v in sorted(self.groups.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> FeedbackState:
        """Read a stored state (``None`` or ``{}``: empty); bad shapes raise InputError."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise InputError("feedback state must be an object with 'items' and 'groups'")
        return cls(
            items=_freeze(_read_counts(data.get("items"), "items")),
            groups=_freeze(_read_counts(data.get("groups"), "groups")),
        )


@dataclass(frozen=True)
class Bandit:
    """Beta-Bernoulli Thompson sampling over items, sharing evidence within groups.

    Parameters
    ----------
    prior
        ``(alpha, beta)`` of the Beta prior; the default ``(2, 2)`` keeps an item the person
        has never rated close to neutral.
    group_share
        How much of the group's counts counts towards each of its items (0 = items only).
    """

    prior: tuple[float, float] = (2.0, 2.0)
    group_share: float = 0.5

    def posterior(
        self, state: FeedbackState, item_ids: Sequence[str], groups: Sequence[str | None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Beta parameters ``(alpha, beta)`` per item."""
        alpha = np.full(len(item_ids), self.prior[0], dtype=np.float64)
        beta = np.full(len(item_ids), self.prior[1], dtype=np.float64)
        if not state.items and not state.groups:
            return alpha, beta
        own = np.zeros((len(item_ids), 2))
        if state.items:
            for position, item in enumerate(item_ids):
                if item in state.items:
                    own[position] = state.items[item]
        shared = np.zeros((len(item_ids), 2))
        if state.groups and self.group_share:
            keys = np.asarray([g or "" for g in groups], dtype=object)
            for key, counts in state.groups.items():
                shared[keys == key] = counts
        # The item's own votes are already inside its group's counts; share only the rest.
        shared = self.group_share * np.maximum(shared - own, 0.0)
        return alpha + own[:, 0] + shared[:, 0], beta + own[:, 1] + shared[:, 1]

    def mean(
        self, state: FeedbackState, item_ids: Sequence[str], groups: Sequence[str | None]
    ) -> np.ndarray:
        """Posterior mean chance of a thumbs up per item."""
        alpha, beta = self.posterior(state, item_ids, groups)
        mean: np.ndarray = alpha / (alpha + beta)
        return mean

    def sample(
        self,
        state: FeedbackState,
        item_ids: Sequence[str],
        groups: Sequence[str | None],
        rng: np.random.Generator,
    ) -> np.ndarray:
        """One Thompson draw per item from its posterior (deterministic for a seeded ``rng``)."""
        alpha, beta = self.posterior(state, item_ids, groups)
        return rng.beta(alpha, beta) if len(item_ids) else np.zeros(0)


__all__ = ["Bandit", "Counts", "FeedbackState"]
