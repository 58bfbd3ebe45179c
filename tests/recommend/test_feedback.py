"""The per-user feedback bandit: counts, serialisation, and how it moves the draws."""

from __future__ import annotations

import json

import numpy as np
import pytest

from hamdel.core.errors import InputError
from hamdel.recommend.feedback import Bandit, FeedbackState


def test_record_counts_item_and_group_and_returns_a_new_state() -> None:
    empty = FeedbackState()
    state = empty.record("sad-0001", "sadness:low:anywhere", liked=True)
    state = state.record("sad-0001", "sadness:low:anywhere", liked=False)
    state = state.record("sad-0002", "sadness:low:anywhere", liked=False)
    assert empty.items == {}
    assert state.items == {"sad-0001": (1, 1), "sad-0002": (0, 1)}
    assert state.groups == {"sadness:low:anywhere": (1, 2)}


def test_state_round_trips_through_json() -> None:
    state = FeedbackState().record("ang-0003", "anger:low:private", liked=True)
    again = FeedbackState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state
    assert FeedbackState.from_dict(None) == FeedbackState()


@pytest.mark.parametrize(
    "bad",
    [
        {"items": {"a": [1]}},
        {"items": {"a": [-1, 0]}},
        {"items": {"a": [True, 0]}},
        {"groups": ["x"]},
        "nope",
    ],
)
def test_bad_state_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        FeedbackState.from_dict(bad)  # type: ignore[arg-type]


def test_thumbs_move_the_posterior_and_share_within_the_group() -> None:
    state = FeedbackState()
    for _ in range(5):
        state = state.record("a", "g", liked=False)
    bandit = Bandit()
    mean = bandit.mean(state, ["a", "b", "c"], ["g", "g", "other"])
    assert mean[0] < mean[1] < mean[2] == pytest.approx(0.5)


def test_draws_are_seeded_and_follow_the_feedback() -> None:
    state = FeedbackState()
    for _ in range(8):
        state = state.record("up", None, liked=True).record("down", None, liked=False)
    bandit = Bandit()
    first = bandit.sample(state, ["up", "down"], [None, None], np.random.default_rng(3))
    second = bandit.sample(state, ["up", "down"], [None, None], np.random.default_rng(3))
    assert np.array_equal(first, second)
    wins = sum(
        int(
            np.argmax(bandit.sample(state, ["up", "down"], [None, None], np.random.default_rng(s)))
            == 0
        )
        for s in range(200)
    )
    assert wins > 190
