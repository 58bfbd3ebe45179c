"""/api/account: export everything stored about you, or delete all of it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from hamdel.core.errors import NotFoundError
from hamdel.server.deps import DB, CurrentPrincipal
from hamdel.server.schemas import PasswordConfirm
from hamdel.server.security import CSRF_COOKIE, SESSION_COOKIE
from hamdel.server.sessions import erase_account
from hamdel.store import repositories as repo

router = APIRouter(tags=["account"])
logger = logging.getLogger(__name__)


@router.get("/api/account/export", response_model=dict[str, Any])
def export_account(principal: CurrentPrincipal, db: DB) -> JSONResponse:
    """One JSON document of everything stored about you (passwords and tokens left out)."""
    document = repo.export_user(db, user_id=principal.user.id)
    if document is None:
        raise NotFoundError("account not found")
    logger.info("account exported", extra={"fields": {"user_id": principal.user.id}})
    return JSONResponse(
        document,
        headers={"Content-Disposition": 'attachment; filename="hamdel-export.json"'},
    )


@router.delete("/api/account", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(body: PasswordConfirm, principal: CurrentPrincipal, db: DB) -> Response:
    """Delete your account and everything stored about you. Needs your password."""
    erase_account(db, user=principal.user, password=body.password)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
