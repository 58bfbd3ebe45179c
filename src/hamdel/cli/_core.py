"""Top-level commands: ``serve`` and ``doctor``."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option(None, help="Address to bind (default from settings: 127.0.0.1)"),
    port: int = typer.Option(None, help="Port (default from settings: 8000)"),
) -> None:
    """Run the web app and API (migrates the database first)."""
    import uvicorn

    from hamdel.core.logs import configure_logging
    from hamdel.core.settings import get_settings
    from hamdel.server.app import create_app

    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    application = create_app(settings)
    typer.echo(f"hamdel at http://{host or settings.host}:{port or settings.port}")
    uvicorn.run(
        application,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
    )


def doctor(
    json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
) -> None:
    """List every model, backend and service with available / missing and why."""
    import json

    from rich.console import Console
    from rich.table import Table

    from hamdel.core.settings import get_settings
    from hamdel.doctor import run_checks

    checks = run_checks(get_settings())
    if json_out:
        typer.echo(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=2))
        return
    table = Table(title="hamdel doctor")
    for column in ("area", "component", "status", "detail"):
        table.add_column(column)
    for check in checks:
        colour = "green" if check.available else "yellow"
        status = "available" if check.available else "missing"
        table.add_row(check.area, check.name, f"[{colour}]{status}[/{colour}]", check.detail)
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(doctor)


__all__ = ["register"]
