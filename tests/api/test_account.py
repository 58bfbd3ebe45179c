"""Profile consent, contacts confirmation, export and deletion of an account."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.server.deps import AppState
from hamdel.store import repositories as repo
from hamdel.store.db import transaction
from tests.api.helpers import PASSWORD, Person


def test_profile_consent_and_validation(alice: Person) -> None:
    c, h = alice.client, alice.headers
    available = {a["name"] for a in c.get("/api/profile").json()["available"]}
    assert {"age_range", "gender", "education", "risk_habits", "country"} <= available
    assert (
        c.put(
            "/api/profile/age_range", json={"consent": True, "value": "99"}, headers=h
        ).status_code
        == 422
    )
    assert (
        c.put("/api/profile/shoe_size", json={"consent": True, "value": 42}, headers=h).status_code
        == 422
    )
    assert c.put("/api/profile/age_range", json={"consent": True}, headers=h).status_code == 422
    r = c.put(
        "/api/profile/risk_habits",
        json={"consent": True, "value": ["alcohol", "smoking"]},
        headers=h,
    )
    assert r.json()["value"] == ["smoking", "alcohol"]
    r = c.put("/api/profile/risk_habits", json={"consent": False, "value": ["alcohol"]}, headers=h)
    assert r.json() == {**r.json(), "consent": False, "value": None}
    assert c.delete("/api/profile/risk_habits", headers=h).status_code == 204
    assert c.get("/api/profile").json()["attributes"] == []


def test_contact_confirmation_is_the_contacts_and_one_time(app: FastAPI, alice: Person) -> None:
    c, h = alice.client, alice.headers
    created = c.post(
        "/api/contacts",
        json={"name": "Reza", "channel": "email", "address": "reza@x.org"},
        headers=h,
    ).json()
    # no SMTP here: nothing can deliver the invitation, so the API says why and gives the link
    assert created["confirmed"] is False and created["invitation_sent"] is False
    assert created["reachable"] is False and "SMTP" in created["problem"]
    assert created["confirm_url"].startswith("http://testserver/contacts/confirm?token=")
    token = created["confirm_url"].split("token=", 1)[1]
    shown = c.get(f"/api/contacts/{created['id']}").json()
    assert "confirm_url" not in shown and shown["reachable"] is False and shown["problem"]
    # the person's own token cannot agree for the contact
    r = c.post("/api/contacts/confirm", json={"token": token}, headers=h)
    assert r.status_code == 403
    assert c.get(f"/api/contacts/{created['id']}").json()["confirmed"] is False
    stranger = TestClient(app)
    assert stranger.post("/api/contacts/confirm", json={"token": "x" * 20}).status_code == 404
    assert stranger.post("/api/contacts/confirm", json={"token": token}).status_code == 200
    assert stranger.post("/api/contacts/confirm", json={"token": token}).status_code == 404
    assert c.get(f"/api/contacts/{created['id']}").json()["confirmed"] is True
    bad = {"name": "W", "channel": "webhook", "address": "http://insecure.example"}
    assert c.post("/api/contacts", json=bad, headers=h).status_code == 422
    sms = {"name": "S", "channel": "sms", "address": "+989120000000"}
    assert c.post("/api/contacts", json=sms, headers=h).status_code == 422
    phone = c.post(
        "/api/contacts", json={**sms, "channel": "phone"}, headers=h
    ).json()  # accepted, and honestly unreachable: no SMS gateway is set up
    assert phone["reachable"] is False and "SMS" in phone["problem"]


def test_export_is_one_complete_document(alice: Person) -> None:
    c, h = alice.client, alice.headers
    c.post("/api/posts", json={"text": "a day"}, headers=h)
    c.put("/api/profile/education", json={"consent": True, "value": "higher"}, headers=h)
    r = c.get("/api/account/export")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    doc = r.json()
    assert set(doc) >= {
        "user",
        "profile_attributes",
        "contacts",
        "observations",
        "posts",
        "delivered_messages",
        "alerts",
        "feedback",
        "auth_tokens",
    }
    assert doc["posts"][0]["text"] == "a day"
    assert "password" not in repr(doc).replace("password_hint", "")


def test_delete_needs_the_password_and_removes_everything(app: FastAPI, alice: Person) -> None:
    c, h = alice.client, alice.headers
    c.post("/api/posts", json={"text": "a day"}, headers=h)
    c.put("/api/profile/education", json={"consent": True, "value": "higher"}, headers=h)
    r = c.request("DELETE", "/api/account", json={"password": "wrong one"}, headers=h)
    assert r.status_code == 401
    assert c.get("/api/posts").json() != []  # nothing deleted by the refused request
    r = c.request("DELETE", "/api/account", json={"password": PASSWORD}, headers=h)
    assert r.status_code == 204
    state: AppState = app.state.hamdel
    with transaction(state.sessions) as db:
        assert set(repo.count_user_rows(db, user_id=alice.user_id).values()) == {0}
        assert repo.get_user_by_email(db, email=alice.email) is None
    assert c.get("/api/me").status_code == 401
