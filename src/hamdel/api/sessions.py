"""Sign-up, sign-in and sign-out, shared by the JSON API and the browser pages."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from fastapi import Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hamdel.api.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    hash_password,
    new_token,
    password_problem,
    token_hash,
    verify_password,
)
from hamdel.core.errors import AuthError, InputError
from hamdel.core.settings import Settings
from hamdel.store import repositories as repo
from hamdel.store.models import User, utcnow

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    return email.strip().lower()


SIGNED_UP = "if this e-mail address was new, the account is ready: sign in to continue"
"""What the API says to every sign-up, new address or not (no account enumeration)."""


def sign_up(
    db: Session, *, email: str, password: str, language: str, display_name: str | None
) -> User | None:
    """Create an account; None when the address already has one. The password is hashed
    either way, so both answers take the same time. Raises :class:`InputError` for a password
    that is too easy to guess."""
    email = normalise_email(email)
    problem = password_problem(password, email, email.split("@")[0], display_name)
    if problem is not None:
        raise InputError(problem)
    hashed = hash_password(password)
    if repo.get_user_by_email(db, email=email) is not None:
        logger.info("sign-up for a taken address")
        return None
    try:
        with db.begin_nested():
            user = repo.create_user(
                db, email=email, password_hash=hashed, language=language,
                display_name=display_name,
            )  # fmt: skip
    except IntegrityError:  # a concurrent sign-up won the race
        return None
    logger.info("user signed up", extra={"fields": {"user_id": user.id}})
    return user


def change_password(
    db: Session, *, user: User, current: str, new: str, keep_token: str | None
) -> int:
    """Check the current password, set a strong new one, and sign out every other session and
    token (``keep_token``: the hash of the one in use); returns how many were signed out."""
    if not verify_password(user.password_hash, current):
        raise AuthError("the current password is wrong")
    problem = password_problem(new, user.email, user.display_name)
    if problem is not None:
        raise InputError(problem)
    user.password_hash = hash_password(new)
    ended = repo.delete_user_tokens(db, user_id=user.id, keep=keep_token)
    logger.info("password changed", extra={"fields": {"user_id": user.id, "signed_out": ended}})
    return ended


def sign_out_everywhere(db: Session, *, user: User) -> int:
    """End every session and revoke every token of ``user``, this one included."""
    ended = repo.delete_user_tokens(db, user_id=user.id)
    logger.info("signed out everywhere", extra={"fields": {"user_id": user.id, "ended": ended}})
    return ended


def authenticate(db: Session, *, email: str, password: str) -> User:
    user = repo.get_user_by_email(db, email=normalise_email(email))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        logger.info("sign-in refused")
        raise AuthError("wrong e-mail or password")
    return user


def issue_token(db: Session, *, user: User, kind: str, settings: Settings) -> tuple[str, datetime]:
    raw = new_token()
    expires = utcnow() + timedelta(days=settings.session_days)
    repo.add_token(db, user_id=user.id, token_hash=token_hash(raw), kind=kind, expires_at=expires)
    logger.info("token issued", extra={"fields": {"user_id": user.id, "kind": kind}})
    return raw, expires


def start_browser_session(
    db: Session, *, user: User, response: Response, settings: Settings
) -> str:
    """Start a session: set the HttpOnly session cookie and the CSRF cookie; return the token."""
    raw, _expires = issue_token(db, user=user, kind="session", settings=settings)
    max_age = settings.session_days * 86400
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=max_age,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )
    csrf = new_token()
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=max_age,
        httponly=False,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/",
    )
    return csrf


def end_session(db: Session, *, token_hash_value: str, response: Response) -> None:
    repo.delete_token(db, token_hash=token_hash_value)
    response.delete_cookie(SESSION_COOKIE, path="/")


__all__ = [
    "SIGNED_UP",
    "authenticate",
    "change_password",
    "end_session",
    "issue_token",
    "normalise_email",
    "sign_out_everywhere",
    "sign_up",
    "start_browser_session",
]
