"""``hamdel text ...``: analyse a text, train the text models, evaluate them on a CSV manifest."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Text: emotion, depression, stress and crisis language (English and Persian).",
    no_args_is_help=True,
)

DEFAULT_MODELS = Path(__file__).resolve().parents[3] / "models"
TASK_NAMES = ("emotion", "depression", "stress", "crisis")  # stress stacks on emotion


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


@app.command("analyze")
def analyze_cmd(
    text: Annotated[str, typer.Argument(help="The text; '-' reads standard input")],
    lang: Annotated[str, typer.Option(help="auto, en or fa")] = "auto",
    models: Annotated[Path, typer.Option(help="Folder holding the text_* models")] = DEFAULT_MODELS,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Language, emotion scores, depression and stress probabilities, crisis outcome (none,
    check_in, crisis) with its reasons and evidence."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.text.analyzer import TextAnalyzer

    if lang not in ("auto", "en", "fa"):
        _fail("--lang must be auto, en or fa")
    raw: str | bytes = sys.stdin.buffer.read() if text == "-" else text
    try:
        result = TextAnalyzer.load(models).analyze(raw, lang=lang)
    except HamdelError as exc:
        _fail(str(exc))
    data = result.to_dict()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    typer.echo(f"language: {data['language']}")
    typer.echo(f"emotion: {data['dominant_emotion']}  {data['emotions']}")
    typer.echo(f"depression p: {data['depression_p']}   stress p: {data['stress_p']}")
    crisis = data["crisis"]
    fired = [e["pattern_id"] for e in crisis["evidence"] if not e["negated"] and not e["idiom"]]
    typer.echo(f"crisis outcome: {crisis['outcome']}  {fired}")
    for reason in crisis["reasons"]:
        typer.echo(f"  because: {reason}")
    for note in data["notes"]:
        typer.echo(f"note: {note}")


@app.command("train")
def train_cmd(
    task: Annotated[str, typer.Option(help="depression|stress|emotion|crisis|all|stress_deep")],
    out: Annotated[Path, typer.Option(help="Models folder (writes text_<task>/)")] = DEFAULT_MODELS,
    data: Annotated[Path | None, typer.Option(help="Corpora folder (../shared/data)")] = None,
    part: Annotated[str, typer.Option(help="en, xl, all; stress, emotion: calibration")] = "all",
) -> None:
    """Train the shipped models (seeded); needs the 'train' extra and the corpora."""
    import logging

    from hamdel.perception.text.train.tasks import TASKS

    logging.basicConfig(level=logging.INFO)
    names = TASK_NAMES if task == "all" else (task,)  # stress_deep only by name (~25 min)
    for name in names:
        if name not in TASKS:
            _fail(f"unknown task {name!r}; choose from {', '.join(TASK_NAMES)} or all")
        metrics = TASKS[name](out / f"text_{name}", data, part)
        typer.echo(json.dumps({name: metrics}, indent=1))


@app.command("eval")
def eval_cmd(
    task: Annotated[str, typer.Option(help="depression, stress, emotion or crisis")],
    data: Annotated[Path, typer.Option(help="CSV manifest with columns text,label[,language]")],
    models: Annotated[Path, typer.Option(help="Folder holding the text_* models")] = DEFAULT_MODELS,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Score a model on a manifest: n, skipped, accuracy, macro_f1, f1, pr_auc, per_class."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.text.evaluate import evaluate_manifest

    if task not in TASK_NAMES:
        _fail(f"unknown task {task!r}; choose from {', '.join(TASK_NAMES)}")
    try:
        report = evaluate_manifest(task, data, models)
    except HamdelError as exc:
        _fail(str(exc))
    out = report.to_dict()
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        keys = ("n", "skipped", "accuracy", "macro_f1", "f1", "pr_auc")
        typer.echo("  ".join(f"{k}={out[k]}" for k in keys))
        for group, rates in out.get("outcomes", {}).items():
            shares = "  ".join(f"{o}={v}" for o, v in rates.items() if o != "n")
            typer.echo(f"  {group} (n={rates['n']}): {shares}")
