"""Shared fixtures: the corpora folder (skip where absent) and test isolation from the user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared_data_dir() -> Path | None:
    explicit = os.environ.get("HAMDEL_DATA_DIR")
    candidate = Path(explicit) if explicit else ROOT.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (or ``HAMDEL_DATA_DIR``); the test is skipped when it is absent."""
    path = _shared_data_dir()
    if path is None:
        pytest.skip("needs the shared corpora: ../shared/data (or HAMDEL_DATA_DIR) is absent")
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data, config or cache directories from a test."""
    home = tmp_path_factory.getbasetemp() / "home"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("HAMDEL_CONFIG", raising=False)
