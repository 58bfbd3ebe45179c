"""Tiny synthetic audio for the voice tests (no corpora needed)."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

SR = 16_000


def speechlike(seconds: float, sr: int = SR, seed: int = 0) -> np.ndarray:
    """Harmonic bursts with a wandering pitch, syllable-like envelope: enough to pass the VAD."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    f0 = 140 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    voiced = sum(np.sin(k * phase) / k for k in range(1, 8))
    envelope = 0.5 * (1 + np.sin(2 * np.pi * 4 * t))  # 4 syllables a second
    noise = 0.01 * rng.standard_normal(t.size)
    return (0.3 * voiced * envelope / 2 + noise).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, sr: int = SR, channels: int = 1) -> Path:
    data = np.clip(samples, -1, 1)
    if channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    pcm = (data * 32767).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(sr)
        handle.writeframes(pcm)
    return path


def encode(path: Path, samples: np.ndarray, sr: int, codec: str, fmt: str,
           channels: int = 1) -> Path:  # fmt: skip
    """Encode with PyAV (bundled FFmpeg): opus/webm, mp3, flac, ogg."""
    import av

    layout = "mono" if channels == 1 else "stereo"
    with av.open(str(path), "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=sr, layout=layout)
        data = np.repeat(samples[None, :], channels, axis=0).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
        frame.sample_rate = sr
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


@pytest.fixture
def make_wav(tmp_path: Path) -> Callable[..., Path]:
    def _make(name: str, samples: np.ndarray, sr: int = SR, channels: int = 1) -> Path:
        return write_wav(tmp_path / name, samples, sr, channels)

    return _make


@pytest.fixture(autouse=True)
def _private_voice_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the isolated user cache, never a developer's HAMDEL_VOICE_CACHE."""
    monkeypatch.delenv("HAMDEL_VOICE_CACHE", raising=False)
