"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from hamdel.store import make_engine, upgrade
from hamdel.store.migrate import current_revision, downgrade, head_revision
from hamdel.store.models import Base


def test_upgrade_matches_models_and_round_trips(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables

    downgrade(engine, "base")
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    upgrade(engine)
    upgrade(engine)  # idempotent
    assert current_revision(engine) == head_revision()
    engine.dispose()
