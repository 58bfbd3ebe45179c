"""The only place domain errors become HTTP status codes."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hamdel.core import errors
from hamdel.store import DatabaseError
from hamdel.store.db import is_busy

logger = logging.getLogger(__name__)

STATUS: tuple[tuple[type[errors.HamdelError], int], ...] = (
    (errors.RateLimitError, 429),
    (errors.BusyError, 503),
    (errors.InputError, 422),
    (errors.NotFoundError, 404),
    (errors.ConflictError, 409),
    (errors.AuthError, 401),
    (errors.ConsentError, 403),
    (errors.ModelUnavailableError, 503),
    (errors.JobError, 503),
    (errors.ConfigError, 500),
)


def status_for(error: errors.HamdelError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.HamdelError)
    status = status_for(exc)
    if status >= 500:
        logger.error(
            "domain error", extra={"fields": {"kind": type(exc).__name__, "path": request.url.path}}
        )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, errors.BusyError):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


BUSY_DETAIL = "the service is busy; nothing was changed, please try again"


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A lock held too long is "try again" (503 with Retry-After); any other database error is
    an internal error. The log carries the kind only: never the statement or its parameters
    (they hold what the person wrote)."""
    if is_busy(exc):
        logger.warning("database busy", extra={"fields": {"path": request.url.path}})
        return JSONResponse({"detail": BUSY_DETAIL}, status_code=503, headers={"Retry-After": "1"})
    return await _unexpected(request, exc)


def _where(exc: BaseException) -> str:
    """``file:line`` of the innermost frame: enough to find the bug, nothing of what was sent."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb is not None else "?"


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # never the message or a formatted traceback: they can hold what the person wrote
    logger.error(
        "unexpected error",
        extra={"fields": {"path": request.url.path, "kind": type(exc).__name__, "at": _where(exc)}},
    )
    return JSONResponse({"detail": "internal error; nothing was changed"}, status_code=500)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 for a body or parameter that does not validate. The offending input is not echoed
    back: it may not even be serialisable (NaN, a lone surrogate) and it is the person's text."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": problems}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(errors.HamdelError, _domain_error)
    app.add_exception_handler(DatabaseError, _database_error)
    app.add_exception_handler(Exception, _unexpected)


__all__ = ["install_error_handlers", "status_for"]
