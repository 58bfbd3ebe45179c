"""Serving: :class:`VoiceEmotionModel` loads ``model.onnx`` + ``config.json`` once and predicts
with ONNX Runtime on one thread. No PyTorch here."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS, Emotion, is_negative
from hamdel.core.errors import AudioError, ModelUnavailableError
from hamdel.perception.voice._audio import (
    DEFAULT_LIMITS,
    SAMPLE_RATE,
    AudioLimits,
    load_audio,
    trim_speech,
)
from hamdel.perception.voice._features import MelConfig, features

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[4] / "models" / "voice_emotion"
"""The shipped model (``models/voice_emotion`` in a source checkout)."""

AudioInput = np.ndarray | str | Path | bytes


@dataclass(frozen=True)
class VoicePrediction:
    """What the voice says about emotion, for one recording or window."""

    emotion: Emotion
    scores: dict[str, float]
    negative: bool
    speech_seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "emotion": self.emotion.value,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "negative": self.negative,
            "speech_seconds": round(self.speech_seconds, 2),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoicePrediction:
        return cls(Emotion(data["emotion"]), dict(data["scores"]), bool(data["negative"]),
                   float(data["speech_seconds"]))  # fmt: skip


@dataclass(frozen=True)
class VoiceWindow:
    """One window of a long recording; ``prediction`` is ``None`` where it held no speech."""

    start: float
    end: float
    prediction: VoicePrediction | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "end": round(self.end, 2),
                "prediction": self.prediction.to_dict() if self.prediction else None}  # fmt: skip


class VoiceEmotionModel:
    """Six-class speech emotion recogniser served with ONNX Runtime.

    Examples
    --------
    >>> model = VoiceEmotionModel.load()  # doctest: +SKIP
    >>> model.predict("hello.webm").emotion  # doctest: +SKIP
    <Emotion.NEUTRAL: 'neutral'>
    """

    def __init__(self, session: Any, mel: MelConfig, classes: tuple[str, ...],
                 meta: dict[str, Any], limits: AudioLimits = DEFAULT_LIMITS) -> None:  # fmt: skip
        self._session = session
        self._input = session.get_inputs()[0].name
        self.mel = mel
        self.classes = classes
        self.meta = meta
        self.limits = limits

    @classmethod
    def load(cls, path: str | Path | None = None, *, limits: AudioLimits = DEFAULT_LIMITS
             ) -> VoiceEmotionModel:  # fmt: skip
        """Load a model directory (``model.onnx`` + ``config.json``); default: the shipped one."""
        import onnxruntime as ort

        folder = Path(path) if path is not None else DEFAULT_MODEL_DIR
        onnx_file, config_file = folder / "model.onnx", folder / "config.json"
        if not onnx_file.is_file() or not config_file.is_file():
            raise ModelUnavailableError(
                f"{folder}: no voice emotion model (needs model.onnx and config.json); train one "
                "with `hamdel voice train --manifest M.csv --out DIR`"
            )
        meta = json.loads(config_file.read_text(encoding="utf-8"))
        classes = tuple(meta["classes"])
        if set(classes) != {e.value for e in EMOTIONS}:
            raise ModelUnavailableError(f"{folder}: model classes {classes} are not the six")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            session = ort.InferenceSession(str(onnx_file), options,
                                           providers=["CPUExecutionProvider"])  # fmt: skip
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailableError(f"{onnx_file}: cannot load ({exc})") from exc
        return cls(session, MelConfig.from_dict(meta["mel"]), classes, meta, limits)

    def _source(self, audio: AudioInput, allow_long: bool) -> tuple[np.ndarray, str]:
        if isinstance(audio, np.ndarray):
            samples = np.asarray(audio, dtype=np.float32).reshape(-1)
            if not allow_long and samples.size / SAMPLE_RATE > self.limits.max_seconds:
                raise AudioError(f"<audio>: longer than {self.limits.max_seconds:.0f} s")
            return samples, "<audio>"
        name = "<bytes>" if isinstance(audio, bytes) else str(audio)
        return load_audio(audio, limits=self.limits, allow_long=allow_long), name

    def probabilities(self, speech: np.ndarray) -> np.ndarray:
        """Class probabilities (in ``self.classes`` order) of already-trimmed speech."""
        spec = features(speech, self.mel)
        if spec.shape[1] < 16:
            spec = np.tile(spec, (1, int(np.ceil(16 / spec.shape[1]))))
        out = self._session.run(None, {self._input: spec[None].astype(np.float32)})[0]
        return np.asarray(out[0], dtype=np.float64)

    def _prediction(self, speech: np.ndarray) -> VoicePrediction:
        probs = self.probabilities(speech)
        scores = {c: float(p) for c, p in zip(self.classes, probs, strict=True)}
        top = Emotion(self.classes[int(np.argmax(probs))])
        return VoicePrediction(top, scores, is_negative(top), speech.size / SAMPLE_RATE)

    def predict(self, audio: AudioInput) -> VoicePrediction:
        """Emotion of one recording: a 16 kHz mono waveform, a file path, or file bytes.

        Raises
        ------
        AudioError
            Unreadable, silent, too little speech, or longer than ``limits.max_seconds``.
        """
        samples, name = self._source(audio, allow_long=False)
        return self._prediction(trim_speech(samples, limits=self.limits, name=name))

    def predict_windows(self, audio: AudioInput, *, window_seconds: float = 4.0,
                        hop_seconds: float | None = None) -> list[VoiceWindow]:  # fmt: skip
        """A timeline for a recording of any length: one prediction per window."""
        samples, name = self._source(audio, allow_long=True)
        hop = hop_seconds or window_seconds
        if window_seconds <= 0 or hop <= 0:
            raise AudioError(f"{name}: window and hop must be positive")
        win, step = int(window_seconds * SAMPLE_RATE), int(hop * SAMPLE_RATE)
        windows = []
        for start in range(0, max(1, samples.size - win + step), step):
            chunk = samples[start : start + win]
            try:
                pred: VoicePrediction | None = self._prediction(
                    trim_speech(chunk, limits=self.limits, name=name)
                )
            except AudioError:
                pred = None
            windows.append(VoiceWindow(start / SAMPLE_RATE,
                                       (start + chunk.size) / SAMPLE_RATE, pred))  # fmt: skip
        if all(w.prediction is None for w in windows):
            raise AudioError(f"{name}: no window holds enough speech")
        return windows


__all__ = ["DEFAULT_MODEL_DIR", "VoiceEmotionModel", "VoicePrediction", "VoiceWindow"]
