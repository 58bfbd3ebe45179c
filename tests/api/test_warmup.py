"""Start-up warm-up: the models run once in a background thread, /health answers at once
meanwhile, and afterwards the Piper voice and Whisper are loaded; a step that fails is logged
and the next one runs."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.companion import Signal
from hamdel.companion.components import LazyTranscriber
from hamdel.companion.service import Components, Heard
from hamdel.core.settings import load_settings
from hamdel.server.warmup import start_warm_up

WARM_UP_LOGGER = "hamdel.server.warmup"


def _app(tmp_path: Path, **overrides: object) -> FastAPI:
    """The app as the API tests make it, with the warm-up on unless told otherwise (the shared
    fixture turns it off: hundreds of apps would each load Whisper and the Piper voice)."""
    from hamdel.server.app import create_app

    warm = {"warm_up": True}
    return create_app(
        load_settings(
            database_url=f"sqlite:///{tmp_path / 'hamdel.db'}",
            environment="test",
            cookie_secure=False,
            models_dir=tmp_path / "models",
            **{**warm, **overrides},
        )
    )


def _steps(caplog: pytest.LogCaptureFixture) -> dict[str, logging.LogRecord]:
    return {
        r.fields["step"]: r  # type: ignore[attr-defined]
        for r in caplog.records
        if r.name == WARM_UP_LOGGER and r.getMessage() == "warm-up"
    }


@pytest.mark.slow
def test_health_answers_at_once_while_the_models_warm_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=WARM_UP_LOGGER)
    app = _app(tmp_path)
    components = app.state.hamdel.components
    with TestClient(app) as client:
        thread = app.state.warm_up
        warming = thread.is_alive()
        began = time.perf_counter()
        response = client.get("/health")
        took = time.perf_counter() - began
        assert response.status_code == 200
        assert warming, "the warm-up ended before /health was asked: nothing was measured"
        assert took < 1.0, f"/health took {took:.2f} s during the warm-up"
        assert "warm" not in response.text  # readiness is not reported anywhere
        thread.join(timeout=240)
        assert not thread.is_alive()

    steps = _steps(caplog)
    assert {"text-en", "text-fa", "gc", "done"} <= steps.keys()
    problems = [r.fields for r in steps.values() if r.levelno > logging.INFO]  # type: ignore[attr-defined]
    assert not problems
    assert all(isinstance(r.fields["ms"], int) and r.fields["ms"] >= 0 for r in steps.values())  # type: ignore[attr-defined]

    # what was warmed is loaded now: the chosen Piper voice and Whisper
    speaker = components.speaker
    if speaker is not None:
        assert {"speak-en", "speak-fa"} <= steps.keys()
        chosen = speaker.choose("en").voice_id
        voice = next(v for v in speaker.voices if v.info.voice_id == chosen)
        if voice.info.backend == "piper":
            assert voice._voice is not None  # the ONNX session, loaded on first use
    if isinstance(components.transcribe, LazyTranscriber):
        assert "transcribe" in steps
        assert components.transcribe._model is not None
        assert components.transcribe.error is None


def _heard(data: bytes, language: str = "auto") -> Heard:
    assert data[:4] == b"RIFF"  # half a second of silence as a WAV file
    return Heard("", language)


def test_a_step_that_fails_is_logged_and_the_next_runs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=WARM_UP_LOGGER)
    heard: list[bytes] = []

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the suggestion model is missing")

    def transcribe(data: bytes, language: str = "auto") -> Heard:
        heard.append(data)
        return _heard(data, language)

    components = Components(
        crisis=lambda text: Signal(source="text", language="en"),
        recommend=broken,  # type: ignore[arg-type]
        transcribe=transcribe,
    )
    thread, _stop = start_warm_up(components)
    thread.join(timeout=30)
    assert not thread.is_alive()
    steps = _steps(caplog)
    assert list(steps) == ["text-en", "text-fa", "recommend", "transcribe", "gc", "done"]
    failed = steps["recommend"]
    assert failed.levelno == logging.WARNING
    assert failed.fields["error"] == "RuntimeError"  # type: ignore[attr-defined]
    assert steps["transcribe"].levelno == logging.INFO and len(heard) == 1


def test_no_warm_up_when_it_is_turned_off(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=WARM_UP_LOGGER)
    app = _app(tmp_path, warm_up=False)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        assert app.state.warm_up is None
    assert not _steps(caplog)
