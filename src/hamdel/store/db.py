"""Engines and sessions. SQLite gets foreign keys (for ON DELETE CASCADE), write-ahead logging (a
reader never blocks a writer's commit) and a busy timeout; a lock still held after it is
:class:`~hamdel.core.errors.BusyError`, which the faces turn into "try again", never a lost
write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hamdel.core.errors import ConfigError

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database answers "memory"
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at each checkpoint, never corrupt
    cursor.close()


def is_busy(exc: BaseException) -> bool:
    """A lock or serialisation conflict that the same request may win when tried again."""
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        return "locked" in text or "busy" in text
    if isinstance(exc, DBAPIError):
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return code in ("40001", "40P01", "55P03")  # serialization, deadlock, lock not available
    return False


def make_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder when needed."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with varied messages
        raise ConfigError(f"cannot parse database URL: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # hide_parameters: an error message never carries what the person wrote
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed together, or rolled back together on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Sessions = sessionmaker[Session]
"""The session factory the service builds once (``make_session_factory``); what the
companion's background work opens its short transactions from."""

DatabaseError = DBAPIError
"""Any error the database driver raised (the API turns it into 503 or 500)."""

DuplicateError = IntegrityError
"""A unique constraint refused a row (e.g. two sign-ups of one address at once)."""


def ping(engine: Engine) -> None:
    """One round trip to the database; raises when it does not answer."""
    from sqlalchemy import text

    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def session_of(row: object) -> Session | None:
    """The session a loaded row belongs to (``None`` when detached)."""
    from sqlalchemy.orm import object_session

    return object_session(row)


__all__ = [
    "BUSY_TIMEOUT_MS",
    "DatabaseError",
    "DuplicateError",
    "Session",
    "Sessions",
    "is_busy",
    "make_engine",
    "make_session_factory",
    "ping",
    "session_of",
    "transaction",
]
