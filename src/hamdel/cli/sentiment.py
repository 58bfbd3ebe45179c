"""``hamdel sentiment ...``: Sentimeter score, eSM2 calibration, evaluation, LexiPers import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from hamdel.perception.sentiment.compare import Comparison
    from hamdel.perception.sentiment.esm2 import CalibrationReport

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
        Path | None,
        typer.Argument(help="CSV: text,rating[,language,age_range,gender,...] (or --from-db)"),
    ] = None,
    from_db: bool = typer.Option(
        False, "--from-db", help="Fit from people's ratings in HAMDEL_DATABASE_URL and store it"
    ),
    output: Annotated[Path, typer.Option("-o", "--output")] = Path("esm2_weights.json"),
    regions: str = typer.Option(
        "", "--regions", help="Comma-separated regions with a weight (--from-db: 'auto')"
    ),
    min_ratings: int = typer.Option(
        150, "--min-ratings", min=1, help="--from-db: refuse below this many usable ratings"
    ),
    folds: int = typer.Option(5, "--folds", min=2, max=20, help="Cross-validation folds"),
    dry_run: bool = typer.Option(False, "--dry-run", help="--from-db: fit and report only"),
    data_dir: DataDir = None,
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON"),
) -> None:
    """Fit eSM2 (C and weights) by least squares on the linearised model; report RMSE, max
    and mean error in-sample and by k-fold CV, beside the polynomial alternatives."""
    if from_db == (ratings is not None):
        raise _fail(ValueError("give a ratings CSV or --from-db (one of the two)"))
    if from_db:
        _calibrate_from_db(regions, min_ratings, folds, dry_run, json_out)
    else:
        assert ratings is not None
        _calibrate_from_file(ratings, output, regions, folds, data_dir, json_out)


def _region_list(regions: str) -> list[str]:
    return [r.strip() for r in regions.split(",") if r.strip()]


def _calibrate_from_file(
    ratings: Path, output: Path, regions: str, folds: int, data_dir: Path | None, json_out: bool
) -> None:
    from hamdel.core.errors import HamdelError
    from hamdel.perception.sentiment import SentimentScorer, fit_esm2
    from hamdel.perception.sentiment.compare import compare_models
    from hamdel.perception.sentiment.evaluation import fit_set, read_ratings

    try:
        data = fit_set(SentimentScorer.load(data_dir), read_ratings(ratings), _region_list(regions))
        weights, report = fit_esm2(data.scores, data.ratings, data.indicators, data.regions)
        comparison = compare_models(data, folds=folds, weights=weights)
        weights.save(output)
    except HamdelError as exc:
        raise _fail(exc) from exc
    if json_out:
        typer.echo(
            json.dumps(
                {"weights": str(output), **report.to_dict(), "comparison": comparison.to_dict()},
                indent=2,
            )
        )
        return
    typer.echo(f"wrote {output}: C = {weights.c:.4f}, {len(weights.names)} weights")
    for line in _report_lines(report, comparison):
        typer.echo(line)


def _report_lines(report: CalibrationReport, comparison: Comparison) -> list[str]:
    lines = [
        f"ratings used {report.n}, skipped {report.skipped} (zero score or opposite sign); "
        f"rank {report.rank}/{report.n_params}",
        f"RMSE {report.rmse:.4f}  max error {report.max_error:.4f}  "
        f"mean abs error {report.mean_error:.4f}  (log-ratio RMSE {report.log_rmse:.4f})",
        f"{'model':<9} {'params':>6}  {'RMSE':>6} {'max':>6} {'mean':>6}   "
        f"{'CV RMSE':>7} {'CV max':>6} {'CV mean':>7}",
    ]
    for m in comparison.models:
        cv = m.cv
        held = (
            f"{cv.rmse:7.3f} {cv.max_error:6.3f} {cv.mean_error:7.3f}" if cv else "  (too few rows)"
        )
        lines.append(
            f"{m.model:<9} {m.params:>6}  {m.in_sample.rmse:6.3f} {m.in_sample.max_error:6.3f} "
            f"{m.in_sample.mean_error:6.3f}   {held}"
        )
    if comparison.folds:
        lines.append(f"CV: {comparison.folds}-fold, each rating predicted by a fit without it")
    return lines


def _calibrate_from_db(
    regions: str, min_ratings: int, folds: int, dry_run: bool, json_out: bool
) -> None:
    from hamdel.companion.sentiment_ratings import REFRESH_SECONDS, fit_from_ratings
    from hamdel.core.errors import HamdelError
    from hamdel.core.settings import get_settings
    from hamdel.store import make_engine, make_session_factory
    from hamdel.store.migrate import current_revision, head_revision
    from hamdel.store.models import utcnow

    chosen = None if regions.strip() in ("", "auto") else _region_list(regions)
    try:
        engine = make_engine(get_settings().database_url)
        if current_revision(engine) != head_revision():
            raise _fail(ValueError("the database schema is not current: run `hamdel db upgrade`"))
        outcome = fit_from_ratings(
            make_session_factory(engine), now=utcnow(), min_ratings=min_ratings, folds=folds,
            regions=chosen, dry_run=dry_run,
        )  # fmt: skip
    except HamdelError as exc:
        raise _fail(exc) from exc
    minutes = round(REFRESH_SECONDS / 60)
    pickup = (
        "dry run: nothing stored; the service keeps its weights"
        if dry_run
        else f"stored as fit {outcome.fit_id}: a running service switches to it within "
        f"{minutes} minutes (it checks esm2_fits that often); a new start loads it at once"
    )
    if json_out:
        typer.echo(json.dumps({**outcome.to_dict(), "service": pickup}, indent=2))
        return
    w = outcome.weights
    typer.echo(
        f"{outcome.ratings} ratings from {outcome.people} people "
        f"({outcome.withdrawn} from people sharing none of age, gender, education, region); "
        f"C = {w.c:.4f}, {len(w.names)} weights, regions: {', '.join(w.regions) or 'none'}"
    )
    for line in _report_lines(outcome.report, outcome.comparison):
        typer.echo(line)
    typer.echo(pickup)


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
