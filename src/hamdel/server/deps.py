"""Request-scoped dependencies: the database transaction and the signed-in principal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hamdel.companion.courier import CourierThread
from hamdel.companion.monitor import MonitorThread
from hamdel.companion.service import Components
from hamdel.core.errors import AuthError
from hamdel.core.settings import Settings
from hamdel.jobs import JobQueue
from hamdel.server.limits import Attempts
from hamdel.server.security import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    csrf_matches,
    token_hash,
)
from hamdel.store import repositories as repo
from hamdel.store.db import transaction
from hamdel.store.models import User, utcnow

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class AppState:
    """What the app loads once at start-up and hands to every request."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    queue: JobQueue
    components: Components
    attempts: Attempts = field(default_factory=Attempts.from_uri)
    """Sign-in and sign-up rate limits (memory; Redis when scaled out)."""
    monitor: MonitorThread | None = None
    """The background reader of imported posts and sender of scheduled messages, when on."""
    courier: CourierThread | None = None
    """The outbox's deliverer (alerts, invitations, tests), when on."""

    def wake_courier(self) -> None:
        if self.courier is not None:
            self.courier.wake()


@dataclass(frozen=True)
class Principal:
    user: User
    via: Literal["session", "bearer"]
    token_hash: str


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.hamdel
    return state


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.
    ``scope="function"`` commits *before* the response leaves: a 2xx means the write is
    stored (a failed commit becomes an error response, never a lost acknowledged write)."""
    state = get_state(request)
    with transaction(state.sessions) as session:
        yield session
    if session.info.pop(repo.OUTBOX, False):  # committed: deliver now, not at the next poll
        state.wake_courier()


DB = Annotated[Session, Depends(get_db, scope="function")]
State = Annotated[AppState, Depends(get_state)]


def token_user(db: Session, raw: str, kind: str) -> User | None:
    """The user whose token (of ``kind``: "session", "api") is ``raw``; None for an unknown or
    expired token, or one of another kind."""
    token = repo.get_token(db, token_hash=token_hash(raw), now=utcnow())
    if token is None or token.kind != kind:
        return None
    return repo.get_user(db, user_id=token.user_id)


def _principal_from_token(db: Session, raw: str, kind: str) -> tuple[User, str]:
    user = token_user(db, raw, kind)
    if user is None:
        raise AuthError("session expired or invalid; sign in again")
    return user, token_hash(raw)


def optional_principal(request: Request, db: DB) -> Principal | None:
    """The caller, by bearer token or session cookie; None when not signed in.

    Cookie-authenticated requests that change state must carry the CSRF token
    (header ``X-CSRF-Token`` equal to the ``hamdel_csrf`` cookie).
    """
    header = request.headers.get("authorization")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthError("use 'Authorization: Bearer <token>'")
        user, hashed = _principal_from_token(db, raw.strip(), "api")
        return Principal(user=user, via="bearer", token_hash=hashed)
    raw_cookie = request.cookies.get(SESSION_COOKIE)
    if not raw_cookie:
        return None
    user, hashed = _principal_from_token(db, raw_cookie, "session")
    if request.method not in SAFE_METHODS and not csrf_matches(
        request.cookies.get(CSRF_COOKIE), request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token (X-CSRF-Token)")
    return Principal(user=user, via="session", token_hash=hashed)


def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise AuthError("sign in first (session cookie or bearer token)")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(require_principal)]


def current_user_id(principal: CurrentPrincipal) -> int:
    return principal.user.id


UserId = Annotated[int, Depends(current_user_id)]

__all__ = [
    "DB",
    "AppState",
    "CurrentPrincipal",
    "Principal",
    "State",
    "UserId",
    "get_db",
    "get_state",
    "optional_principal",
    "require_principal",
    "token_user",
]
