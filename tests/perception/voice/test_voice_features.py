from __future__ import annotations

import numpy as np

from hamdel.perception.voice import MelConfig, features, log_mel
from hamdel.perception.voice._augment import (
    add_noise,
    augment_waveform,
    change_speed,
    spec_augment,
)
from hamdel.perception.voice._features import mel_filterbank

from .conftest import SR, speechlike


def test_log_mel_shape_and_dtype():
    x = speechlike(1.0)
    spec = log_mel(x)
    assert spec.shape == (64, 1 + x.size // 160)
    assert spec.dtype == np.float32


def test_tone_lights_the_matching_band():
    t = np.arange(SR) / SR
    low, high = (np.sin(2 * np.pi * f * t).astype(np.float32) for f in (300.0, 3000.0))
    band_low = int(log_mel(low).mean(axis=1).argmax())
    band_high = int(log_mel(high).mean(axis=1).argmax())
    assert band_low < band_high
    centres = mel_filterbank(MelConfig()).argmax(axis=1) * SR / 512
    assert abs(centres[band_low] - 300) < 80
    assert abs(centres[band_high] - 3000) < 300


def test_normalisation_removes_band_means_and_recording_level():
    x = speechlike(1.5)
    f = features(x)
    assert np.allclose(f.mean(axis=1), 0, atol=1e-4)
    assert abs(float(f.std()) - 1) < 1e-3
    quieter = features(0.1 * x)
    assert np.corrcoef(quieter.ravel(), f.ravel())[0, 1] > 0.99


def test_noise_at_requested_snr():
    rng = np.random.default_rng(1)
    x = speechlike(2.0)
    y = add_noise(x, 10.0, rng)
    snr = 10 * np.log10(np.mean(x**2) / np.mean((y - x) ** 2))
    assert abs(snr - 10.0) < 0.5


def test_speed_changes_length():
    x = speechlike(1.0)
    assert abs(change_speed(x, 1.1).size - x.size / 1.1) < 5
    assert abs(change_speed(x, 0.9).size - x.size / 0.9) < 5


def test_augmentation_is_seeded_and_changes_the_signal():
    x = speechlike(1.0)
    a = augment_waveform(x, np.random.default_rng(3))
    b = augment_waveform(x, np.random.default_rng(3))
    assert np.array_equal(a, b)
    assert not (a.size == x.size and np.allclose(a, x))


def test_spec_augment_masks_with_zeros_and_keeps_input():
    spec = np.ones((64, 200), dtype=np.float32)
    out = spec_augment(spec, np.random.default_rng(0))
    assert out.shape == spec.shape
    assert (out == 0).any()
    assert (spec == 1).all()
