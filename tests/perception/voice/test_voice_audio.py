from __future__ import annotations

import numpy as np
import pytest

from hamdel.core.errors import AudioError, InputError
from hamdel.perception.voice import AudioLimits, decode_audio, load_audio, trim_speech

from .conftest import SR, encode, speechlike


def test_wav_any_rate_and_channels_becomes_16k_mono(make_wav):
    x = speechlike(1.0, sr=44_100)
    path = make_wav("stereo44.wav", x, sr=44_100, channels=2)
    y = decode_audio(path)
    assert y.dtype == np.float32
    assert abs(y.size - SR) <= 64
    assert 0.05 < np.abs(y).max() <= 1.0


@pytest.mark.parametrize(
    ("name", "codec", "fmt", "sr"),
    [
        ("a.flac", "flac", "flac", 22_050),
        ("a.ogg", "libopus", "ogg", 24_000),
        ("a.m4a", "aac", "mp4", 44_100),
        ("a.opus", "libopus", "ogg", 48_000),
        ("a.webm", "libopus", "webm", 48_000),
        ("a.mp3", "libmp3lame", "mp3", 44_100),
    ],
)
def test_compressed_formats_decode(tmp_path, name, codec, fmt, sr):
    import av

    try:
        path = encode(tmp_path / name, speechlike(1.5, sr=sr), sr, codec, fmt, channels=2)
    except (av.error.FFmpegError, ValueError) as exc:  # encoder missing in this FFmpeg build
        pytest.skip(f"cannot encode {codec}: {exc}")
    y = decode_audio(path)
    assert abs(y.size / SR - 1.5) < 0.1
    assert float(np.sqrt(np.mean(y**2))) > 0.01


def test_bytes_input_matches_path(make_wav):
    path = make_wav("b.wav", speechlike(1.0))
    assert np.allclose(decode_audio(path.read_bytes()), decode_audio(path), atol=1e-4)


def test_missing_empty_and_corrupt_files_raise_audio_error(tmp_path):
    with pytest.raises(AudioError, match="no such file"):
        decode_audio(tmp_path / "nope.wav")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioError, match="empty"):
        decode_audio(empty)
    corrupt = tmp_path / "corrupt.webm"
    corrupt.write_bytes(np.random.default_rng(0).bytes(3000))
    with pytest.raises(AudioError):
        decode_audio(corrupt)
    with pytest.raises(AudioError):
        decode_audio(b"")
    assert issubclass(AudioError, InputError)


def test_too_long_unless_allowed(make_wav):
    path = make_wav("long.wav", speechlike(3.0))
    limits = AudioLimits(max_seconds=2.0)
    with pytest.raises(AudioError, match="longer than"):
        load_audio(path, limits=limits)
    assert load_audio(path, limits=limits, allow_long=True).size == 3 * SR


def test_silence_and_quiet_noise_are_no_speech():
    with pytest.raises(AudioError, match="no speech"):
        trim_speech(np.zeros(2 * SR, dtype=np.float32))
    quiet = (1e-4 * np.random.default_rng(0).standard_normal(2 * SR)).astype(np.float32)
    with pytest.raises(AudioError, match="no speech"):
        trim_speech(quiet)


def test_too_little_speech():
    x = np.zeros(3 * SR, dtype=np.float32)
    x[SR : SR + int(0.3 * SR)] = speechlike(0.3)
    with pytest.raises(AudioError, match=r"only 0\.3"):
        trim_speech(x)


def test_vad_trims_leading_and_trailing_silence():
    x = np.concatenate([np.zeros(SR), speechlike(1.2), np.zeros(SR)]).astype(np.float32)
    y = trim_speech(x)
    assert 1.0 <= y.size / SR <= 1.35


def _wav_header_lies(path, rate: int, frames: int) -> None:  # type: ignore[no-untyped-def]
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x01\x00" * frames)


def test_an_impossible_sample_rate_is_refused_before_decoding(tmp_path):
    path = tmp_path / "one_hz.wav"
    _wav_header_lies(path, 1, 32_000)  # 64 KB that claim to last nine hours
    with pytest.raises(AudioError, match="sample rate of 1 Hz"):
        load_audio(path.read_bytes())


def test_a_long_recording_is_refused_while_decoding_not_after(tmp_path, monkeypatch):
    import av

    path = tmp_path / "long.wav"
    _wav_header_lies(path, 8_000, 8_000 * 90)  # 90 s at 8 kHz
    resampled: list[int] = []
    real = av.AudioResampler.resample

    def counting(self, frame):  # type: ignore[no-untyped-def]
        resampled.append(0 if frame is None else frame.samples)
        return real(self, frame)

    monkeypatch.setattr(av.AudioResampler, "resample", counting)
    with pytest.raises(AudioError, match="longer than the 60 s maximum"):
        load_audio(path)
    assert sum(resampled) <= 8_000 * 62  # stopped at the limit (plus one second and a frame)
    assert load_audio(path, allow_long=True).size == 16_000 * 90
