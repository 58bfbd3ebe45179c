"""Sign-up, sign-in and sign-out, shared by the JSON API and the browser pages."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from fastapi import Response

from hamdel.companion.courier import queue_message
from hamdel.core.errors import AuthError, InputError, UnconfirmedError
from hamdel.core.settings import Settings
from hamdel.server.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    hash_password,
    new_token,
    password_problem,
    token_hash,
    verify_password,
)
from hamdel.store import DuplicateError, Session
from hamdel.store import repositories as repo
from hamdel.store.models import User, utcnow

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    return email.strip().lower()


SIGNED_UP = "if this e-mail address was new, the account is ready: sign in to continue"
"""What the API says to every sign-up, new address or not (no account enumeration)."""
SIGNED_UP_CONFIRM = (
    "we sent an e-mail to this address: open its link to confirm it, then sign in "
    "(no e-mail within a few minutes? look in spam, or sign up again for a new link)"
)
"""The same, where new addresses are confirmed by e-mail (``Settings.confirms_email``)."""
CONFIRM_VALID = timedelta(days=2)
AGAIN_EVERY = timedelta(hours=1)
"""At most one "you already have an account" (or a new link) per account per hour: a stranger
signing up with your address cannot fill your inbox."""


def sign_up(
    db: Session,
    *,
    email: str,
    password: str,
    language: str,
    display_name: str | None,
    confirm: bool = False,
) -> User | None:
    """Create an account; None when the address already has one. The password is hashed
    either way, so both answers take the same time. Raises :class:`InputError` for a password
    that is too easy to guess.

    ``confirm``: the new account waits for its address to be confirmed (a link sent by e-mail,
    through the outbox after commit), and a sign-up with a taken address e-mails its owner
    instead (or, for an account still waiting, a new link): the page answers alike."""
    email = normalise_email(email)
    problem = password_problem(password, email, email.split("@")[0], display_name)
    if problem is not None:
        raise InputError(problem)
    hashed = hash_password(password)
    existing = repo.get_user_by_email(db, email=email)
    if existing is not None:
        logger.info("sign-up for a taken address")
        if confirm:
            _tell_owner(db, existing)
        return None
    try:
        with db.begin_nested():
            user = repo.create_user(
                db, email=email, password_hash=hashed, language=language,
                display_name=display_name, awaiting_confirmation=confirm,
            )  # fmt: skip
    except DuplicateError:  # a concurrent sign-up won the race
        return None
    if confirm:
        _send_confirmation(db, user)
    logger.info("user signed up", extra={"fields": {"user_id": user.id, "confirm": confirm}})
    return user


def _send_confirmation(db: Session, user: User) -> None:
    raw = new_token()
    now = utcnow()
    repo.add_token(
        db, user_id=user.id, token_hash=token_hash(raw), kind="confirm",
        expires_at=now + CONFIRM_VALID,
    )  # fmt: skip
    queue_message(
        db, user_id=user.id, contact_id=None, purpose="confirm", now=now, secret={"token": raw}
    )


def _tell_owner(db: Session, user: User) -> None:
    """A sign-up named ``user``'s address: tell its owner (a new link if it still waits)."""
    now = utcnow()
    purpose = "confirm" if user.awaiting_confirmation else "again"
    if repo.deliveries_since(db, user_id=user.id, purpose=purpose, since=now - AGAIN_EVERY):
        logger.info("owner already told this hour", extra={"fields": {"user_id": user.id}})
        return
    if purpose == "confirm":
        _send_confirmation(db, user)
    else:
        queue_message(db, user_id=user.id, contact_id=None, purpose="again", now=now)


def confirm_account(db: Session, *, token: str) -> User | None:
    """Confirm the address whose link carried ``token``; the account (now able to sign in), or
    None for an unknown, used or expired link."""
    found = repo.get_token(db, token_hash=token_hash(token), now=utcnow())
    if found is None or found.kind != "confirm":
        return None
    user = repo.get_user(db, user_id=found.user_id)
    repo.delete_token(db, token_hash=found.token_hash)
    if user is None:
        return None
    user.awaiting_confirmation = False
    logger.info("address confirmed", extra={"fields": {"user_id": user.id}})
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


def authenticate(db: Session, *, email: str, password: str) -> User:
    user = repo.get_user_by_email(db, email=normalise_email(email))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        logger.info("sign-in refused")
        raise AuthError("wrong e-mail or password")
    if user.awaiting_confirmation:
        logger.info("sign-in before confirmation", extra={"fields": {"user_id": user.id}})
        raise UnconfirmedError(
            "confirm your e-mail address first: open the link we sent you "
            "(or sign up again with the same address for a new one)"
        )
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
    set_cookie(response, SESSION_COOKIE, raw, settings=settings, max_age=max_age)
    csrf = new_token()
    set_cookie(response, CSRF_COOKIE, csrf, settings=settings, max_age=max_age)
    return csrf


def set_cookie(
    response: Response, name: str, value: str, *, settings: Settings, max_age: int | None = None
) -> None:
    """Set one of hamdel's cookies, site-wide: the CSRF cookie is read by the page's script and
    sent to this site only (``SameSite=Strict``); the others are ``HttpOnly`` and ``Lax``."""
    csrf = name == CSRF_COOKIE
    response.set_cookie(
        name, value, max_age=max_age, httponly=not csrf, secure=settings.cookie_secure,
        samesite="strict" if csrf else "lax", path="/",
    )  # fmt: skip


def end_session(db: Session, *, token_hash_value: str, response: Response) -> None:
    repo.delete_token(db, token_hash=token_hash_value)
    response.delete_cookie(SESSION_COOKIE, path="/")


__all__ = [
    "SIGNED_UP",
    "SIGNED_UP_CONFIRM",
    "authenticate",
    "change_password",
    "confirm_account",
    "end_session",
    "erase_account",
    "issue_token",
    "normalise_email",
    "set_cookie",
    "sign_out_everywhere",
    "sign_up",
    "start_browser_session",
]
