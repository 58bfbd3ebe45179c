"""/health: is the service up, and can it reach its database?"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from hamdel import __version__
from hamdel.api.deps import AppState, get_state
from hamdel.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(state: Annotated[AppState, Depends(get_state)]) -> JSONResponse:
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # report, never crash the health probe
        database = f"unreachable: {type(exc).__name__}"
    body = Health(
        status="ok" if database == "ok" else "degraded",
        version=__version__,
        database=database,
        jobs=state.queue.backend,
    )
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)
