"""The scheduled-message tick as a job, for Celery workers (``hamdel.monitor.tick``).

The worker reads its own settings (``HAMDEL_*``); nothing secret travels through Redis.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from hamdel.jobs._registry import task


@lru_cache(maxsize=1)
def _sessions(database_url: str) -> Any:
    from hamdel.store import make_engine, make_session_factory

    return make_session_factory(make_engine(database_url))


@task("hamdel.monitor.tick")
def monitor_tick(now: str | None = None) -> dict[str, Any]:
    """One monitor tick over everyone; returns the report (counts and reasons, no text)."""
    from hamdel.companion.components import load_recommender
    from hamdel.companion.monitor import run_monitor
    from hamdel.core.settings import get_settings

    settings = get_settings()
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    report = run_monitor(
        _sessions(settings.database_url), load_recommender(settings.models_dir), now=moment
    )
    return report.to_dict()
