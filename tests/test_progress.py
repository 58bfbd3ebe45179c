"""Progress bars appear on a terminal's stderr only, and never change what is iterated."""

from __future__ import annotations

import io
import sys

import pytest

from hamdel.cli._progress import track


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_track_yields_everything_and_draws_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    assert list(track([1, 2, 3], "counting")) == [1, 2, 3]
    assert plain.getvalue() == ""
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert list(track(iter(range(5)), "counting")) == [0, 1, 2, 3, 4]
    assert "counting" in tty.getvalue()
