"""The only place domain errors become HTTP status codes."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from hamdel.core.errors import (
    AuthError,
    ConfigError,
    ConflictError,
    ConsentError,
    HamdelError,
    InputError,
    JobError,
    ModelUnavailableError,
    NotFoundError,
)

logger = logging.getLogger(__name__)

STATUS: tuple[tuple[type[HamdelError], int], ...] = (
    (InputError, 422),
    (NotFoundError, 404),
    (ConflictError, 409),
    (AuthError, 401),
    (ConsentError, 403),
    (ModelUnavailableError, 503),
    (JobError, 503),
    (ConfigError, 500),
)


def status_for(error: HamdelError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HamdelError)
    status = status_for(exc)
    if status >= 500:
        logger.error(
            "domain error", extra={"fields": {"kind": type(exc).__name__, "path": request.url.path}}
        )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error", extra={"fields": {"path": request.url.path}})
    return JSONResponse({"detail": "internal error; nothing was changed"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HamdelError, _domain_error)
    app.add_exception_handler(Exception, _unexpected)


__all__ = ["install_error_handlers", "status_for"]
