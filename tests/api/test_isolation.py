"""User A can neither read nor change user B's data, on every endpoint that takes an id or name."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from hamdel.server.deps import AppState
from hamdel.store import repositories as repo
from hamdel.store.db import transaction
from hamdel.store.models import Alert, DeliveredMessage, Observation
from tests.api.helpers import Person

RESOURCES = ["contacts", "posts", "observations", "messages", "alerts", "feedback"]
DELETABLE = {"contacts", "posts", "observations", "feedback"}


def _seed(app: FastAPI, owner: Person) -> dict[str, int]:
    """One record of every kind owned by ``owner``: through the API where it can create them."""
    c, h = owner.client, owner.headers
    ids = {
        "contacts": c.post(
            "/api/contacts",
            json={"name": "Sara", "channel": "email", "address": "s@x.org"},
            headers=h,
        ).json()["id"],
        "posts": c.post("/api/posts", json={"text": "my words"}, headers=h).json()["id"],
        "feedback": c.post(
            "/api/feedback", json={"item_kind": "message", "item_id": "m1", "rating": 1}, headers=h
        ).json()["id"],
    }
    c.put("/api/profile/gender", json={"consent": True, "value": "female"}, headers=h)
    state: AppState = app.state.hamdel
    with transaction(state.sessions) as db:
        ids["observations"] = repo.add_owned(
            db, Observation, user_id=owner.user_id, source="text", emotion="sadness"
        ).id
        ids["messages"] = repo.add_owned(
            db,
            DeliveredMessage,
            user_id=owner.user_id,
            kind="calm",
            item_id="c1",
            language="en",
            text="Breathe.",
        ).id
        ids["alerts"] = repo.add_owned(
            db,
            Alert,
            user_id=owner.user_id,
            contact_id=ids["contacts"],
            reason="depression",
            status="suppressed",
        ).id
    return ids


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_users_records_are_invisible(
    app: FastAPI, alice: Person, bob: Person, resource: str
) -> None:
    ids = _seed(app, alice)
    item = ids[resource]
    # bob (bearer) cannot list, read or delete alice's record
    assert bob.client.get(f"/api/{resource}", headers=bob.headers).json() == []
    assert bob.client.get(f"/api/{resource}/{item}", headers=bob.headers).status_code == 404
    if resource in DELETABLE:
        assert bob.client.delete(f"/api/{resource}/{item}", headers=bob.headers).status_code == 404
    # and it is still there for alice
    assert alice.client.get(f"/api/{resource}/{item}").status_code == 200
    assert [r["id"] for r in alice.client.get(f"/api/{resource}").json()] == [item]


def test_profile_is_per_user(app: FastAPI, alice: Person, bob: Person) -> None:
    _seed(app, alice)
    assert bob.client.get("/api/profile", headers=bob.headers).json()["attributes"] == []
    assert bob.client.delete("/api/profile/gender", headers=bob.headers).status_code == 404
    r = bob.client.put(
        "/api/profile/gender", json={"consent": True, "value": "male"}, headers=bob.headers
    )
    assert r.status_code == 200
    mine = alice.client.get("/api/profile").json()["attributes"]
    assert [(a["name"], a["value"]) for a in mine] == [("gender", "female")]


def test_export_and_delete_touch_only_the_caller(app: FastAPI, alice: Person, bob: Person) -> None:
    _seed(app, alice)
    _seed(app, bob)
    exported = bob.client.get("/api/account/export", headers=bob.headers).json()
    assert exported["user"]["email"] == "bob@example.org"
    assert "alice@example.org" not in repr(exported)
    r = bob.client.request(
        "DELETE", "/api/account", json={"password": "correct horse battery"}, headers=bob.headers
    )
    assert r.status_code == 204
    assert alice.client.get("/api/posts").json() != []
    assert alice.client.get("/api/me").json()["email"] == "alice@example.org"
