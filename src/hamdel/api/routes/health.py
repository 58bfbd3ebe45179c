"""/health: is the service up, can it reach its database and its job queue, and is the crisis
check whole? Any of them missing is "degraded".

A crisis check running on the lexicon alone (the embedding head or the text models missing) is
"degraded": it misses a third of crisis messages written in the person's own words."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from hamdel import __version__
from hamdel.server.deps import State
from hamdel.server.schemas import Health
from hamdel.store import ping

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(state: State) -> JSONResponse:
    try:
        ping(state.engine)
        database = "ok"
    except Exception as exc:  # report, never crash the health probe
        database = f"unreachable: {type(exc).__name__}"
    missing = state.components.crisis_degraded
    crisis = "ok" if not missing else "degraded: " + "; ".join(missing)
    queue_problem = state.queue.problem(timeout=0.5)
    jobs = state.queue.backend + (f" {queue_problem}" if queue_problem else "")
    body = Health(
        status="ok" if database == "ok" and not missing and not queue_problem else "degraded",
        version=__version__,
        database=database,
        jobs=jobs,
        crisis_check=crisis,
    )
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)
