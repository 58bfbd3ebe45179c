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
    from hamdel.companion.components import load_components, make_sender
    from hamdel.core.settings import get_settings

    s = get_settings()
    return load_components(
        models_dir=s.models_dir,
        sender=make_sender(**s.sender_parts()),
        alert_policy=alert_policy(s),
        cache_dir=s.cache_dir,
        sessions=sessions_for(s.database_url),  # the latest eSM2 fit, as the server reads it
    )


def alert_policy(settings: Any) -> Any:
    """The alert policy with the settings' crisis cooldown."""
    from datetime import timedelta

    from hamdel.safety import AlertPolicy

    return AlertPolicy(crisis_cooldown=timedelta(minutes=settings.crisis_cooldown_minutes))


def courier(settings: Any, components: Any) -> Any:
    """The outbox courier from the settings (links start with ``HAMDEL_BASE_URL``)."""
    from datetime import timedelta

    from hamdel.companion.courier import Courier

    speaker = components.speaker
    return Courier(
        sender=components.sender,
        base_url=settings.public_url,
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        speak=(lambda text, lang: speaker.speak(text, lang, format="ogg").data)
        if speaker is not None
        else None,
    )


@task("hamdel.deliveries.run")
def deliveries_run() -> dict[str, int]:
    """Deliver what the outbox holds due now (alerts, invitations, tests)."""
    from hamdel.companion.courier import deliver_due
    from hamdel.core.settings import get_settings

    settings = get_settings()
    components = service_components()
    return deliver_due(sessions_for(settings.database_url), courier(settings, components)).to_dict()


@task("hamdel.monitor.tick")
def monitor_tick(now: str | None = None) -> dict[str, Any]:
    """:func:`hamdel.companion.monitor.monitor_tick`, then the alerts it queued are sent;
    returns the report (counts and reasons, never text)."""
    from hamdel.companion.monitor import monitor_tick as tick
    from hamdel.core.settings import get_settings

    settings = get_settings()
    sessions = sessions_for(settings.database_url)
    components = service_components()
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    out = tick(
        sessions, components, drop_root=settings.drop_root,
        settle_seconds=settings.drop_settle_seconds, now=moment,
    )  # fmt: skip
    out["deliveries"] = deliveries_run()  # the alerts the posts raised, sent now
    return out


__all__ = [
    "alert_policy",
    "courier",
    "deliveries_run",
    "monitor_tick",
    "service_components",
    "sessions_for",
]
