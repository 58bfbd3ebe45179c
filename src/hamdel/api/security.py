"""Passwords (argon2id), opaque session/API tokens (only their SHA-256 is stored), CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("hamdel-timing-equaliser")

SESSION_COOKIE = "hamdel_session"
CSRF_COOKIE = "hamdel_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LANG_COOKIE = "hamdel_lang"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-ish time whether or not the user exists (a dummy hash is checked otherwise)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_matches(cookie_value: str | None, submitted: str | None) -> bool:
    if not cookie_value or not submitted:
        return False
    return hmac.compare_digest(cookie_value.encode(), submitted.encode())


__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LANG_COOKIE",
    "SESSION_COOKIE",
    "csrf_matches",
    "hash_password",
    "new_token",
    "token_hash",
    "verify_password",
]
