"""With Celery's Redis unreachable: /health says degraded, and an import is stored once and
answered at once (never a 19 s hang and a 500 after the posts were kept)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import sign_up

pytest.importorskip("celery", reason="the scale extra is not installed")
pytest.importorskip("redis", reason="the scale extra is not installed")


def test_an_unreachable_queue_is_degraded_and_imports_wait_safely(tmp_path: Path) -> None:
    from hamdel.core.settings import load_settings
    from hamdel.server.app import create_app

    app = create_app(
        load_settings(
            database_url=f"sqlite:///{tmp_path / 'q.db'}",
            environment="test",
            cookie_secure=False,
            job_backend="celery",
            redis_url="redis://127.0.0.1:1/0",  # nothing listens on port 1
            monitor_minutes=0,
        )
    )
    with TestClient(app) as client:
        health = client.get("/health").json()
        assert health["status"] == "degraded" and "unreachable" in health["jobs"]
        person = sign_up(app, "importer@example.org", bearer=True)
        csv_bytes = b"text\nfirst post\nsecond post\n"
        started = time.monotonic()
        r = person.client.post(
            "/api/uploads/posts",
            files={"file": ("posts.csv", csv_bytes, "text/csv")},
            headers=person.headers,
        )
        assert time.monotonic() - started < 15  # answered, not hung on the broker
        assert r.status_code == 202, r.text
        assert r.json()["imported"] == 2 and r.json()["read"].startswith("later")
        posts = person.client.get("/api/posts", headers=person.headers).json()
        assert sorted(p["text"] for p in posts) == ["first post", "second post"]
