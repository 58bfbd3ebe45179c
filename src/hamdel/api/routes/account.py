"""/api/account: export everything stored about you, or delete all of it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from hamdel.api.deps import DB, CurrentPrincipal
from hamdel.api.schemas import PasswordConfirm
from hamdel.api.security import CSRF_COOKIE, SESSION_COOKIE, verify_password
from hamdel.core.errors import AuthError, NotFoundError
from hamdel.store import repositories as repo
from hamdel.store.models import User

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


def erase_account(db: Session, *, user: User, password: str) -> None:
    """Delete the account and every row about it, after checking the password.

    Raises :class:`AuthError` (and deletes nothing) when the password is wrong. Shared by
    ``DELETE /api/account`` and the settings page.
    """
    if not verify_password(user.password_hash, password):
        raise AuthError("wrong password; nothing was deleted")
    user_id = user.id
    repo.delete_user(db, user_id=user_id)
    logger.info("account deleted", extra={"fields": {"user_id": user_id}})


@router.delete("/api/account", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(body: PasswordConfirm, principal: CurrentPrincipal, db: DB) -> Response:
    """Delete your account and everything stored about you. Needs your password."""
    erase_account(db, user=principal.user, password=body.password)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
