"""``hamdel db ...``: database schema management."""

from __future__ import annotations

import typer

app = typer.Typer(help="Database schema: upgrade to the latest migration.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(revision: str = typer.Argument("head", help="Alembic revision")) -> None:
    """Create or migrate the database named by HAMDEL_DATABASE_URL (default: SQLite file)."""
    from hamdel.core.settings import get_settings
    from hamdel.store import make_engine, upgrade
    from hamdel.store.migrate import current_revision

    settings = get_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine, revision)
    typer.echo(f"database at revision {current_revision(engine)} ({engine.url.render_as_string()})")


@app.command("current")
def current_cmd() -> None:
    """Print the database's current migration revision."""
    from hamdel.core.settings import get_settings
    from hamdel.store import make_engine
    from hamdel.store.migrate import current_revision

    engine = make_engine(get_settings().database_url)
    typer.echo(current_revision(engine) or "empty (run `hamdel db upgrade`)")
