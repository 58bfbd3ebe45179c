"""Storage: SQLAlchemy models, repositories and Alembic migrations (SQLite or PostgreSQL).

The only door to the database: other packages use the session types, errors and query
functions exported here and in the store's modules (``repositories``, ``imports``, ``study``,
``ratings``), never SQLAlchemy itself (``tests/test_architecture.py``)."""

from hamdel.store.db import (
    DatabaseError,
    DuplicateError,
    Session,
    Sessions,
    make_engine,
    make_session_factory,
    ping,
    session_of,
    transaction,
)
from hamdel.store.migrate import upgrade

__all__ = [
    "DatabaseError",
    "DuplicateError",
    "Session",
    "Sessions",
    "make_engine",
    "make_session_factory",
    "ping",
    "session_of",
    "transaction",
    "upgrade",
]
