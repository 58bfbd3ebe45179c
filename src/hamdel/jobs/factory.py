"""Choose the job backend from settings."""

from __future__ import annotations

from hamdel.core.settings import Settings
from hamdel.jobs._registry import JobQueue
from hamdel.jobs.inline import InlineQueue


def make_queue(settings: Settings) -> JobQueue:
    if settings.job_backend == "celery":
        from hamdel.jobs.celery_backend import CeleryQueue

        return CeleryQueue(settings.redis_url)
    return InlineQueue()


__all__ = ["make_queue"]
