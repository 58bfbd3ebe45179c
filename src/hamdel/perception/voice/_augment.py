"""Training-time augmentation, on the waveform and on the log-mel (numpy, seeded).

Waveform: random gain, circular time shift, speed perturbation by resampling (pitch moves
with speed, as in Kaldi's 0.9/1.0/1.1 recipe; there is no separate pitch-only shift), and
additive coloured noise (white, pink or brown) at a random SNR. Spectrogram: SpecAugment
frequency and time masks. None of this runs at serving time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import resample_poly  # type: ignore[import-untyped]


@dataclass(frozen=True)
class AugmentConfig:
    """Probabilities and ranges of each augmentation."""

    p_noise: float = 0.6
    snr_db: tuple[float, float] = (5.0, 30.0)
    p_gain: float = 0.8
    gain_db: tuple[float, float] = (-12.0, 6.0)
    p_speed: float = 0.5
    speeds: tuple[float, ...] = (0.9, 0.95, 1.05, 1.1)
    p_shift: float = 0.5
    freq_masks: int = 2
    freq_mask_width: int = 8
    time_masks: int = 2
    time_mask_fraction: float = 0.1


def _coloured_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n).astype(np.float32)
    colour = rng.integers(0, 3)
    if colour == 0:
        return white
    spec = np.fft.rfft(white)
    f = np.arange(spec.size, dtype=np.float32) + 1.0
    spec /= np.sqrt(f) if colour == 1 else f  # pink, brown
    out = np.fft.irfft(spec, n=n).astype(np.float32)
    return np.asarray(out / (out.std() + 1e-8), dtype=np.float32)


def add_noise(x: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    """Add coloured noise at ``snr_db`` dB relative to the signal power."""
    p_sig = float(np.mean(x.astype(np.float64) ** 2)) + 1e-12
    noise = _coloured_noise(x.size, rng)
    scale = np.sqrt(p_sig / (10.0 ** (snr_db / 10.0)))
    return np.asarray((x + scale * noise).astype(np.float32), dtype=np.float32)


def change_speed(x: np.ndarray, factor: float) -> np.ndarray:
    """Play ``factor`` times faster (pitch moves with it), by polyphase resampling."""
    up, down = 100, round(100 * factor)
    return np.asarray(resample_poly(x, up, down).astype(np.float32), dtype=np.float32)


def augment_waveform(
    x: np.ndarray, rng: np.random.Generator, config: AugmentConfig = AugmentConfig()
) -> np.ndarray:
    """A randomly perturbed copy of ``x`` (16 kHz mono float32)."""
    y = x
    if rng.random() < config.p_speed:
        y = change_speed(y, float(rng.choice(config.speeds)))
    if rng.random() < config.p_shift and y.size > 1:
        y = np.roll(y, int(rng.integers(0, y.size)))
    if rng.random() < config.p_gain:
        y = y * np.float32(10.0 ** (rng.uniform(*config.gain_db) / 20.0))
    if rng.random() < config.p_noise:
        y = add_noise(y, float(rng.uniform(*config.snr_db)), rng)
    return np.asarray(np.clip(y, -1.0, 1.0).astype(np.float32), dtype=np.float32)


def spec_augment(
    spec: np.ndarray, rng: np.random.Generator, config: AugmentConfig = AugmentConfig()
) -> np.ndarray:
    """SpecAugment masks on a normalised log-mel ``(n_mels, frames)``; masked cells become 0."""
    out = spec.copy()
    n_mels, n_frames = out.shape
    for _ in range(config.freq_masks):
        w = int(rng.integers(0, config.freq_mask_width + 1))
        f0 = int(rng.integers(0, max(1, n_mels - w)))
        out[f0 : f0 + w, :] = 0.0
    max_t = max(1, int(n_frames * config.time_mask_fraction))
    for _ in range(config.time_masks):
        w = int(rng.integers(0, max_t + 1))
        t0 = int(rng.integers(0, max(1, n_frames - w)))
        out[:, t0 : t0 + w] = 0.0
    return out


__all__ = ["AugmentConfig", "add_noise", "augment_waveform", "change_speed", "spec_augment"]
