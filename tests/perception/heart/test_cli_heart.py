from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from tests.perception.heart._synth import synthetic_rr
from typer.testing import CliRunner

from hamdel.cli import app

runner = CliRunner()


def _write(path: Path, rr: np.ndarray) -> Path:
    path.write_text("\n".join(f"{x:.1f}" for x in rr), "utf-8")
    return path


def test_analyze_json_per_window(tmp_path: Path) -> None:
    rr = synthetic_rr(600)
    rr[80:100:2] *= 0.65
    result = runner.invoke(app, ["heart", "analyze", str(_write(tmp_path / "rr.txt", rr)),
                                 "--window-s", "60", "--no-sampen", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["recording"]["units_detected"] == "ms"
    assert out["model"]["validated"] is False
    wins = out["windows"]
    assert len(wins) == 9
    assert wins[1]["flagged"] and "artefacts" in wins[1]["reason"]
    assert wins[0]["features"]["rmssd"] > 0
    assert wins[0]["stress"] is None and "baseline" in wins[0]["stress_note"]


def test_baseline_then_analyze_gives_stress(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    long = _write(tmp_path / "long.txt", synthetic_rr(1800, seed=1))
    result = runner.invoke(app, ["heart", "baseline", str(long), "--out", str(base)])
    assert result.exit_code == 0, result.output
    first = json.loads(base.read_text("utf-8"))["n_minutes"]
    assert first >= 20
    result = runner.invoke(app, ["heart", "baseline", str(long), "-o", str(base), "--update"])
    assert result.exit_code == 0, result.output
    assert json.loads(base.read_text("utf-8"))["n_minutes"] == 2 * first
    short = _write(tmp_path / "short.txt", synthetic_rr(400, mean=700.0))
    result = runner.invoke(app, ["heart", "analyze", str(short), "--window-s", "60",
                                 "--baseline", str(base), "--json", "--no-sampen"])  # fmt: skip
    assert result.exit_code == 0, result.output
    stress = json.loads(result.output)["windows"][0]["stress"]
    assert stress["label"] in ("no_stress", "stress")
    assert stress["level"] in ("low", "moderate", "high")
    assert stress["baseline"].endswith("base.json")  # a loaded baseline names its file
    summary = json.loads(result.output)["summary"]
    assert summary["n_scored"] >= 1 and summary["validated"] is False


def test_bad_input_exits_2_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "hr.txt"
    bad.write_text("\n".join(["72"] * 100), "utf-8")  # heart rates, not RR
    result = runner.invoke(app, ["heart", "analyze", str(bad)])
    assert result.exit_code == 2
    assert "cannot tell the units" in result.output
    result = runner.invoke(app, ["heart", "analyze", str(bad), "--units", "hours"])
    assert result.exit_code == 2
