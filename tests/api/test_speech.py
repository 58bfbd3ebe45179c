"""/api/speak: the reply spoken aloud, in English and Persian, for the signed-in person only."""

from __future__ import annotations

import io
import wave

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.helpers import Person


@pytest.mark.parametrize(
    ("text", "language"),
    [("You are not alone. Take a slow breath.", "en"), ("تو تنها نیستی. آرام نفس بکش.", "fa")],
)
def test_speak_returns_playable_audio(bob: Person, text: str, language: str) -> None:
    r = bob.client.post(
        "/api/speak", json={"text": text, "language": language, "format": "wav"},
        headers=bob.headers,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "audio/wav"
    assert r.headers["x-hamdel-voice"]
    with wave.open(io.BytesIO(r.content)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 0.8 < seconds < 15


def test_speak_defaults_to_ogg_opus(alice: Person) -> None:
    r = alice.client.post(
        "/api/speak", json={"text": "Hello there.", "language": "en"}, headers=alice.headers
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("audio/ogg")
    assert r.content[:4] == b"OggS"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "🙂🙂", "language": "en"}, 422),  # nothing to say
        ({"text": "", "language": "fa"}, 422),
        ({"text": "hello", "language": "de"}, 422),
        ({"text": "hello", "language": "en", "format": "mp3"}, 422),
        ({"text": "a" * 1_501, "language": "en"}, 422),
    ],
)
def test_speak_rejects_bad_requests_clearly(bob: Person, body: dict[str, str], status: int) -> None:
    r = bob.client.post("/api/speak", json=body, headers=bob.headers)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_speak_needs_a_signed_in_person(client: TestClient) -> None:
    assert client.post("/api/speak", json={"text": "hi", "language": "en"}).status_code == 401


def test_speak_without_any_voice_is_a_clear_503(app: FastAPI, bob: Person) -> None:
    app.state.hamdel.components.speaker = None
    r = bob.client.post("/api/speak", json={"text": "hi", "language": "en"}, headers=bob.headers)
    assert r.status_code == 503
    assert "hamdel doctor" in r.json()["detail"]
