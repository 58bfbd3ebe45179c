"""Storage: SQLAlchemy models, repositories and Alembic migrations (SQLite or PostgreSQL)."""

from hamdel.store.db import make_engine, make_session_factory, transaction
from hamdel.store.migrate import upgrade

__all__ = ["make_engine", "make_session_factory", "transaction", "upgrade"]
