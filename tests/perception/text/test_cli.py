from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.cli import app
from hamdel.perception.text import analyzer as analyzer_mod

from .conftest import FakeEmbedder

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_e5(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = classmethod(lambda cls, **k: FakeEmbedder())
    monkeypatch.setattr(analyzer_mod.E5Embedder, "load", fake)


def test_analyze_json(tiny_models: Path) -> None:
    res = runner.invoke(
        app, ["text", "analyze", "I want to kill myself", "--models", str(tiny_models), "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["crisis"]["flag"] is True and data["language"] == "en"


def test_analyze_empty_is_clear_error(tiny_models: Path) -> None:
    res = runner.invoke(app, ["text", "analyze", "  ", "--models", str(tiny_models)])
    assert res.exit_code == 2 and "empty" in res.output


def test_eval_prints_metrics(tiny_models: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        w.writerows(
            [
                ["so much pressure and worry", "1"],
                ["lovely picnic in the park", "0"],
                ["", "1"],
                ["what", "maybe"],
            ]
        )
    res = runner.invoke(
        app,
        [
            "text",
            "eval",
            "--task",
            "stress",
            "--data",
            str(path),
            "--models",
            str(tiny_models),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n"] == 2 and data["skipped"] == 2
    for key in ("accuracy", "macro_f1", "f1", "pr_auc", "per_class"):
        assert key in data


def test_eval_crisis_on_the_shipped_list_shape(tiny_models: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    res = runner.invoke(
        app,
        [
            "text",
            "eval",
            "--task",
            "crisis",
            "--data",
            str(root / "data/text/crisis_test_list.csv"),
            "--models",
            str(tiny_models),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n"] >= 300 and data["per_class"]["1"]["recall"] >= 0.95


def test_eval_bad_task() -> None:
    res = runner.invoke(app, ["text", "eval", "--task", "x", "--data", "nope.csv"])
    assert res.exit_code == 2
