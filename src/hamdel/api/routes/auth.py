"""/api/auth: sign-up, sign-in (cookie or bearer token), sign-out; /api/me."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from hamdel.api.deps import DB, AppState, CurrentPrincipal, get_state
from hamdel.api.schemas import Credentials, LoginOut, SignUp, TokenOut, UserOut, UserPatch
from hamdel.api.sessions import (
    authenticate,
    end_session,
    issue_token,
    sign_up,
    start_browser_session,
)

router = APIRouter(tags=["auth"])
State = Annotated[AppState, Depends(get_state)]


@router.post("/api/auth/signup", status_code=status.HTTP_201_CREATED, response_model=UserOut)
def signup(body: SignUp, db: DB) -> UserOut:
    """Create an account. Nothing else about you is asked for or stored."""
    user = sign_up(
        db,
        email=body.email,
        password=body.password,
        language=body.language,
        display_name=body.display_name,
    )
    return UserOut.model_validate(user)


@router.post("/api/auth/login", response_model=LoginOut)
def login(body: Credentials, db: DB, response: Response, state: State) -> LoginOut:
    """Browser sign-in: sets the HttpOnly session cookie and returns the CSRF token to send back
    in ``X-CSRF-Token`` on every request that changes something."""
    user = authenticate(db, email=body.email, password=body.password)
    csrf = start_browser_session(db, user=user, response=response, settings=state.settings)
    return LoginOut(user=UserOut.model_validate(user), csrf_token=csrf)


@router.post("/api/auth/token", response_model=TokenOut)
def token(body: Credentials, db: DB, state: State) -> TokenOut:
    """API clients: exchange credentials for a bearer token (``Authorization: Bearer …``)."""
    user = authenticate(db, email=body.email, password=body.password)
    raw, expires = issue_token(db, user=user, kind="api", settings=state.settings)
    return TokenOut(access_token=raw, expires_at=expires)


@router.post("/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, db: DB, response: Response) -> Response:
    """End this session (or revoke this bearer token)."""
    end_session(db, token_hash_value=principal.token_hash, response=response)
    response.status_code = status.HTTP_204_NO_CONTENT
    return response


@router.get("/api/me", response_model=UserOut)
def me(principal: CurrentPrincipal) -> UserOut:
    return UserOut.model_validate(principal.user)


@router.patch("/api/me", response_model=UserOut)
def patch_me(body: UserPatch, principal: CurrentPrincipal, db: DB) -> UserOut:
    user = db.merge(principal.user)
    if body.language is not None:
        user.language = body.language
    if "display_name" in body.model_fields_set:
        user.display_name = body.display_name
    db.flush()
    return UserOut.model_validate(user)
