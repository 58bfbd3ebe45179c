"""A person's own public Mastodon posts, fetched through the server's API (PyPI ``Mastodon.py``),
as :class:`~hamdel.importers.ArchivePost` like the archive reader's.

No sign-in: the public ``/api/v1/accounts/lookup`` finds the account, and
``/api/v1/accounts/<id>/statuses`` (boosts excluded; ``Link: rel="next"`` pages, 40 a page)
gives what they wrote, replies included. The native id is the status's ``uri`` (its
ActivityPub id), the very id the archive's ``outbox.json`` gives the same post: fetching after
importing the archive (or the other way round) adds nothing. Text is the content warning, then
the HTML content as plain text (the archive reader's own conversion); the language is the
status's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from hamdel.core.errors import InputError
from hamdel.importers import ArchivePost, html_to_text, make_post

logger = logging.getLogger(__name__)

PAGE = 40
"""Statuses per request (Mastodon's maximum)."""
TIMEOUT_S = 30.0


def _client(instance: str) -> Any:
    from mastodon import Mastodon

    parts = urlsplit(instance.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{instance!r}: give the server's address, e.g. https://mastodon.social")
    return Mastodon(
        api_base_url=f"{parts.scheme}://{parts.netloc}",
        version_check_mode="none",
        request_timeout=TIMEOUT_S,
        user_agent="hamdel (own posts import)",
    )


def _post(status: Any, number: int) -> ArchivePost | None:
    if status.get("reblog"):
        return None  # a boost: someone else's words
    where = f"status {number} ({status.get('id')})"
    native = status.get("uri") or status.get("url") or status.get("id")
    if not native:
        raise InputError(f"{where}: no id")
    summary = html_to_text(status.get("spoiler_text") or "")
    content = html_to_text(status.get("content") or "")
    text = "\n\n".join(t for t in (summary, content) if t)
    if not text:
        return None  # media only
    when = status.get("created_at")
    if isinstance(when, str):
        when = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if not isinstance(when, datetime):
        raise InputError(f"{where}: no date")
    when = when.astimezone(UTC) if when.tzinfo is not None else when.replace(tzinfo=UTC)
    language = status.get("language")
    return make_post(
        "mastodon", str(native), text, when, where,
        declared=language if isinstance(language, str) else None,
    )  # fmt: skip


def fetch_own_posts(
    instance: str, account: str, *, progress: Callable[[int, int], None] | None = None
) -> Iterator[ArchivePost]:
    """The public posts of ``account`` (``name`` or ``name@server``) on ``instance``, newest
    first; :class:`InputError` when the server does not answer or has no such account.
    ``progress(statuses_seen, 0)`` after each page."""
    from mastodon import MastodonError, MastodonNetworkError, MastodonNotFoundError

    api = _client(instance)
    name = account.strip().lstrip("@")
    try:
        found = api.account_lookup(name)
        page = api.account_statuses(found["id"], exclude_reblogs=True, limit=PAGE)
        seen = 0
        while page:
            for status in page:
                seen += 1
                post = _post(status, seen)
                if post is not None:
                    yield post
            if progress is not None:
                progress(seen, 0)
            page = api.fetch_next(page)
    except MastodonNotFoundError:
        raise InputError(f"no account {name!r} on {instance}") from None
    except MastodonNetworkError as exc:
        raise InputError(f"{instance} did not answer ({type(exc).__name__})") from None
    except MastodonError as exc:
        raise InputError(f"{instance} refused: {str(exc)[:200]}") from None


__all__ = ["fetch_own_posts"]
