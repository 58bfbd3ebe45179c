"""A webhook contact on loopback or a private network is refused when it is added."""

from __future__ import annotations

import pytest

from tests.api.helpers import Person


@pytest.mark.parametrize("url", ["https://127.0.0.1:5432/", "https://10.0.0.1/x"])
def test_a_private_webhook_contact_is_refused_at_once(bob: Person, url: str) -> None:
    body = {"name": "W", "channel": "webhook", "address": url}
    r = bob.client.post("/api/contacts", json=body, headers=bob.headers)
    assert r.status_code == 422 and "public internet" in r.json()["detail"]
