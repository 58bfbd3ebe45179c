"""Jobs every installation has: ``hamdel.ping`` and the drop-folder pickup
(``hamdel.imports.drop``)."""

from __future__ import annotations

import os
import socket

from hamdel.jobs._registry import task


@task("hamdel.ping")
def ping(message: str = "") -> dict[str, str | int]:
    """Answer with the message and where it ran (proves a worker really ran it)."""
    return {"pong": message, "host": socket.gethostname(), "pid": os.getpid()}


@task("hamdel.imports.drop")
def imports_drop() -> dict[str, int]:
    """Import the complete archives waiting in every person's drop folder
    (``HAMDEL_DROP_DIR``) now; each monitor tick does the same before it reads the pending
    posts (:func:`hamdel.companion.monitor.monitor_tick`)."""
    from hamdel.companion.import_drop import pick_up
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import sessions_for

    settings = get_settings()
    return pick_up(
        sessions_for(settings.database_url),
        root=settings.drop_root,
        settle_seconds=settings.drop_settle_seconds,
    ).to_dict()
