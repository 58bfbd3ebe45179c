"""``hamdel alerts deliver``: deliver what the outbox holds due now (alerts, invitations, test
messages). The server does this by itself after every request that queues one, and retries on
its timer; this is for a worker-less set-up, cron, or to see what happens."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Alerts and messages to trusted contacts.", no_args_is_help=True)


@app.command("deliver")
def deliver_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """One delivery pass over HAMDEL_DATABASE_URL: sent, retried later, failed."""
    from hamdel.core.errors import HamdelError
    from hamdel.jobs import run_task

    try:
        report = run_task("hamdel.deliveries.run", {})
    except HamdelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo(
        f"sent {report['sent']}, to retry {report['retried']}, failed {report['failed']}"
        + (f", taken over by another worker {report['lost_lease']}" if report["lost_lease"] else "")
    )
