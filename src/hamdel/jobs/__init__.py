"""Background work behind one small interface.

::

    queue = make_queue(settings)          # "inline" (in-process threads) or "celery" (Redis)
    handle = queue.submit("hamdel.ping", message="hi")
    handle.result(timeout=10)             # -> {"pong": "hi"}

Jobs are plain functions registered by name with :func:`task`; arguments and results must be
JSON-serialisable so the same job runs in-process or on a Celery worker.
"""

from hamdel.jobs._registry import TASKS, JobHandle, JobQueue, run_task, task
from hamdel.jobs.factory import make_queue
from hamdel.jobs.inline import InlineQueue

__all__ = ["TASKS", "InlineQueue", "JobHandle", "JobQueue", "make_queue", "run_task", "task"]
