"""Jobs run the same in-process and on a real Celery worker over Redis."""

from __future__ import annotations

import os

import pytest

from hamdel.core.errors import JobError
from hamdel.core.settings import load_settings
from hamdel.jobs import InlineQueue, make_queue, run_task, task


@task("tests.divide")
def divide(a: float, b: float) -> float:
    return a / b


def test_inline_queue_runs_jobs_off_the_calling_thread() -> None:
    queue = InlineQueue()
    try:
        result = queue.submit("hamdel.ping", message="salam").result(timeout=10)
        assert result["pong"] == "salam" and result["pid"] == os.getpid()
        assert queue.submit("tests.divide", a=1, b=4).result(timeout=10) == 0.25
        with pytest.raises(JobError, match="ZeroDivisionError"):
            queue.submit("tests.divide", a=1, b=0).result(timeout=10)
        with pytest.raises(JobError, match="unknown job"):
            queue.submit("no.such.job").result(timeout=10)
    finally:
        queue.close()


def test_registering_two_functions_under_one_name_fails() -> None:
    with pytest.raises(JobError, match="twice"):
        task("tests.divide")(lambda: None)


def test_factory_follows_settings() -> None:
    queue = make_queue(load_settings(job_backend="inline"))
    assert queue.backend == "inline"
    queue.close()
    assert run_task("hamdel.ping", {"message": "x"})["pong"] == "x"


@pytest.mark.redis
def test_celery_worker_runs_a_job_through_redis(redis_url: str) -> None:
    from celery.contrib.testing.worker import start_worker

    from hamdel.jobs.celery_backend import CeleryQueue, make_celery

    app = make_celery(redis_url)
    queue = CeleryQueue(redis_url, app=app)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        handle = queue.submit("hamdel.ping", message="from redis")
        result = handle.result(timeout=30)
        assert result["pong"] == "from redis"
        failing = queue.submit("no.such.job")
        with pytest.raises(JobError, match="unknown job"):
            failing.result(timeout=30)
    app.close()
