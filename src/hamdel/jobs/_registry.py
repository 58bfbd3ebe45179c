"""The job registry and the queue protocol shared by every backend."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from hamdel.core.errors import JobError

TASKS: dict[str, Callable[..., Any]] = {}
TASK_MODULES = ("hamdel.jobs.builtin", "hamdel.jobs.monitor")
"""Modules whose import registers tasks; a Celery worker imports them all at start."""


def task(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``func`` as the job ``name``."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in TASKS and TASKS[name] is not func:
            raise JobError(f"job {name!r} is registered twice")
        TASKS[name] = func
        return func

    return register


def load_task_modules() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)


def run_task(name: str, kwargs: dict[str, Any]) -> Any:
    """Run a registered job here and now (what every backend ends up calling)."""
    load_task_modules()
    func = TASKS.get(name)
    if func is None:
        raise JobError(f"unknown job {name!r}; registered: {', '.join(sorted(TASKS))}")
    return func(**kwargs)


class JobHandle(Protocol):
    @property
    def id(self) -> str: ...

    def result(self, timeout: float | None = None) -> Any:
        """The job's return value; raises :class:`JobError` if it failed or timed out."""
        ...


class JobQueue(Protocol):
    backend: str

    def submit(self, name: str, /, **kwargs: Any) -> JobHandle: ...

    def problem(self, timeout: float = 1.0) -> str | None:
        """Why jobs cannot be taken now, or None when the queue answers."""
        ...

    def close(self) -> None: ...


__all__ = ["TASKS", "JobHandle", "JobQueue", "load_task_modules", "run_task", "task"]
