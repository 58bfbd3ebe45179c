"""``hamdel monitor run``: read pending imported posts and deliver the scheduled messages due now
(the service does this every ``monitor_minutes`` by itself)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Scheduled messages at the times each person chose.", no_args_is_help=True)


@app.command("run")
def run_cmd(
    now: Annotated[
        str | None, typer.Option(help="Pretend it is this moment (ISO 8601 with zone)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """One tick over HAMDEL_DATABASE_URL: posts read, who got a message and why others did not."""
    from datetime import UTC, datetime

    from hamdel.core.errors import HamdelError
    from hamdel.jobs import run_task

    try:
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
        if moment.tzinfo is None:
            raise ValueError("--now needs a time zone, e.g. 2026-11-22T18:30+03:30")
        report = run_task("hamdel.monitor.tick", {"now": moment.isoformat()})
    except (HamdelError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    posts = report["posts"]
    typer.echo(f"posts read {posts['read']}, failed {posts['failed']}")
    typer.echo(f"checked {report['checked']}, delivered {report['delivered']}")
    for outcome in report["outcomes"]:
        typer.echo(f"  person {outcome['user_id']}: {outcome['reason']}")
