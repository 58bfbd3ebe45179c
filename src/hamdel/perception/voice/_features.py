"""Log-mel features in plain numpy, identical at training and serving time.

Parameters (fixed in :class:`MelConfig`, stored with every model): 16 kHz input, 25 ms Hann
window (400 samples) zero-padded to a 512-point FFT, 10 ms hop (160 samples), 64 mel bands
(Slaney-style triangular filters on the HTK mel scale) from 50 Hz to 8 kHz, power spectrum,
``log(mel + 1e-6)``. Per-utterance normalisation: each mel band has its mean over time removed
and is divided by the utterance's overall standard deviation, which removes the microphone and
channel colour and the recording level while keeping the spectral tilt between bands.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import numpy as np


@dataclass(frozen=True)
class MelConfig:
    """Log-mel front end; stored in each model directory so serving matches training."""

    sample_rate: int = 16_000
    win_length: int = 400
    hop_length: int = 160
    n_fft: int = 512
    n_mels: int = 64
    f_min: float = 50.0
    f_max: float = 8_000.0
    log_floor: float = 1e-6

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MelConfig:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + hz / 700.0)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)


@lru_cache(maxsize=8)
def mel_filterbank(config: MelConfig) -> np.ndarray:
    """Triangular mel filters, shape ``(n_mels, n_fft // 2 + 1)``, area-normalised."""
    n_bins = config.n_fft // 2 + 1
    freqs = np.linspace(0.0, config.sample_rate / 2, n_bins)
    mels = np.linspace(
        _hz_to_mel(np.array(config.f_min)), _hz_to_mel(np.array(config.f_max)), config.n_mels + 2
    )
    edges = _mel_to_hz(mels)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs[None, :] - lower) / (centre - lower)
    falling = (upper - freqs[None, :]) / (upper - centre)
    bank = np.maximum(0.0, np.minimum(rising, falling))
    bank *= 2.0 / (upper - lower)  # equal area per filter
    return np.asarray(bank.astype(np.float32), dtype=np.float32)


@lru_cache(maxsize=8)
def _window(config: MelConfig) -> np.ndarray:
    win = np.hanning(config.win_length + 1)[:-1]  # periodic Hann
    pad = config.n_fft - config.win_length
    return np.pad(win, (pad // 2, pad - pad // 2)).astype(np.float32)


def log_mel(samples: np.ndarray, config: MelConfig = MelConfig()) -> np.ndarray:
    """Log-mel spectrogram of a 16 kHz waveform, shape ``(n_mels, frames)``, float32.

    The signal is reflect-padded by half an FFT at both ends (centred frames), so a clip of
    ``n`` samples gives ``1 + n // hop_length`` frames.
    """
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    half = config.n_fft // 2
    if x.size > half:
        x = np.pad(x, (half, half), mode="reflect")
    else:
        x = np.pad(x, (half, half), mode="constant")
    n_frames = 1 + (x.size - config.n_fft) // config.hop_length
    frames = np.lib.stride_tricks.sliding_window_view(x, config.n_fft)[:: config.hop_length]
    frames = frames[:n_frames] * _window(config)
    power = np.abs(np.fft.rfft(frames, n=config.n_fft, axis=1)) ** 2
    mel = power.astype(np.float32) @ mel_filterbank(config).T
    return np.asarray(np.log(mel + config.log_floor).T.astype(np.float32), dtype=np.float32)


def normalize_utterance(spec: np.ndarray) -> np.ndarray:
    """Per-utterance normalisation: band means removed, one global scale (see module doc)."""
    centred = spec - spec.mean(axis=1, keepdims=True)
    return np.asarray((centred / (centred.std() + 1e-5)).astype(np.float32), dtype=np.float32)


def features(samples: np.ndarray, config: MelConfig = MelConfig()) -> np.ndarray:
    """The model input: normalised log-mel, shape ``(n_mels, frames)``."""
    return normalize_utterance(log_mel(samples, config))


__all__ = ["MelConfig", "features", "log_mel", "mel_filterbank", "normalize_utterance"]
