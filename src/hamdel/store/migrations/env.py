"""Alembic environment: the engine is handed in by hamdel.store.migrate (never read from ini)."""

from __future__ import annotations

from alembic import context

from hamdel.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - only reached when someone runs bare `alembic`
    raise RuntimeError("run migrations with `hamdel db upgrade`, which supplies the engine")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
