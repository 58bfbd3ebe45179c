"""The default backend: jobs run in this process, on a small thread pool."""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from hamdel.core.errors import JobError
from hamdel.jobs._registry import run_task


class InlineHandle:
    def __init__(self, future: Future[Any]) -> None:
        self._future = future
        self._id = uuid.uuid4().hex

    @property
    def id(self) -> str:
        return self._id

    def result(self, timeout: float | None = None) -> Any:
        try:
            return self._future.result(timeout=timeout)
        except FutureTimeout as exc:
            raise JobError(f"job {self._id} did not finish within {timeout} s") from exc
        except JobError:
            raise
        except Exception as exc:
            raise JobError(f"job {self._id} failed: {type(exc).__name__}: {exc}") from exc


class InlineQueue:
    backend = "inline"

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hamdel-job")

    def submit(self, name: str, /, **kwargs: Any) -> InlineHandle:
        return InlineHandle(self._pool.submit(run_task, name, kwargs))

    def problem(self, timeout: float = 1.0) -> str | None:
        """The in-process queue is always there."""
        return None

    def close(self) -> None:
        self._pool.shutdown(wait=True)


__all__ = ["InlineHandle", "InlineQueue"]
