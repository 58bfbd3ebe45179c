"""``hamdel sentiment ...``: Sentimeter score, eSM2 calibration, evaluation, LexiPers import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Sentiment intensity on -5..+5 (Sentimeter), eSM2 profile correction, themes.",
    no_args_is_help=True,
)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Lexicon folder (default: data/sentiment)")
]


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(code=2)


@app.command("score")
def score_cmd(
    text: str = typer.Argument(..., help="The sentence to score"),
    lang: str = typer.Option("auto", "--lang", help="auto, en or fa"),
    profile: str = typer.Option(
        None, "--profile", help='Consented attributes as JSON, e.g. \'{"age_range": "18-26"}\''
    ),
    weights: Annotated[
        Path | None, typer.Option("--weights", help="eSM2 weights JSON (default: identity)")
    ] = None,
    data_dir: DataDir = None,
    json_out: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Raw and corrected score, theme and intensity level of one sentence."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.sentiment import SentimentScorer

    try:
        attributes = json.loads(profile) if profile else None
        if attributes is not None and not isinstance(attributes, dict):
            raise ValueError("--profile must be a JSON object")
        scorer = SentimentScorer.load(data_dir, weights)
        result = scorer.score(text, lang, attributes)
    except (HamdelError, ValueError) as exc:
        raise _fail(exc) from exc
    if json_out:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"raw {result.raw:+.2f}  corrected {result.corrected:+.2f}  {result.polarity}  "
        f"intensity {result.intensity}  theme {result.theme}  ({result.language})"
    )


@app.command("calibrate")
def calibrate_cmd(
    ratings: Annotated[
        Path, typer.Argument(help="CSV: text,rating[,language,age_range,gender,...]")
    ],
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("esm2_weights.json"),
    regions: str = typer.Option("", "--regions", help="Comma-separated regions with a weight"),
    data_dir: DataDir = None,
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON"),
) -> None:
    """Fit eSM2 (C and weights) to self-ratings by least squares; write the weights."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.sentiment import SentimentScorer
    from hamdel.perception.sentiment.evaluation import calibrate, read_ratings

    region_list = [r.strip() for r in regions.split(",") if r.strip()]
    try:
        rows = read_ratings(ratings)
        weights, report = calibrate(SentimentScorer.load(data_dir), rows, region_list)
        weights.save(output)
    except HamdelError as exc:
        raise _fail(exc) from exc
    if json_out:
        typer.echo(json.dumps({"weights": str(output), **report.to_dict()}, indent=2))
        return
    typer.echo(f"wrote {output}: C = {weights.c:.4f}, {len(weights.names)} weights")
    typer.echo(
        f"ratings used {report.n}, skipped {report.skipped} (zero score or opposite sign); "
        f"rank {report.rank}/{report.n_params}"
    )
    typer.echo(
        f"RMSE {report.rmse:.4f}  max error {report.max_error:.4f}  "
        f"mean abs error {report.mean_error:.4f}  (log-ratio RMSE {report.log_rmse:.4f})"
    )


@app.command("eval")
def eval_cmd(
    manifest: Annotated[Path, typer.Argument(help="CSV: text,label[,language]")],
    task: str = typer.Option("polarity", "--task", help="polarity or theme"),
    lang: str = typer.Option("auto", "--lang", help="Language when the manifest has none"),
    data_dir: DataDir = None,
) -> None:
    """Agreement of the raw score's polarity (or the theme) with labels, as JSON."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.sentiment import SentimentScorer
    from hamdel.perception.sentiment.evaluation import (
        evaluate_polarity,
        evaluate_themes,
        read_csv,
    )

    if task not in ("polarity", "theme"):
        raise _fail(ValueError("--task must be polarity or theme"))
    try:
        rows = read_csv(manifest, ("text", "label"))
        scorer = SentimentScorer.load(data_dir)
        evaluate = evaluate_polarity if task == "polarity" else evaluate_themes
        metrics = evaluate(scorer, rows, lang)
    except HamdelError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps({"task": task, "manifest": str(manifest), **metrics}, indent=2))


@app.command("import-lexipers")
def import_lexipers_cmd(
    xml: Annotated[Path, typer.Argument(help="LexiPers adj-final.xml")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Default: data/sentiment/fa_lexipers.tsv")
    ] = None,
    exclude: Annotated[
        Path | None, typer.Option("--exclude", help="Default: fa_lexipers_exclude.txt")
    ] = None,
) -> None:
    """Regenerate the LexiPers-derived Persian adjective list (free use with citation)."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.sentiment.lexicon import DATA_DIR
    from hamdel.perception.sentiment.lexipers import read_exclusions, write_lexipers_tsv

    try:
        skip = read_exclusions(exclude or DATA_DIR / "fa_lexipers_exclude.txt")
        count = write_lexipers_tsv(xml, output or DATA_DIR / "fa_lexipers.tsv", skip)
    except (HamdelError, OSError) as exc:
        raise _fail(exc) from exc
    typer.echo(f"wrote {count} LexiPers adjectives")
