"""``hamdel study``: the recommender study (the design's four variants compared by the
satisfaction people report).

- ``report``: per variant, people, ratings, mean rating and share "very satisfied" (4–5) with
  95 % intervals from a bootstrap over people, survey means, and each variant against
  ``sentiment+ontology``; ``--plot`` draws it.
- ``status``: how many people are in each arm now.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from hamdel.companion.study_report import StudyData, StudyReport
    from hamdel.store import Session

T = TypeVar("T")

app = typer.Typer(help="The recommender study: four variants compared.", no_args_is_help=True)

DatabaseUrl = Annotated[
    str | None, typer.Option(help="Database URL (default: the settings' HAMDEL_DATABASE_URL)")
]


def _in_db(database_url: str | None, read: Callable[[Session], T]) -> T:
    """``read(db)`` in one transaction of the configured database."""
    from hamdel.core.settings import get_settings
    from hamdel.store import make_engine, make_session_factory, transaction

    engine = make_engine(database_url or get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            return read(db)
    finally:
        engine.dispose()


def _read(database_url: str | None) -> StudyData:
    from hamdel.companion.study_report import read_study

    return _in_db(database_url, read_study)


def _fmt(value: float | None, ci: Any, percent: bool = False) -> str:
    if value is None:
        return "-"
    scale, digits = (100.0, 1) if percent else (1.0, 2)
    text = f"{value * scale:.{digits}f}"
    if ci is not None:
        text += f" [{ci.low * scale:.{digits}f}, {ci.high * scale:.{digits}f}]"
    return text + (" %" if percent else "")


def _print(report: StudyReport) -> None:
    typer.echo("variant              people  ratings  mean [95 %]          very satisfied [95 %]")
    for a in report.arms:
        typer.echo(
            f"{a.variant:<20} {a.people:>6}  {a.ratings:>7}  {_fmt(a.mean, a.mean_ci):<20} "
            f"{_fmt(a.very_satisfied, a.very_satisfied_ci, percent=True)}"
        )
    for d in report.differences:
        typer.echo(
            f"{d.variant} - {d.baseline}: mean {_fmt(d.mean, d.mean_ci)}, very satisfied "
            f"{_fmt(d.very_satisfied, d.very_satisfied_ci, percent=True)}"
        )
    for note in report.notes:
        typer.echo(f"- {note}")


@app.command("report")
def report_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the report to this .svg or .png file")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap")] = 0,
    bootstrap: Annotated[int, typer.Option(help="Bootstrap draws")] = 2000,
    include_thumbs: Annotated[
        bool,
        typer.Option(
            "--include-thumbs", help="Count thumbs as 4 (up) and 2 (down) in the mean and share"
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The study's report over the current participants (read only)."""
    from hamdel.companion.study_report import build_report, plot_report
    from hamdel.core.errors import HamdelError

    try:
        data = _read(database_url)
        report = build_report(
            data.ratings, data.surveys, data.participants,
            bootstrap=bootstrap, seed=seed, include_thumbs=include_thumbs,
        )  # fmt: skip
        if plot is not None:
            plot_report(report, plot)
    except (HamdelError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print(report)


@app.command("status")
def status_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """People in each arm now."""
    from hamdel.companion.study import ARMS
    from hamdel.store.study import arm_counts

    counts = dict(_in_db(database_url, arm_counts))
    table = {arm: counts.pop(arm, 0) for arm in ARMS} | counts
    if json_out:
        typer.echo(json.dumps(table, indent=2))
        return
    for arm, n in table.items():
        typer.echo(f"{arm:<20} {n}")
