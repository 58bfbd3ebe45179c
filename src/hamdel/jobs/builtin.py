"""Jobs every installation has."""

from __future__ import annotations

import os
import socket

from hamdel.jobs._registry import task


@task("hamdel.ping")
def ping(message: str = "") -> dict[str, str | int]:
    """Answer with the message and where it ran (proves a worker really ran it)."""
    return {"pong": message, "host": socket.gethostname(), "pid": os.getpid()}
