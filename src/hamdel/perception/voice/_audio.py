"""Audio in: decode any common format to 16 kHz mono float32, check it, trim it to speech.

Decoding uses PyAV (FFmpeg's libraries, bundled in the ``av`` wheel), so wav, flac, ogg/opus,
mp3, m4a and webm (what browsers record) all work; resampling and the channel mix-down use
FFmpeg's libswresample. Every failure is an :class:`~hamdel.core.errors.AudioError` that names
the file.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from hamdel.core.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
"""Every waveform inside hamdel is 16 kHz mono float32 in [-1, 1]."""


@dataclass(frozen=True)
class AudioLimits:
    """Checks applied to incoming audio.

    Parameters
    ----------
    max_seconds : float
        Longest recording accepted in one piece (windowed analysis lifts this).
    min_speech_seconds : float
        Least speech (after voice-activity trimming) worth analysing.
    silence_dbfs : float
        Recordings whose loudest 30 ms frame is below this RMS level count as silent.
    vad_margin_db : float
        A frame is speech when its energy is within this many dB of the loudest frames.
    """

    max_seconds: float = 60.0
    min_speech_seconds: float = 0.5
    silence_dbfs: float = -60.0
    vad_margin_db: float = 35.0


DEFAULT_LIMITS = AudioLimits()
MIN_RATE, MAX_RATE = 4_000, 384_000
"""Sample rates a recording can have; anything else is refused before decoding (a header that
claims 1 Hz would make a small file hours long)."""


def _name(source: str | Path | bytes) -> str:
    return "<bytes>" if isinstance(source, bytes | bytearray) else str(source)


def decode_audio(source: str | Path | bytes, *, max_seconds: float | None = None) -> np.ndarray:
    """Decode a file (path or raw bytes) to a 16 kHz mono float32 waveform.

    The sample rate in the header is checked first; with ``max_seconds`` the duration the
    container declares is checked before decoding, and decoding stops as soon as more than that
    has come out (work and memory stay bounded whatever the header says).

    Raises
    ------
    AudioError
        The file is missing, empty, not audio, corrupt, or longer than ``max_seconds``.
    """
    import av

    name = _name(source)
    if isinstance(source, bytes | bytearray):
        if not source:
            raise AudioError(f"{name}: empty audio")
        handle: io.BytesIO | str = io.BytesIO(bytes(source))
    else:
        path = Path(source)
        if not path.is_file():
            raise AudioError(f"{name}: no such file")
        if path.stat().st_size == 0:
            raise AudioError(f"{name}: empty file")
        handle = str(path)
    chunks: list[np.ndarray] = []
    try:
        with av.open(handle, mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{name}: no audio stream")
            stream = container.streams.audio[0]
            rate = int(stream.rate or stream.codec_context.sample_rate or 0)
            if not MIN_RATE <= rate <= MAX_RATE:
                raise AudioError(
                    f"{name}: a sample rate of {rate} Hz is not a recording's "
                    f"({MIN_RATE}-{MAX_RATE} Hz)"
                )
            declared = (container.duration or 0) / 1_000_000  # microseconds
            if max_seconds is not None and declared > max_seconds + 1:
                raise AudioError(_too_long(name, declared, max_seconds))
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            seconds = 0.0
            for frame in container.decode(stream):
                seconds += frame.samples / float(frame.sample_rate or rate)
                if max_seconds is not None and seconds > max_seconds + 1:
                    raise AudioError(_too_long(name, seconds, max_seconds))
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioError:
        raise
    except (av.error.FFmpegError, ValueError, OSError, EOFError) as exc:
        raise AudioError(f"{name}: unreadable or corrupt audio ({exc})") from exc
    if not chunks:
        raise AudioError(f"{name}: no audio samples decoded")
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    if samples.size == 0 or not np.all(np.isfinite(samples)):
        raise AudioError(f"{name}: no usable audio samples")
    return np.clip(samples, -1.0, 1.0)


def _too_long(name: str, seconds: float, limit: float) -> str:
    return (
        f"{name}: {seconds:.1f} s is longer than the {limit:.0f} s maximum; "
        "analyse it in windows instead"
    )


def load_audio(
    source: str | Path | bytes,
    *,
    limits: AudioLimits = DEFAULT_LIMITS,
    allow_long: bool = False,
) -> np.ndarray:
    """Decode ``source`` and check its length: the way every recording enters hamdel.

    Parameters
    ----------
    source : str, Path or bytes
        A file path, or the file's bytes (e.g. an upload).
    limits : AudioLimits
        Length and silence thresholds.
    allow_long : bool
        Accept recordings longer than ``limits.max_seconds`` (windowed analysis).

    Returns
    -------
    numpy.ndarray
        16 kHz mono float32 samples, untrimmed.
    """
    samples = decode_audio(source, max_seconds=None if allow_long else limits.max_seconds)
    seconds = samples.size / SAMPLE_RATE
    if not allow_long and seconds > limits.max_seconds:
        raise AudioError(_too_long(_name(source), seconds, limits.max_seconds))
    return samples


def _frame_db(samples: np.ndarray, frame: int, hop: int) -> np.ndarray:
    if samples.size < frame:
        samples = np.pad(samples, (0, frame - samples.size))
    n = 1 + (samples.size - frame) // hop
    idx = np.arange(frame)[None, :] + hop * np.arange(n)[:, None]
    rms = np.sqrt(np.mean(samples[idx].astype(np.float64) ** 2, axis=1) + 1e-12)
    return np.asarray(20.0 * np.log10(rms), dtype=np.float64)


def speech_mask(samples: np.ndarray, limits: AudioLimits = DEFAULT_LIMITS) -> np.ndarray:
    """Energy voice-activity decision per 10 ms hop (30 ms frames).

    A frame is speech when it is above the silence floor and within ``vad_margin_db`` of the
    95th-percentile frame energy; isolated gaps shorter than 200 ms are filled.
    """
    db = _frame_db(samples, frame=480, hop=160)
    top = float(np.percentile(db, 95))
    mask = (db > limits.silence_dbfs) & (db > top - limits.vad_margin_db)
    # fill short pauses inside speech (hangover), so words are not chopped
    gap = 20
    idx = np.flatnonzero(mask)
    if idx.size > 1:
        for a, b in pairwise(idx):
            if 1 < b - a <= gap:
                mask[a:b] = True
    return mask


def trim_speech(
    samples: np.ndarray,
    *,
    limits: AudioLimits = DEFAULT_LIMITS,
    name: str = "<audio>",
) -> np.ndarray:
    """Keep the voiced part of a recording (leading, trailing and long inner silences removed).

    Raises
    ------
    AudioError
        Silence (nothing above the energy floor) or less than ``min_speech_seconds`` of speech.
    """
    if samples.size == 0:
        raise AudioError(f"{name}: empty audio")
    db = _frame_db(samples, frame=480, hop=160)
    if float(db.max()) < limits.silence_dbfs:
        raise AudioError(f"{name}: no speech found (the recording is silent or too quiet)")
    mask = speech_mask(samples, limits)
    hop = 160
    keep = np.zeros(samples.size, dtype=bool)
    for i in np.flatnonzero(mask):
        keep[i * hop : i * hop + 480] = True
    voiced = samples[keep]
    seconds = voiced.size / SAMPLE_RATE
    if seconds < limits.min_speech_seconds:
        raise AudioError(
            f"{name}: only {seconds:.2f} s of speech; at least "
            f"{limits.min_speech_seconds:.1f} s is needed"
        )
    return voiced.astype(np.float32, copy=False)


__all__ = [
    "DEFAULT_LIMITS",
    "SAMPLE_RATE",
    "AudioLimits",
    "decode_audio",
    "load_audio",
    "speech_mask",
    "trim_speech",
]
