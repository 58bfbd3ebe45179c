"""Sign-in that resists abuse: rate limits per address and per account (429 + Retry-After),
bounded password hashing, password change, sign out everywhere, expired tokens cleaned up."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.server import security
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import AuthToken, utcnow
from tests.api.helpers import PASSWORD, Person, sign_up


@pytest.fixture
def strict_app(tmp_path: Path) -> FastAPI:
    """The app with the default limits (the shared fixture raises them for other tests)."""
    from hamdel.core.settings import load_settings
    from hamdel.server.app import create_app

    return create_app(
        load_settings(
            database_url=f"sqlite:///{tmp_path / 'limits.db'}",
            environment="test",
            cookie_secure=False,
            monitor_minutes=0,
        )
    )


def test_wrong_passwords_at_one_account_are_limited(strict_app: FastAPI) -> None:
    sign_up(strict_app, "target@example.org")  # its sign-in is the first of 10 attempts
    c = TestClient(strict_app)
    wrong = {"email": "TARGET@example.org", "password": "not the password"}
    codes = [c.post("/api/auth/login", json=wrong).status_code for _ in range(9)]
    assert codes == [401] * 9
    r = c.post("/api/auth/login", json={**wrong, "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    token = c.post("/api/auth/token", json={**wrong, "password": PASSWORD})
    assert token.status_code == 429  # the token door counts the same attempts


def test_one_address_cannot_try_many_accounts(strict_app: FastAPI) -> None:
    c = TestClient(strict_app)
    codes = [
        c.post("/api/auth/login", json={"email": f"u{i}@x.org", "password": "guess"}).status_code
        for i in range(21)
    ]
    assert codes[:20] == [401] * 20 and codes[20] == 429


def test_sign_ups_per_address_are_limited(strict_app: FastAPI) -> None:
    c = TestClient(strict_app)
    codes = [
        c.post("/api/auth/signup", json={"email": f"n{i}@x.org", "password": PASSWORD}).status_code
        for i in range(6)
    ]
    assert codes == [202] * 5 + [429]


def test_password_hashing_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    running, peak, lock = [0], [0], threading.Lock()

    def slow_hash(password: str) -> str:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return "x"

    class Slow:
        hash = staticmethod(slow_hash)

    monkeypatch.setattr(security, "_hasher", Slow())
    threads = [threading.Thread(target=security.hash_password, args=("p",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == security.HASHING_AT_ONCE


def test_change_password_signs_out_every_other_session(app: FastAPI) -> None:
    person: Person = sign_up(app, "change@example.org", bearer=True)
    other = TestClient(app).post(
        "/api/auth/token", json={"email": person.email, "password": PASSWORD}
    )
    other_headers = {"Authorization": f"Bearer {other.json()['access_token']}"}
    c, h = person.client, person.headers
    body = {"current": "wrong one", "new": "a brand new phrase"}
    assert c.post("/api/auth/password", json=body, headers=h).status_code == 401
    weak = {"current": PASSWORD, "new": "1234567890"}
    assert c.post("/api/auth/password", json=weak, headers=h).status_code == 422
    r = c.post("/api/auth/password", json={**body, "current": PASSWORD}, headers=h)
    assert r.status_code == 200 and r.json() == {"signed_out": 1}
    assert c.get("/api/me", headers=h).status_code == 200  # this session stays
    assert c.get("/api/me", headers=other_headers).status_code == 401
    new = {"email": person.email, "password": "a brand new phrase"}
    assert TestClient(app).post("/api/auth/token", json=new).status_code == 200


def test_sign_out_everywhere_ends_every_session(app: FastAPI) -> None:
    person: Person = sign_up(app, "lost.phone@example.org")
    second = TestClient(app)
    second.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    r = person.client.post("/api/auth/logout-everywhere", headers=person.headers)
    assert r.status_code == 200 and r.json()["signed_out"] == 2
    assert person.client.get("/api/me").status_code == 401
    assert second.get("/api/me").status_code == 401


def test_expired_tokens_are_removed_by_the_monitor(app: FastAPI) -> None:
    from hamdel.companion.monitor import run_monitor

    person: Person = sign_up(app, "old@example.org", bearer=True)
    sessions = app.state.hamdel.sessions
    with transaction(sessions) as db:
        repo.add_token(
            db, user_id=person.user_id, token_hash="0" * 64, kind="api",
            expires_at=utcnow() - timedelta(days=1),
        )  # fmt: skip
    report = run_monitor(sessions, lambda *a, **k: ([], None), now=utcnow())
    assert report.expired_tokens_removed == 1
    with transaction(sessions) as db:
        left = repo.list_owned(db, AuthToken, user_id=person.user_id)
    assert [t.token_hash for t in left] != ["0" * 64] and len(left) == 1


def test_a_long_passphrase_is_judged_not_refused_with_a_500(app: FastAPI) -> None:
    client = TestClient(app)
    phrase = "the river bends twice before the old mill and the heron waits " * 3
    r = client.post("/api/auth/signup", json={"email": "long@example.org", "password": phrase})
    assert r.status_code == 202, r.text
    r = client.post("/api/auth/signup", json={"email": "zero@example.org", "password": "0" * 200})
    assert r.status_code == 422 and "too easy" in r.json()["detail"]
