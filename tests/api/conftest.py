"""Signed-in people for API tests (the app fixtures live in tests/conftest.py)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.helpers import Person, sign_up


@pytest.fixture
def alice(app: FastAPI, client: TestClient) -> Person:
    return sign_up(app, "alice@example.org")


@pytest.fixture
def bob(app: FastAPI, client: TestClient) -> Person:
    return sign_up(app, "bob@example.org", bearer=True)
