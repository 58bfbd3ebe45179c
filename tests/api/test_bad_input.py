"""Bad requests get a clear 4xx, never a 500, and never a partial write."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import Person


def _posts(person: Person) -> list[dict[str, object]]:
    return person.client.get("/api/posts", headers=person.headers).json()


@pytest.mark.parametrize(
    ("content", "ctype", "status"),
    [
        (b'{"text": "unterminated', "application/json", 422),
        (b"[1, 2, 3]", "application/json", 422),
        (b'{"text": "hi", "mood": "sneaky"}', "application/json", 422),
        (b'{"text": ""}', "application/json", 422),
        (b'{"text": "   "}', "application/json", 422),
        (b'{"text": "hi", "posted_at": "2026-01-01T10:00:00"}', "application/json", 422),
        (b"text=hi", "application/x-www-form-urlencoded", 415),
        (b"hi", "text/plain", 415),
        (b'{"text": "hi"}', "", 415),
        (b"\xff\xfe\x00garbage", "application/json", 422),
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_written(
    bob: Person, content: bytes, ctype: str, status: int
) -> None:
    headers = dict(bob.headers)
    if ctype:
        headers["Content-Type"] = ctype
    r = bob.client.post("/api/posts", content=content, headers=headers)
    assert r.status_code == status, r.text
    assert isinstance(r.json()["detail"], str | list)
    assert _posts(bob) == []


def test_oversize_body_is_refused_by_length(bob: Person) -> None:
    r = bob.client.post("/api/posts", json={"text": "x" * 2_000_000}, headers=bob.headers)
    assert r.status_code == 413
    assert "too large" in r.json()["detail"]
    assert _posts(bob) == []


def test_oversize_streamed_body_is_refused(bob: Person) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"text": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    headers = {**bob.headers, "Content-Type": "application/json"}
    r = bob.client.post("/api/posts", content=chunks(), headers=headers)
    assert r.status_code == 413
    assert _posts(bob) == []


def test_text_just_under_the_limit_is_kept_whole(bob: Person) -> None:
    text = "سلام " * 3999
    r = bob.client.post("/api/posts", json={"text": text}, headers=bob.headers)
    assert r.status_code == 201
    assert _posts(bob)[0]["text"] == text


@pytest.mark.parametrize(
    "path",
    [
        "/api/posts/0",
        "/api/posts/-1",
        "/api/posts/abc",
        f"/api/posts/{2**70}",
        "/api/profile/NOT-A-NAME",
    ],
)
def test_odd_ids_are_4xx(bob: Person, path: str) -> None:
    r = bob.client.get(path, headers=bob.headers)
    assert 400 <= r.status_code < 500


def test_unauthenticated_is_401_not_500(client: TestClient) -> None:
    for method, path in [
        ("GET", "/api/me"),
        ("GET", "/api/posts"),
        ("POST", "/api/posts"),
        ("GET", "/api/account/export"),
        ("DELETE", "/api/account"),
    ]:
        r = client.request(method, path, json={"text": "x"} if method == "POST" else None)
        assert r.status_code == 401, (method, path, r.status_code)


def test_unknown_route_is_404(client: TestClient) -> None:
    assert client.get("/api/nothing-here").status_code == 404


_SURROGATE = b'"\\ud800 hidden"'


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/chat", b'{"text": ' + _SURROGATE + b"}"),
        ("post", "/api/posts", b'{"text": ' + _SURROGATE + b"}"),
        ("patch", "/api/me", b'{"display_name": ' + _SURROGATE + b"}"),
        ("put", "/api/profile/occupation", b'{"consent": true, "value": ' + _SURROGATE + b"}"),
        ("post", "/api/posts", b'{"text": "nul \\u0000 inside"}'),
        ("post", "/api/feedback", b'{"item_kind": "message", "item_id": "m1", "rating": NaN}'),
        ("put", "/api/profile/sleep_hours", b'{"consent": true, "value": NaN}'),
        ("post", "/api/posts", b'{"text": "far", "posted_at": "9999-12-31T23:59:59-14:00"}'),
        ("post", "/api/posts", b'{"text": "early", "posted_at": "0001-01-01T00:00:00+14:00"}'),
    ],
)
def test_unstorable_values_are_a_422_not_a_500(
    bob: Person, method: str, path: str, body: bytes
) -> None:
    headers = {**bob.headers, "Content-Type": "application/json"}
    r = getattr(bob.client, method)(path, content=body, headers=headers)
    assert r.status_code == 422, r.text
    assert "hidden" not in r.text  # the refused text is not echoed back
    assert _posts(bob) == []


def test_speech_work_is_bounded_by_what_is_said(bob: Person) -> None:
    r = bob.client.post(
        "/api/speak", json={"text": "0" * 1500, "language": "en"}, headers=bob.headers
    )
    assert r.status_code in (422, 503), r.text  # 503 only where no voice is installed
    if r.status_code == 422:
        assert "words" in r.json()["detail"]
