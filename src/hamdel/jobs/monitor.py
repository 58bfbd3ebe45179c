"""The scheduled-message tick as a job, for Celery workers (``hamdel.monitor.tick``).

The worker reads its own settings (``HAMDEL_*``); nothing secret travels through Redis.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from hamdel.jobs._registry import task


@lru_cache(maxsize=1)
def sessions_for(database_url: str) -> Any:
    """One session factory per database URL for this process."""
    from hamdel.store import make_engine, make_session_factory

    return make_session_factory(make_engine(database_url))


@lru_cache(maxsize=1)
def service_components() -> Any:
    """The components the service would load, from the settings (loaded once)."""
    from hamdel.companion.components import load_components, make_channels
    from hamdel.core.settings import get_settings

    s = get_settings()
    password = s.smtp_password.get_secret_value() if s.smtp_password else None
    channels = make_channels(
        smtp_host=s.smtp_host, smtp_port=s.smtp_port, smtp_from=s.smtp_from,
        smtp_user=s.smtp_user, smtp_password=password, smtp_starttls=s.smtp_starttls,
    )  # fmt: skip
    return load_components(models_dir=s.models_dir, channels=channels, cache_dir=s.cache_dir)


@task("hamdel.monitor.tick")
def monitor_tick(now: str | None = None) -> dict[str, Any]:
    """Read every pending imported post, then deliver the scheduled messages due now; returns
    the report (counts and reasons, never text)."""
    from hamdel.companion.monitor import run_monitor
    from hamdel.companion.posts import analyze_pending_posts
    from hamdel.core.settings import get_settings

    settings = get_settings()
    sessions = sessions_for(settings.database_url)
    components = service_components()
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    posts = {"read": 0, "failed": 0}
    while True:
        batch = analyze_pending_posts(sessions, components)
        posts["read"] += batch.read
        posts["failed"] += batch.failed
        if not batch.read:
            break
    out: dict[str, Any] = {"posts": posts, "checked": 0, "delivered": 0, "outcomes": []}
    if components.recommend is not None:
        out |= run_monitor(sessions, components.recommend, now=moment).to_dict()
    return out


__all__ = ["monitor_tick", "service_components", "sessions_for"]
