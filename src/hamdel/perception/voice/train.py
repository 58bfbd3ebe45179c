"""Training and evaluating the voice emotion models: the public door for the CLI and benchmarks.

Importing this module is cheap; the heavy libraries (PyTorch for the CNN, scikit-learn for the
Whisper head, openSMILE for the baseline) load inside the functions that need them, from the
``train`` extra: ``pip install 'hamdel[train]'``.
"""

from hamdel.perception.voice._corpora import PREPARERS
from hamdel.perception.voice._cv import (
    cnn_predictor,
    cross_validate,
    svm_predictor,
    whisper_predictor,
)
from hamdel.perception.voice._data import TRAIN_LIMITS, ClipSet, load_clips
from hamdel.perception.voice._train import CLASSES, TrainConfig, export_model, train_cnn
from hamdel.perception.voice._whisper import EncoderConfig
from hamdel.perception.voice._whisper_head import (
    LAYER_CHOICES,
    SHIPPED_LAYERS,
    HeadConfig,
    export_head,
    fit_head,
    train_whisper_head,
)

__all__ = [
    "CLASSES",
    "LAYER_CHOICES",
    "PREPARERS",
    "SHIPPED_LAYERS",
    "TRAIN_LIMITS",
    "ClipSet",
    "EncoderConfig",
    "HeadConfig",
    "TrainConfig",
    "cnn_predictor",
    "cross_validate",
    "export_head",
    "export_model",
    "fit_head",
    "load_clips",
    "svm_predictor",
    "train_cnn",
    "train_whisper_head",
    "whisper_predictor",
]
