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
