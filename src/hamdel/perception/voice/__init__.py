"""Voice: hear emotion in speech.

Audio in (any common format -> 16 kHz mono float32, checked and voice-trimmed), log-mel features,
and the six-class emotion model served with ONNX Runtime::

    from hamdel.perception.voice import VoiceEmotionModel, load_audio

    model = VoiceEmotionModel.load()          # models/voice_emotion, loaded once
    prediction = model.predict(load_audio("note.webm"))
    prediction.emotion, prediction.negative, prediction.scores

Training (``hamdel.perception.voice._train``), the openSMILE baseline and cross-validation need
the ``train`` extra: ``pip install 'hamdel[train]'``.
"""

from hamdel.perception.voice._audio import (
    SAMPLE_RATE,
    AudioLimits,
    decode_audio,
    load_audio,
    trim_speech,
)
from hamdel.perception.voice._corpora import (
    ManifestRow,
    prepare_emodb,
    prepare_emovo,
    prepare_ravdess,
    prepare_shemo,
    prepare_turevdb,
    read_manifest,
    write_manifest,
)
from hamdel.perception.voice._features import MelConfig, features, log_mel
from hamdel.perception.voice._runtime import VoiceEmotionModel, VoicePrediction, VoiceWindow

__all__ = [
    "SAMPLE_RATE",
    "AudioLimits",
    "ManifestRow",
    "MelConfig",
    "VoiceEmotionModel",
    "VoicePrediction",
    "VoiceWindow",
    "decode_audio",
    "features",
    "load_audio",
    "log_mel",
    "prepare_emodb",
    "prepare_emovo",
    "prepare_ravdess",
    "prepare_shemo",
    "prepare_turevdb",
    "read_manifest",
    "trim_speech",
    "write_manifest",
]
