from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from hamdel.cli.sentiment import app

runner = CliRunner()


def test_score_json() -> None:
    result = runner.invoke(
        app,
        [
            "score",
            "I have been so happy with my family",
            "--profile",
            '{"age_range": "27-35"}',
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["raw"] > 0 and data["theme"] == "family" and data["has_participle"]
    assert data["profile_used"] == ["age_range"]


def test_score_rejects_bad_profile_and_language() -> None:
    bad = runner.invoke(app, ["score", "hi", "--profile", '{"gender": "robot"}'])
    assert bad.exit_code == 2 and "gender" in bad.output
    assert runner.invoke(app, ["score", "hi", "--profile", "[1]"]).exit_code == 2
    assert runner.invoke(app, ["score", "hi", "--lang", "xx"]).exit_code == 2


def _ratings_csv(path: Path) -> None:
    """A small study: ratings are 1.5x the raw score for women, 1x otherwise (plus rounding)."""
    sentences = [
        "I am so happy today",
        "this is terrible",
        "I feel sad and tired",
        "what a wonderful day",
        "I hate waiting",
        "the movie was good",
        "my boss is awful",
        "I love my family",
        "I am worried about exams",
        "the party was fun",
    ]
    rng = np.random.default_rng(0)
    from hamdel.perception.sentiment import SentimentScorer

    scorer = SentimentScorer.load()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "rating", "gender", "age_range", "education", "region"])
        for i in range(120):
            text = sentences[i % len(sentences)]
            gender = ["female", "male", "other", ""][i % 4]
            raw = scorer.raw(text)
            rating = raw * (1.5 if gender == "female" else 1.0) + rng.normal(0, 0.05)
            age = ["18-26", "27-35", "36-43", "other", ""][i % 5]
            education = ["basic", "secondary", "higher", ""][(i // 3) % 4]
            region = ["Tehran", "Shiraz", ""][(i // 2) % 3]
            clamped = f"{max(-5, min(5, rating)):.3f}"
            writer.writerow([text, clamped, gender, age, education, region])


def test_calibrate_writes_weights(tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    _ratings_csv(ratings)
    out = tmp_path / "w.json"
    result = runner.invoke(
        app, ["calibrate", str(ratings), "-o", str(out), "--regions", "Tehran,Shiraz", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] > 100 and report["rmse"] < 0.5
    weights = json.loads(out.read_text())
    assert (
        abs(weights["weights"]["gender=female"] - weights["weights"]["gender=male"] - np.log(1.5))
        < 0.1
    )
    text = runner.invoke(app, ["calibrate", str(ratings), "-o", str(out)])
    assert "RMSE" in text.output and "max error" in text.output


def test_calibrate_names_bad_line(tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("text,rating\nfine,1\nbad,9\n", encoding="utf-8")
    result = runner.invoke(app, ["calibrate", str(ratings), "-o", str(tmp_path / "w.json")])
    assert result.exit_code == 2 and ":3:" in result.output


def test_eval_prints_json_metrics(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "text,label,language\nI love this,positive,en\nI hate this,negative,en\n"
        "خیلی خوشحالم,pos,fa\nحالم بده,-3,fa\nthe table,neutral,en\n,positive,en\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", str(manifest)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["n"] == 5 and metrics["skipped"] == 1
    assert metrics["accuracy"] == 1.0 and metrics["polar_accuracy"] == 1.0
    assert metrics["confusion"] == [[2, 0, 0], [0, 1, 0], [0, 0, 2]]
    missing = tmp_path / "x.csv"
    missing.write_text("sentence\nhello\n", encoding="utf-8")
    assert runner.invoke(app, ["eval", str(missing)]).exit_code == 2
