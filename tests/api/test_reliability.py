"""Nothing acknowledged is lost: every write is committed before its 2xx leaves, SQLite runs in
WAL mode, and a lock held too long is a 503 with Retry-After (nothing half done), never a 500."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi import FastAPI

from hamdel.core.settings import Settings
from hamdel.store import make_engine
from tests.api.helpers import sign_up


def _db_file(settings: Settings) -> str:
    return settings.database_url.removeprefix("sqlite:///")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    engine.dispose()


def test_an_open_reader_never_loses_an_acknowledged_write(app: FastAPI, settings: Settings) -> None:
    person = sign_up(app, "reader@example.org", bearer=True)
    reader = sqlite3.connect(_db_file(settings), isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM posts").fetchone()  # holds a read snapshot
        r = person.client.post("/api/posts", json={"text": "PRIVATE note"}, headers=person.headers)
        assert r.status_code == 201, r.text
        got = person.client.get(f"/api/posts/{r.json()['id']}", headers=person.headers)
        assert got.status_code == 200 and got.json()["text"] == "PRIVATE note"
    finally:
        reader.close()


def test_a_held_write_lock_is_a_503_to_retry_and_nothing_is_half_done(
    app: FastAPI, settings: Settings
) -> None:
    person = sign_up(app, "writer@example.org", bearer=True)
    other = sqlite3.connect(_db_file(settings), isolation_level=None, timeout=0.1)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
        r = person.client.post("/api/posts", json={"text": "first try"}, headers=person.headers)
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert "try again" in r.json()["detail"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert person.client.get("/api/posts", headers=person.headers).json() == []
    r = person.client.post("/api/posts", json={"text": "second try"}, headers=person.headers)
    assert r.status_code == 201
