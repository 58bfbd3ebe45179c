"""The JSON form of the typed results the faces return (reports, offers, ratings).

>>> from dataclasses import dataclass
>>> from datetime import UTC, datetime
>>> @dataclass(frozen=True)
... class Seen:
...     at: datetime
...     tags: tuple[str, ...]
>>> jsonable(Seen(datetime(2026, 12, 7, tzinfo=UTC), ("a", "b")))
{'at': '2026-12-07T00:00:00+00:00', 'tags': ['a', 'b']}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with dataclasses as dicts of their fields (in order), dates and times in ISO
    8601, tuples and lists as lists and mappings as dicts, recursively; anything else as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


__all__ = ["jsonable"]
