"""The code stays clean: ruff (lint and format) over everything, mypy --strict over src/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (dev extra)")
    return found


@pytest.mark.parametrize(
    "args",
    [["check", "src", "tests", "benchmarks"], ["format", "--check", "src", "tests", "benchmarks"]],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(args: list[str]) -> None:
    out = subprocess.run(
        [_tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_mypy_strict() -> None:
    out = subprocess.run(
        [_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=880, check=False
    )
    assert out.returncode == 0, out.stdout[-4000:]
