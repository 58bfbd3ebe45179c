"""Imported posts: checked whole before anything is kept, read in the background crisis-first,
on the timeline at the time they were written; only recent posts can warn contacts."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI

from tests.api.helpers import Person


def _wait_for(person: Person, path: str, n: int, timeout: float = 60.0) -> list[dict]:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while True:
        rows = person.client.get(path, headers=person.headers).json()
        if len(rows) >= n or time.monotonic() > deadline:
            return rows  # type: ignore[no-any-return]
        time.sleep(0.2)


def _csv(*rows: tuple[str, str]) -> bytes:
    lines = ["posted_at,text"] + [f'{when},"{text}"' for when, text in rows]
    return "\n".join(lines).encode()


def test_imported_posts_are_read_and_only_recent_ones_can_warn(bob: Person) -> None:
    recent = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    data = _csv(
        ("2020-03-01T10:00:00+00:00", "I want to kill myself, I can't take it any more"),
        (recent, "I want to end my life, I have a plan"),
        (recent, "Had a lovely walk in the park with my sister today"),
    )
    r = bob.client.post(
        "/api/uploads/posts", files={"file": ("export.csv", data, "text/csv")},
        data={"source": "x"}, headers=bob.headers,
    )  # fmt: skip
    assert r.status_code == 202, r.text
    assert r.json()["imported"] == 3 and r.json()["read"] == "now"
    observations = _wait_for(bob, "/api/observations", 3)
    assert len(observations) == 3
    by_post = {o["details"]["post_id"]: o for o in observations}
    assert len(by_post) == 3
    old = next(o for o in observations if o["observed_at"].startswith("2020-03-01"))
    assert old["details"]["crisis"]  # on the timeline as it was ...
    assert sum(o["details"]["crisis"] for o in observations) == 2
    (alert,) = bob.client.get("/api/alerts", headers=bob.headers).json()
    assert alert["reason"] == "crisis"  # ... but only the recent one went to the alert policy
    posts = bob.client.get("/api/posts", headers=bob.headers).json()
    assert {p["source"] for p in posts} == {"x"}


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"name,age\nA,3\n", "no text column"),
        (b"text,posted_at\nhello,yesterday\n", "row 2"),
        (b"text,language\nhello,de\n", "row 2"),
        (b"text\n", "no posts"),
    ],
)
def test_malformed_exports_are_refused_whole_and_keep_nothing(
    bob: Person, content: bytes, detail: str
) -> None:
    files = {"file": ("mine.csv", content, "text/csv")}
    r = bob.client.post("/api/uploads/posts", files=files, headers=bob.headers)
    assert r.status_code == 422, r.text
    assert detail in r.json()["detail"]
    assert bob.client.get("/api/posts", headers=bob.headers).json() == []


def test_a_bad_row_late_in_the_file_keeps_nothing(bob: Person) -> None:
    content = b"text,posted_at\nfine,2026-01-01\nalso fine,\nbroken,not-a-date\n"
    r = bob.client.post(
        "/api/uploads/posts", files={"file": ("e.csv", content, "text/csv")}, headers=bob.headers
    )
    assert r.status_code == 422 and "row 4" in r.json()["detail"]
    assert bob.client.get("/api/posts", headers=bob.headers).json() == []


def test_import_needs_a_signed_in_person(app: FastAPI, client) -> None:  # type: ignore[no-untyped-def]
    files = {"file": ("e.csv", b"text\nhello\n", "text/csv")}
    assert client.post("/api/uploads/posts", files=files).status_code == 401
