"""A simulated ratings study by people: what a real one looks like in the database.

:func:`~hamdel.perception.sentiment.esm2.simulate_study` draws every row's profile afresh and
keeps ratings continuous. Here, as in the service, each person has one profile (an attribute
they did not consent to is missing), rates several of their own messages (each with its raw
score and theme), and answers in whole numbers on −5..+5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hamdel.perception.sentiment.esm2 import LEVELS, Esm2Weights, clean_profile


@dataclass(frozen=True)
class SimulatedRating:
    person: int
    score: float
    theme: str
    rating: float


@dataclass(frozen=True)
class SimulatedPeople:
    """``profiles[i]``: person i's consented eSM2 attributes; ``ratings``: every rating."""

    profiles: tuple[dict[str, str], ...]
    ratings: tuple[SimulatedRating, ...]


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return str(options[int(rng.integers(0, len(options)))])


def simulate_people(
    true: Esm2Weights,
    people: int,
    per_person: int,
    *,
    noise: float = 0.5,
    missing: float = 0.15,
    score_range: tuple[float, float] = (0.5, 4.0),
    integer: bool = True,
    random_state: int = 0,
) -> SimulatedPeople:
    """``people`` writers with random profiles, each rating ``per_person`` messages.

    Levels are drawn uniformly among the indicated levels and the reference (``other``,
    ``basic``, any other region); each attribute is withheld with probability ``missing``.
    Scores are uniform in ±``score_range``; the rating is the corrected score plus Gaussian
    noise (standard deviation ``noise``), clamped to −5..+5 and, when ``integer``, rounded.
    """
    rng = np.random.default_rng(random_state)
    choices = {
        "age_range": (*LEVELS["age_range"], "other"),
        "gender": (*LEVELS["gender"], "other"),
        "education": ("basic", *LEVELS["education"]),
        "region": (*true.regions, "Elsewhere"),
    }
    if not true.regions:
        del choices["region"]
    themes = (*LEVELS["theme"], "other")
    profiles: list[dict[str, str]] = []
    rows: list[SimulatedRating] = []
    for person in range(people):
        profile = {a: _pick(rng, o) for a, o in choices.items() if rng.random() >= missing}
        profiles.append(clean_profile(profile))
        for _ in range(per_person):
            score = float(rng.uniform(*score_range) * rng.choice([-1.0, 1.0]))
            theme = _pick(rng, themes)
            value = score * true.factor(profile, theme) + float(rng.normal(0.0, noise))
            value = max(-5.0, min(5.0, value))
            rows.append(
                SimulatedRating(person, score, theme, float(round(value)) if integer else value)
            )
    return SimulatedPeople(tuple(profiles), tuple(rows))


__all__ = ["SimulatedPeople", "SimulatedRating", "simulate_people"]
