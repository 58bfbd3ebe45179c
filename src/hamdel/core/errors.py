"""One exception tree for hamdel. Foreign errors are converted at the border (``raise ... from``).

::

    HamdelError
    ├── ConfigError            settings that cannot work (bad URL, unsafe value)
    ├── InputError             bad input from a person or a file; names the record
    │   ├── AudioError         unreadable, silent, too short or too long audio
    │   └── TextError          empty, oversize or undecodable text
    ├── NotFoundError          a record that does not exist (or is not the caller's)
    ├── ConflictError          a record that already exists (duplicate sign-up)
    ├── AuthError              wrong credentials, missing or expired session
    ├── ConsentError           an attribute or contact used without consent
    ├── ModelUnavailableError  a model or backend that is not installed; says how to get it
    └── JobError               background work that failed or timed out

HTTP status codes are chosen only in the API layer (``hamdel.api.errors``).
"""

from __future__ import annotations


class HamdelError(Exception):
    """Base of every error hamdel raises on purpose."""


class ConfigError(HamdelError):
    pass


class InputError(HamdelError):
    pass


class AudioError(InputError):
    pass


class TextError(InputError):
    pass


class NotFoundError(HamdelError):
    pass


class ConflictError(HamdelError):
    pass


class AuthError(HamdelError):
    pass


class UnconfirmedError(AuthError):
    """The right password, for an account whose e-mail address is not confirmed yet."""


class ConsentError(HamdelError):
    pass


class ModelUnavailableError(HamdelError):
    pass


class JobError(HamdelError):
    pass


class BusyError(HamdelError):
    """Too much of one kind of work at once; nothing was changed, try again shortly."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitError(BusyError):
    """Too many attempts from one address or at one account (sign-in, sign-up, tokens)."""


__all__ = [
    "AudioError",
    "AuthError",
    "BusyError",
    "ConfigError",
    "ConflictError",
    "ConsentError",
    "HamdelError",
    "InputError",
    "JobError",
    "ModelUnavailableError",
    "NotFoundError",
    "RateLimitError",
    "TextError",
    "UnconfirmedError",
]
