"""Passwords (argon2id, judged by strength), opaque session/API tokens (only their SHA-256 is
stored), CSRF tokens.

argon2id takes 64 MiB per hash: at most :data:`HASHING_AT_ONCE` run at once (a flood of sign-ins
waits its turn, or gets "busy" after :data:`HASHING_WAIT_S`, instead of taking the memory and
the CPU of everything else)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hamdel.core.errors import BusyError
from hamdel.core.languages import storable_text

_hasher = PasswordHasher()
HASHING_AT_ONCE = 2
HASHING_WAIT_S = 10.0
_hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)
MIN_STRENGTH = 3
"""zxcvbn score (0-4) a new password needs: about 10^8 guesses or more."""
_DUMMY_HASH = _hasher.hash("hamdel-timing-equaliser")

SESSION_COOKIE = "hamdel_session"
CSRF_COOKIE = "hamdel_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LANG_COOKIE = "hamdel_lang"


@contextmanager
def _bounded() -> Iterator[None]:
    if not _hashing.acquire(timeout=HASHING_WAIT_S):
        raise BusyError("too many sign-ins at once; nothing was changed, try again", 2)
    try:
        yield
    finally:
        _hashing.release()


def hash_password(password: str) -> str:
    with _bounded():
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-ish time whether or not the user exists (a dummy hash is checked otherwise)."""
    with _bounded():
        try:
            ok = _hasher.verify(password_hash or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return False
    return ok and password_hash is not None


def password_problem(password: str, *hints: str | None) -> str | None:
    """Why ``password`` is too easy to guess (``hints``: the e-mail, the name), or None.
    Strength, not length: "1234567890" and ten spaces are refused, a few words are fine."""
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]

    if not password.strip() or not storable_text(password):
        return "the password is empty or holds characters that cannot be typed"
    # zxcvbn refuses (ValueError) more than 72 characters: a long passphrase is judged by
    # its first 72, which is where its strength shows (the fuzzing run found the 500)
    result = zxcvbn(password[:72], user_inputs=[h[:72] for h in hints if h])
    if int(result["score"]) >= MIN_STRENGTH:
        return None
    warning = str(result["feedback"].get("warning") or "it is too easy to guess")
    tips = " ".join(str(t) for t in result["feedback"].get("suggestions") or [])
    return f"this password is too easy to guess: {warning.rstrip('.')}. {tips}".strip()


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
    "password_problem",
    "token_hash",
    "verify_password",
]
