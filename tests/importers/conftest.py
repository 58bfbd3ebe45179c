"""Fixtures for the archive readers: the committed archives, and zips made from them."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hamdel.importers import ArchivePost, read_archive

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"

Zipper = Callable[..., Path]


@pytest.fixture
def archives() -> Path:
    return ARCHIVES


@pytest.fixture
def zipped(tmp_path: Path) -> Zipper:
    """``zipped(name, {path inside: file or bytes})``: a zip as the service hands it out."""

    def make(name: str, members: dict[str, Path | bytes | str]) -> Path:
        out = tmp_path / name
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for inside, content in members.items():
                if isinstance(content, Path):
                    zf.write(content, inside)
                else:
                    zf.writestr(inside, content)
        return out

    return make


def read(source: str, path: Path, author: str | None = None) -> list[ArchivePost]:
    """Every post, read twice: the two reads must agree exactly (ids included)."""
    first = list(read_archive(source, path, author=author))
    second = list(read_archive(source, path, author=author))
    assert first == second
    return first
