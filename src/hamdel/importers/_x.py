"""The X (Twitter) archive: ``data/tweets.js`` and its parts ``data/tweets-part1.js``…

Each file is JavaScript, ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]`` (archives before
2020: ``data/tweet.js``, ``window.YTD.tweet.part0``). Kept: the person's tweets and replies;
skipped: retweets (``retweeted_status``, or text starting ``RT @``). The text is ``full_text``
with HTML entities unescaped and the ``t.co`` links of attached media removed (a tweet that was
only a picture is then empty and skipped). ``created_at`` carries its zone (``+0000``).
``lang`` gives the language where it is ``en``/``fa``; ``und`` and the like: from the text.
``native_id`` is ``id_str``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hamdel.core.calendar import MONTHS
from hamdel.core.errors import InputError
from hamdel.importers._common import at_least_one, make_post
from hamdel.importers._files import Counted, Entry, Progress, read_each
from hamdel.importers._json import JsPrefixed, items
from hamdel.importers._types import ArchivePost

PATTERN = r"(^|/)tweets?(-part\d+)?\.js$"


def _part(entry: Entry) -> tuple[str, int]:
    """``tweets.js`` (part 0) first, then ``tweets-part1.js``, ``tweets-part2.js``…"""
    found = re.search(r"-part(\d+)\.js$", entry.name)
    folder = entry.name.rsplit("/", 1)[0] if "/" in entry.name else ""
    return folder, int(found[1]) if found else 0


_MONTHS = {m: i for i, m in enumerate(MONTHS["en"], 1)}


def _when(raw: Any, where: str) -> datetime:
    """``"Wed Oct 10 20:19:24 +0000 2018"`` (read by hand: :func:`~datetime.strptime` is slow)."""
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(f"{where}: no date")
    try:
        _, month, day, clock, zone, year = raw.split()
        hour, minute, second = (int(p) for p in clock.split(":"))
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        tz = UTC if not offset else timezone(offset)
        return datetime(int(year), _MONTHS[month], int(day), hour, minute, second, tzinfo=tz)
    except (ValueError, KeyError, IndexError):
        raise InputError(f"{where}: {raw[:40]!r} is not a date") from None


def _text(tweet: dict[str, Any], where: str) -> str:
    raw = tweet.get("full_text", tweet.get("text"))
    if not isinstance(raw, str):
        raise InputError(f"{where}: no text")
    for key in ("entities", "extended_entities"):
        media = (tweet.get(key) or {}).get("media") or []
        for item in media if isinstance(media, list) else []:
            url = item.get("url") if isinstance(item, dict) else None
            if isinstance(url, str) and url:
                raw = raw.replace(url, "")
    return html.unescape(raw).strip()


def _retweet(tweet: dict[str, Any], text: str) -> bool:
    return bool(tweet.get("retweeted_status")) or text.startswith("RT @")


def _tweets(entry: Entry, stream: Counted) -> Iterator[ArchivePost]:
    body = JsPrefixed(stream, entry.base)
    for number, item in enumerate(items(body, "item", entry.base), start=1):
        where = f"{entry.base}, tweet {number}"
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict):
            raise InputError(f"{where}: not a tweet")
        text = _text(tweet, where)
        if not text or _retweet(tweet, text):
            continue
        native = tweet.get("id_str", tweet.get("id"))
        if not isinstance(native, str | int) or not str(native).strip():
            raise InputError(f"{where}: no id_str")
        where = f"{entry.base}, tweet {number} ({native})"
        when = _when(tweet.get("created_at"), where)
        lang = tweet.get("lang") if isinstance(tweet.get("lang"), str) else None
        yield make_post("x", str(native), text, when, where, declared=lang)


def read_x(
    path: Path, *, author: str | None = None, progress: Progress | None = None
) -> Iterator[ArchivePost]:
    """The person's tweets and replies in an X archive (see the module's docstring)."""
    del author  # an archive is one person's
    tweets = read_each(
        path, PATTERN, "an X archive", "data/tweets.js", progress, _tweets, order=_part
    )
    return at_least_one(tweets, "no tweets of yours with text in this X archive")


__all__ = ["PATTERN", "read_x"]
