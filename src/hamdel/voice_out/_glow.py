"""Glow-TTS (the design's model) exported to ONNX, run with ONNX Runtime: no torch, no coqui-tts.

A user-provided Glow-TTS voice is a folder in ``<models_dir>/voices/`` holding ``glow_tts.json``::

    {
      "format": "hamdel-glow-tts-onnx/1",
      "language": "fa",                 # en or fa
      "sample_rate": 22050,
      "acoustic_model": "glow_tts.onnx",  # text ids -> mel spectrogram
      "vocoder": "vocoder.onnx",          # mel -> waveform (null: the model outputs audio)
      "symbols": ["_", " ", "a", ...],    # id of a symbol = its index (the checkpoint's characters)
      "text": "characters",               # or "espeak-ipa": phonemes from espeak-ng --ipa
      "espeak_voice": "fa",               # for "espeak-ipa"
      "lowercase": true,
      "add_blank": false,                 # intersperse id 0 between symbols (as in training)
      "noise_scale": 0.333,
      "length_scale": 1.0
    }

The acoustic model takes ``input`` (int64 [1, T]) and ``input_lengths`` (int64 [1]) and, if it
declares it, ``scales`` (float32 [k]: noise_scale, length_scale, ...); its first output is the mel
spectrogram [1, n_mels, frames]. The vocoder takes that mel as its only input and returns audio
([1, samples] or [1, 1, samples]). This is the signature coqui's Glow-TTS and HiFi-GAN have after
``torch.onnx.export``; ``tests/voice_out/fixtures/make_tiny_glow.py`` builds a tiny pair with it.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import AudioError, ModelUnavailableError
from hamdel.voice_out._types import Speech, VoiceInfo

logger = logging.getLogger(__name__)

CONFIG_NAME = "glow_tts.json"
FORMAT = "hamdel-glow-tts-onnx/1"
RANK_GLOW = 40


@dataclass(frozen=True)
class GlowConfig:
    language: str
    sample_rate: int
    acoustic_model: Path
    vocoder: Path | None
    symbols: tuple[str, ...]
    text: str = "characters"
    espeak_voice: str | None = None
    lowercase: bool = True
    add_blank: bool = False
    noise_scale: float = 0.333
    length_scale: float = 1.0

    @classmethod
    def read(cls, folder: Path) -> GlowConfig:
        raw = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"{folder / CONFIG_NAME}: format must be {FORMAT!r}")
        if raw.get("text", "characters") not in ("characters", "espeak-ipa"):
            raise ValueError(f"{folder / CONFIG_NAME}: text must be characters or espeak-ipa")
        vocoder = raw.get("vocoder", "vocoder.onnx")
        return cls(
            language=str(raw["language"]),
            sample_rate=int(raw["sample_rate"]),
            acoustic_model=folder / raw.get("acoustic_model", "glow_tts.onnx"),
            vocoder=folder / vocoder if vocoder else None,
            symbols=tuple(raw["symbols"]),
            text=raw.get("text", "characters"),
            espeak_voice=raw.get("espeak_voice"),
            lowercase=bool(raw.get("lowercase", True)),
            add_blank=bool(raw.get("add_blank", False)),
            noise_scale=float(raw.get("noise_scale", 0.333)),
            length_scale=float(raw.get("length_scale", 1.0)),
        )


def _ipa(text: str, voice: str) -> str:
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise ModelUnavailableError("this Glow-TTS voice needs espeak-ng for phonemes")
    try:
        done = subprocess.run(
            [exe, "-q", "--ipa", "-b", "1", "-v", voice],
            input=text.encode(),
            capture_output=True,
            timeout=10 + len(text) / 50,
            check=True,
        )
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
        raise AudioError(f"espeak-ng could not phonemize the text: {exc}") from exc
    return " ".join(done.stdout.decode("utf-8").split())


@dataclass
class GlowVoice:
    """A Glow-TTS acoustic model + vocoder pair in ONNX."""

    info: VoiceInfo
    config: GlowConfig
    threads: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _sessions: tuple[Any, Any] | None = field(default=None, repr=False)

    def text_to_ids(self, text: str) -> np.ndarray:
        if self.config.text == "espeak-ipa":
            text = _ipa(text, self.config.espeak_voice or self.config.language)
        if self.config.lowercase:
            text = text.lower()
        index = {s: i for i, s in enumerate(self.config.symbols)}
        ids = [index[ch] for ch in text if ch in index]
        if self.config.add_blank:
            ids = [x for i in ids for x in (0, i)] + [0]
        return np.asarray(ids, dtype=np.int64)

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            return self._load_once()

    def _load_once(self) -> tuple[Any, Any]:
        if self._sessions is not None:
            return self._sessions
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            acoustic = ort.InferenceSession(str(self.config.acoustic_model), options,
                                            providers=["CPUExecutionProvider"])  # fmt: skip
            vocoder = (
                None
                if self.config.vocoder is None
                else ort.InferenceSession(
                    str(self.config.vocoder), options, providers=["CPUExecutionProvider"]
                )
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailableError(
                f"cannot load Glow-TTS voice {self.info.name}: {exc}"
            ) from exc
        self._sessions = (acoustic, vocoder)
        return self._sessions

    def synthesize(self, text: str) -> Speech:
        acoustic, vocoder = self._load()
        ids = self.text_to_ids(text)
        if ids.size == 0:
            return Speech(np.zeros(0, dtype=np.float32), self.config.sample_rate)
        values = [self.config.noise_scale, self.config.length_scale, 0.8]
        offered: dict[str, np.ndarray] = {
            "input": ids[None, :],
            "input_lengths": np.array([ids.size], dtype=np.int64),
        }
        feeds: dict[str, np.ndarray] = {}
        for spec in acoustic.get_inputs():
            if spec.name == "scales":
                k = spec.shape[0] if isinstance(spec.shape[0], int) else 2
                feeds["scales"] = np.array(values[:k], dtype=np.float32)
            elif spec.name in offered:
                feeds[spec.name] = offered[spec.name]
            else:
                raise ModelUnavailableError(
                    f"Glow-TTS voice {self.info.name}: unexpected model input {spec.name!r}"
                )
        try:
            out = acoustic.run(None, feeds)[0]
            if vocoder is not None:
                out = vocoder.run(None, {vocoder.get_inputs()[0].name: out.astype(np.float32)})[0]
        except Exception as exc:  # onnxruntime.capi errors
            raise AudioError(f"Glow-TTS voice {self.info.name} failed: {exc}") from exc
        samples = np.clip(np.asarray(out, dtype=np.float32).reshape(-1), -1.0, 1.0)
        return Speech(samples, self.config.sample_rate)


def folder_voices(voices_dir: Path, threads: int = 1) -> list[GlowVoice]:
    """Glow-TTS voices: sub-folders of ``voices_dir`` holding ``glow_tts.json``."""
    found: list[GlowVoice] = []
    if not voices_dir.is_dir():
        return found
    for config_file in sorted(voices_dir.glob(f"*/{CONFIG_NAME}")):
        folder = config_file.parent
        try:
            config = GlowConfig.read(folder)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("Glow-TTS voice %s skipped: %s", folder, exc)
            continue
        missing = [p for p in (config.acoustic_model, config.vocoder) if p and not p.is_file()]
        why = f"user-provided Glow-TTS voice in {folder} (the design's model): preferred"
        if missing:
            why = f"Glow-TTS voice incomplete: {', '.join(str(p) for p in missing)} missing"
        info = VoiceInfo(f"glow:{folder.name}", "glow-tts", config.language, folder.name,
                         not missing, RANK_GLOW, why, config.sample_rate)  # fmt: skip
        found.append(GlowVoice(info, config, threads))
    return found


__all__ = ["CONFIG_NAME", "FORMAT", "GlowConfig", "GlowVoice", "folder_voices"]
