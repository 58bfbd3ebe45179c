"""The project keeps its promises: README commands, CI calling them, public exports."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_has_the_two_commands_on_top() -> None:
    setup_and_run, test_command = _readme_commands()[:2]
    assert setup_and_run == "scripts/setup && .venv/bin/hamdel serve"
    assert test_command.startswith(".venv/bin/python -m pytest")


def test_ci_runs_setup_and_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/setup" in ci
    assert _readme_commands()[1] in ci


@pytest.mark.parametrize(
    "module",
    [
        "hamdel.core",
        "hamdel.store",
        "hamdel.jobs",
        "hamdel.doctor",
        "hamdel.core.settings",
        "hamdel.store.repositories",
        "hamdel.server.deps",
    ],
)
def test_exported_names_exist(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names missing {name}"
