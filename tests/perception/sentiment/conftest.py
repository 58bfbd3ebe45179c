"""Scorers loaded once per test session (loading builds ~50,000 Persian forms)."""

from __future__ import annotations

import pytest

from hamdel.perception.sentiment import SentimentScorer, Sentimeter


@pytest.fixture(scope="session")
def scorer() -> SentimentScorer:
    return SentimentScorer.load()


@pytest.fixture(scope="session")
def en(scorer: SentimentScorer) -> Sentimeter:
    return scorer.meters["en"]


@pytest.fixture(scope="session")
def fa(scorer: SentimentScorer) -> Sentimeter:
    return scorer.meters["fa"]
