"""Logs carry events and ids, never what a person wrote, their profile values or credentials."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from hamdel.core.logs import JsonFormatter

SECRET_TEXT = "I feel so alone tonight"
EMAIL = "private.person@example.org"
PASSWORD = "my very secret password"


def test_a_whole_session_logs_no_personal_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/api/auth/signup", json={"email": EMAIL, "password": PASSWORD})
    client.post("/api/auth/login", json={"email": EMAIL, "password": "wrong password!"})
    csrf = client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD}).json()[
        "csrf_token"
    ]
    h = {"X-CSRF-Token": csrf}
    client.post("/api/posts", json={"text": SECRET_TEXT}, headers=h)
    client.put("/api/profile/region", json={"consent": True, "value": "Tabriz"}, headers=h)
    client.get("/api/account/export")
    client.request("DELETE", "/api/account", json={"password": PASSWORD}, headers=h)

    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    assert any("signed up" in line for line in lines)  # logging does happen
    blob = "\n".join(lines)
    for secret in (SECRET_TEXT, EMAIL, PASSWORD, "Tabriz", csrf):
        assert secret not in blob


def test_json_formatter_writes_one_object_per_line() -> None:
    record = logging.LogRecord("hamdel.x", logging.INFO, __file__, 1, "event happened", None, None)
    record.fields = {"user_id": 7}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["event"] == "event happened" and entry["user_id"] == 7 and entry["level"] == "info"


MARKER = "PRIVATE-DIARY I have been thinking about suicide"


def test_failing_paths_never_log_what_was_written(
    app, client: TestClient, caplog: pytest.LogCaptureFixture, settings
) -> None:  # type: ignore[no-untyped-def]
    """A marker goes through every path that fails: a database lock (503), an unexpected error
    deep in a turn (500), refused input (422), a failed alert delivery; no log line holds it."""
    import sqlite3

    from tests.api.helpers import sign_up

    caplog.set_level(logging.DEBUG)
    person = sign_up(app, "marker@example.org", bearer=True)
    h = person.headers
    held = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"), timeout=0.1)
    held.isolation_level = None
    held.execute("BEGIN IMMEDIATE")
    try:
        assert person.client.post("/api/posts", json={"text": MARKER}, headers=h).status_code == 503
    finally:
        held.execute("ROLLBACK")
        held.close()

    def broken(text: str, language: str):  # type: ignore[no-untyped-def]
        raise RuntimeError(f"model failed on: {text}")

    app.state.hamdel.components.text = broken
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/chat", json={"text": MARKER}, headers=h)
    assert r.status_code == 500 and MARKER not in r.text
    bad = {"text": MARKER, "posted_at": "9999-12-31T23:59:59-14:00"}
    assert person.client.post("/api/posts", json=bad, headers=h).status_code == 422
    blob = "\n".join(JsonFormatter().format(rec) for rec in caplog.records)
    assert "unexpected error" in blob and "database busy" in blob  # the failures were logged
    assert MARKER not in blob and "suicide" not in blob
