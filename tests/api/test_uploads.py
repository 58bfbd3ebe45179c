"""Uploads: a wearable export and a voice recording, analysed, answered and put on the timeline."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from fastapi import FastAPI

from tests.api.helpers import Person


def _rr_text(n: int = 1500, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    rr = 800 + 40 * rng.standard_normal(n)
    return "\n".join(f"{v:.1f}" for v in rr).encode()


def test_heart_upload_joins_the_timeline(bob: Person) -> None:
    files = {"file": ("polar export.txt", _rr_text(), "text/plain")}
    r = bob.client.post("/api/uploads/heart", files=files, headers=bob.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["heart"]["summary"]["windows"] >= 3
    assert body["heart"]["windows"][0]["features"] is not None
    assert body["reply"]["assessment"]["sources"] == ["heart"]
    (obs,) = bob.client.get("/api/observations", headers=bob.headers).json()
    assert obs["source"] == "heart" and obs["details"]["summary"]["windows"] >= 3
    assert obs["stress_level"] in (None, "low", "medium", "high")


@pytest.mark.parametrize(
    ("content", "detail"),
    [(b"", "is empty"), (b"800\n810\n790", "too short"), (b"hello\nworld", "")],
)
def test_bad_heart_files_are_4xx_and_name_the_file(
    bob: Person, content: bytes, detail: str
) -> None:
    files = {"file": ("my-rr.txt", content, "text/plain")}
    r = bob.client.post("/api/uploads/heart", files=files, headers=bob.headers)
    assert r.status_code == 422, r.text
    assert detail in r.json()["detail"] and "/tmp/" not in r.json()["detail"]
    assert bob.client.get("/api/observations", headers=bob.headers).json() == []


def test_heart_upload_checks_its_form_fields(bob: Person) -> None:
    files = {"file": ("rr.txt", _rr_text(), "text/plain")}
    r = bob.client.post(
        "/api/uploads/heart", files=files, data={"kind": "eeg"}, headers=bob.headers
    )
    assert r.status_code == 422
    r = bob.client.post("/api/uploads/heart", files=files, data={"rate": "-5"}, headers=bob.headers)
    assert r.status_code == 422


def test_uploads_have_their_own_size_limit(app: FastAPI, bob: Person) -> None:
    limit = app.state.hamdel.settings.max_upload_bytes
    files = {"file": ("big.txt", b"8" * (limit + 10), "text/plain")}
    r = bob.client.post("/api/uploads/heart", files=files, headers=bob.headers)
    assert r.status_code == 413


def test_uploads_need_a_signed_in_person(client) -> None:  # type: ignore[no-untyped-def]
    files = {"file": ("rr.txt", _rr_text(), "text/plain")}
    assert client.post("/api/uploads/heart", files=files).status_code == 401


def _wav(seconds: float = 2.0, rate: int = 16_000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    voice = 0.3 * np.sin(2 * np.pi * 180 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((voice * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def test_voice_upload(app: FastAPI, bob: Person) -> None:
    files = {"file": ("note.wav", _wav(), "audio/wav")}
    r = bob.client.post("/api/uploads/voice", files=files, headers=bob.headers)
    if app.state.hamdel.components.voice is None:
        assert r.status_code == 503 and "not installed" in r.json()["detail"]
        return
    assert r.status_code == 200, r.text
    assert set(r.json()["reply"]["assessment"]["emotion_scores"]) == {
        "anger",
        "fear",
        "happiness",
        "neutral",
        "sadness",
        "surprise",
    }
    assert r.json()["voice"]["speech_seconds"] > 0.5
    bad = {"file": ("note.wav", b"RIFF not really", "audio/wav")}
    assert bob.client.post("/api/uploads/voice", files=bad, headers=bob.headers).status_code == 422


def _spoken(text: str, lang: str) -> bytes:
    from hamdel.voice_out import Speaker

    return Speaker.load().speak(text, lang, format="wav").data


def test_words_in_a_recording_are_read_crisis_first(app: FastAPI, bob: Person) -> None:
    components = app.state.hamdel.components
    if components.voice is None or components.transcribe is None:
        pytest.skip("needs the voice model and speech-to-text (the speech extra)")
    audio = _spoken("I want to kill myself. I cannot go on any more.", "en")
    files = {"file": ("note.wav", audio, "audio/wav")}
    r = bob.client.post("/api/uploads/voice", files=files, headers=bob.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    heard = bob.client.get("/api/posts", headers=bob.headers).json()
    assert body["reply"]["kind"] == "crisis", (heard, body["reply"]["assessment"]["reasons"])
    crisis = body["reply"]["crisis"]  # no country shared: asked to choose, and the directory
    assert crisis["needs_country"] and crisis["international"] and not body["reply"]["suggestions"]
    assert body["voice"]["transcript"]["language"] == "en"
    (post,) = bob.client.get("/api/posts", headers=bob.headers).json()
    assert post["source"] == "voice" and "kill" in post["text"].lower()


def test_without_speech_to_text_the_reply_says_words_were_not_read(
    app: FastAPI, bob: Person
) -> None:
    components = app.state.hamdel.components
    if components.voice is None:
        pytest.skip("needs the voice model")
    components.transcribe = None
    files = {"file": ("note.wav", _wav(), "audio/wav")}
    r = bob.client.post("/api/uploads/voice", files=files, headers=bob.headers)
    assert r.status_code == 200, r.text
    assert any("not read" in n for n in r.json()["reply"]["assessment"]["notes"])
    assert bob.client.get("/api/posts", headers=bob.headers).json() == []
