"""Helpers for API tests: a signed-in person with their client and credentials."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


@dataclass
class Person:
    client: TestClient
    email: str
    user_id: int
    csrf: str = ""
    token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {"X-CSRF-Token": self.csrf}


def sign_up(app: FastAPI, email: str, *, bearer: bool = False) -> Person:
    client = TestClient(app)
    r = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert r.status_code == 202, r.text
    person = Person(client=client, email=email, user_id=0)
    if bearer:
        r = client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        person.token = r.json()["access_token"]
    else:
        r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        person.csrf = r.json()["csrf_token"]
    person.user_id = client.get("/api/me", headers=person.headers).json()["id"]
    return person
