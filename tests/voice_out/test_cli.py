"""``hamdel speak`` through the real CLI app (single-command group)."""

from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.cli import app

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng absent")
runner = CliRunner()


@pytest.mark.slow
def test_speak_hello_english_to_wav(tmp_path: Path) -> None:
    out = tmp_path / "x.wav"
    result = runner.invoke(app, ["speak", "hello", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with wave.open(str(out)) as w:
        assert w.getsampwidth() == 2 and w.getnframes() / w.getframerate() > 0.2


def test_speak_persian_to_ogg_as_json(tmp_path: Path) -> None:
    out = tmp_path / "out.ogg"
    args = ["speak", "امروز ۲۵ دقیقه قدم زدم.", "--lang", "fa", "-o", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == "ogg" and summary["language"] == "fa"
    assert out.read_bytes()[:4] == b"OggS"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["speak", "", "-o", "x.wav"], "empty"),
        (["speak", "😀😀", "-o", "x.wav"], "no words"),
        (["speak", "hello", "--lang", "de", "-o", "x.wav"], "unsupported language"),
        (["speak", "hello", "-o", "x.mp3"], ".wav, .ogg or .opus"),
        (["speak", "hello"], "-o"),
    ],
)
def test_speak_bad_input_exits_2_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.wav").exists()


def test_list_voices_json() -> None:
    result = runner.invoke(app, ["speak", "--list-voices", "--json"])
    assert result.exit_code == 0, result.output
    voices = json.loads(result.output)
    ids = {v["voice_id"] for v in voices}
    assert {"espeak:fa", "espeak:en-us"} <= ids
    assert all(v["why"] for v in voices)
