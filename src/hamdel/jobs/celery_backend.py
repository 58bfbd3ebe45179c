"""The scale-out backend: one generic Celery task on Redis runs any registered job by name.

Workers: ``celery -A hamdel.jobs.celery_app worker``. Needs the ``scale`` extra.
"""

from __future__ import annotations

from typing import Any

from hamdel.core.errors import JobError, ModelUnavailableError
from hamdel.jobs._registry import load_task_modules, run_task

RUN_TASK = "hamdel.jobs.run"


def make_celery(redis_url: str) -> Any:
    try:
        from celery import Celery
    except ImportError as exc:
        raise ModelUnavailableError(
            "the celery job backend needs the scale extra: .venv/bin/pip install -e '.[scale]'"
        ) from exc
    app = Celery("hamdel", broker=redis_url, backend=redis_url)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        result_expires=3600,
        # a broker that is down fails fast (and the caller falls back), instead of hanging
        broker_connection_timeout=2,
        task_publish_retry=False,
    )
    load_task_modules()
    # one callable for every app this process makes: Celery refuses a name registered to two
    app.task(name=RUN_TASK)(_run)
    return app


def _run(name: str, kwargs: dict[str, Any]) -> Any:
    return run_task(name, kwargs)


class CeleryHandle:
    def __init__(self, async_result: Any) -> None:
        self._result = async_result

    @property
    def id(self) -> str:
        return str(self._result.id)

    def result(self, timeout: float | None = None) -> Any:
        from celery.exceptions import TimeoutError as CeleryTimeout

        try:
            return self._result.get(timeout=timeout)
        except CeleryTimeout as exc:
            raise JobError(f"job {self.id} did not finish within {timeout} s") from exc
        except Exception as exc:
            raise JobError(f"job {self.id} failed: {type(exc).__name__}: {exc}") from exc


class CeleryQueue:
    backend = "celery"

    def __init__(self, redis_url: str, app: Any = None) -> None:
        self.redis_url = redis_url
        self.app = app if app is not None else make_celery(redis_url)

    def submit(self, name: str, /, **kwargs: Any) -> CeleryHandle:
        problem = self.problem(timeout=0.5)  # kombu retries a dead broker for ~20 s otherwise
        if problem is not None:
            raise JobError(f"the job queue is {problem}")
        try:
            return CeleryHandle(self.app.send_task(RUN_TASK, args=[name, kwargs]))
        except Exception as exc:  # broker down: say so at once, never hang a request
            raise JobError(f"the job queue is unreachable ({type(exc).__name__})") from exc

    def problem(self, timeout: float = 1.0) -> str | None:
        """Why the queue cannot take jobs now (Redis does not answer), or None."""
        try:
            import redis

            redis.Redis.from_url(
                self.redis_url, socket_connect_timeout=timeout, socket_timeout=timeout
            ).ping()
        except Exception as exc:
            return f"unreachable: {type(exc).__name__}"
        return None

    def close(self) -> None:
        self.app.close()


__all__ = ["RUN_TASK", "CeleryHandle", "CeleryQueue", "make_celery"]
