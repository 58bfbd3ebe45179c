"""Encode speech as 16-bit PCM WAV or OGG/Opus (through PyAV's bundled ffmpeg)."""

from __future__ import annotations

import io
import wave

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.voice_out._types import AudioFormat, Speech

OPUS_RATE = 48_000
OPUS_BITRATE = 32_000


def to_int16(samples: np.ndarray) -> np.ndarray:
    out: np.ndarray = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    return out


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Linear-interpolation resampling (enough for joining voices of different rates)."""
    if rate == target or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    n_out = max(1, round(len(samples) * target / rate))
    positions = np.arange(n_out) * (rate / target)
    out: np.ndarray = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return out


def encode_wav(speech: Speech) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(speech.sample_rate)
        out.writeframes(to_int16(speech.samples).tobytes())
    return buffer.getvalue()


def encode_ogg_opus(speech: Speech) -> bytes:
    """OGG/Opus at 48 kHz mono (what browsers play); the speech is resampled first."""
    try:
        import av
    except ImportError as exc:  # pragma: no cover - av is a runtime dependency
        raise ModelUnavailableError("OGG/Opus needs PyAV: pip install av") from exc
    samples = to_int16(resample(speech.samples, speech.sample_rate, OPUS_RATE))
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=OPUS_RATE)
        stream.layout = "mono"
        stream.bit_rate = OPUS_BITRATE
        frame_size = 960  # 20 ms at 48 kHz
        pad = (-len(samples)) % frame_size
        samples = np.concatenate([samples, np.zeros(pad, dtype="<i2")])
        for start in range(0, len(samples), frame_size):
            frame = av.AudioFrame.from_ndarray(
                samples[start : start + frame_size].reshape(1, -1), format="s16", layout="mono"
            )
            frame.sample_rate = OPUS_RATE
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def encode(speech: Speech, fmt: AudioFormat) -> bytes:
    return encode_wav(speech) if fmt == "wav" else encode_ogg_opus(speech)


__all__ = ["encode", "encode_ogg_opus", "encode_wav", "resample", "to_int16"]
