"""Rate limits on sign-in, sign-up and token creation: per client address and per account.

A moving window (PyPI ``limits``) in memory for one process, or in Redis when the service is
scaled out (``HAMDEL_JOB_BACKEND=celery``), so every worker counts the same attempts; with Redis
unreachable each process counts on its own (limits still hold, per process). Over the
limit is :class:`~hamdel.core.errors.RateLimitError` (429 with ``Retry-After``); nothing is
checked or changed.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from hamdel.core.errors import RateLimitError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rules:
    """How many attempts each key may make (``limits`` notation)."""

    sign_in_per_address: str = "20/minute"
    sign_in_per_account: str = "10/15 minutes"
    sign_up_per_address: str = "5/hour"


class Attempts:
    """Counts attempts; :meth:`check` raises when one is over its limit."""

    def __init__(self, storage: Storage, rules: Rules = Rules()) -> None:
        # parsed once: a typo in the settings fails at start-up, not at the first sign-in
        self._sign_in_address = parse(rules.sign_in_per_address)
        self._sign_in_account = parse(rules.sign_in_per_account)
        self._sign_up_address = parse(rules.sign_up_per_address)
        self._window = MovingWindowRateLimiter(storage)
        self._local = MovingWindowRateLimiter(storage_from_string("memory://"))
        self.rules = rules

    @classmethod
    def from_uri(cls, uri: str = "memory://", rules: Rules = Rules()) -> Attempts:
        storage = storage_from_string(uri)
        if not isinstance(storage, Storage):  # an async storage URI (async+redis://...)
            raise ValueError(f"{uri}: a synchronous storage is needed")
        return cls(storage, rules)

    def check(self, action: str, *, address: str | None, account: str | None = None) -> None:
        """Count one ``action`` (``sign_in`` or ``sign_up``) from ``address`` at ``account``."""
        keys: list[tuple[RateLimitItem, str]] = []
        if action == "sign_in":
            keys.append((self._sign_in_address, f"ip:{address or '?'}"))
            if account:
                keys.append((self._sign_in_account, f"acct:{_digest(account)}"))
        elif action == "sign_up":
            keys.append((self._sign_up_address, f"ip:{address or '?'}"))
        else:
            raise ValueError(f"unknown action {action!r}")
        for item, key in keys:
            window = self._window
            try:
                allowed = window.hit(item, action, key)
            except Exception as exc:  # Redis down: count in this process rather than not at all
                logger.warning(
                    "rate limit store unreachable; counting locally",
                    extra={"fields": {"why": type(exc).__name__}},
                )
                window = self._local
                allowed = window.hit(item, action, key)
            if not allowed:
                reset = window.get_window_stats(item, action, key).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                logger.warning("rate limited", extra={"fields": {"action": action, "key": key[:4]}})
                raise RateLimitError(
                    f"too many attempts; try again in {wait} seconds", retry_after=wait
                )


def client_address(request: Any) -> str | None:
    """The address a request came from (what per-address limits count)."""
    return request.client.host if request.client else None


def _digest(account: str) -> str:
    """Accounts are counted by a hash of the normalised e-mail (no address in the store)."""
    return hashlib.sha256(account.strip().lower().encode("utf-8")).hexdigest()[:32]


__all__ = ["Attempts", "Rules", "client_address"]
