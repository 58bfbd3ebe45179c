"""Progress bars for long CLI work, on stderr so ``--json`` output on stdout stays clean.

Shown only when stderr is a terminal (not in pipes, CI logs or tests).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import track as _track

T = TypeVar("T")


def track(items: Sequence[T] | Iterable[T], description: str) -> Iterator[T]:
    """Iterate ``items`` with a rich progress bar on stderr when it is a terminal."""
    console = Console(stderr=True)
    total = len(items) if isinstance(items, Sequence) else None
    yield from _track(
        items,
        description=description,
        total=total,
        console=console,
        transient=True,
        disable=not sys.stderr.isatty(),
    )


__all__ = ["track"]
