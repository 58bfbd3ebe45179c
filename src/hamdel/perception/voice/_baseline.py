"""The classic peer baseline: openSMILE eGeMAPSv02 functionals (88 features) + RBF SVM.

Needs the ``train`` extra (``opensmile``, ``scikit-learn``). Features are computed on the same
voice-trimmed 16 kHz speech as the CNN's and cached next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from hamdel.perception.voice._audio import SAMPLE_RATE
from hamdel.perception.voice._data import ClipSet, _key, atomic_save, cache_dir


def _smile() -> Any:
    import opensmile  # type: ignore[import-untyped]

    return opensmile.Smile(
        feature_set=opensmile.FeatureSet.eGeMAPSv02,
        feature_level=opensmile.FeatureLevel.Functionals,
        num_workers=None,
    )


def egemaps(speech: np.ndarray, smile: Any | None = None) -> np.ndarray:
    """The 88 eGeMAPSv02 functionals of one 16 kHz waveform."""
    smile = smile or _smile()
    return np.asarray(smile.process_signal(speech, SAMPLE_RATE).to_numpy()[0], dtype=np.float64)


def egemaps_matrix(clips: ClipSet) -> np.ndarray:
    """eGeMAPS features of every clip (cached per file)."""
    smile = None
    out = []
    for row, speech in zip(clips.rows, clips.speech, strict=True):
        target = cache_dir() / "egemaps" / f"{_key(row.path, speech.size)}.npy"
        if target.is_file():
            out.append(np.load(target))
            continue
        smile = smile or _smile()
        vec = egemaps(speech, smile)
        atomic_save(target, partial(np.save, arr=vec))
        out.append(vec)
    return np.stack(out)


@dataclass
class EgemapsSVM:
    """scikit-learn style: ``fit`` on clips, ``predict`` class indices."""

    C: float = 1.0
    random_state: int = 0
    pipeline_: Any = field(default=None, repr=False)

    def fit(self, clips: ClipSet) -> EgemapsSVM:
        from sklearn.pipeline import make_pipeline  # type: ignore[import-untyped]
        from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]
        from sklearn.svm import SVC  # type: ignore[import-untyped]

        self.pipeline_ = make_pipeline(
            StandardScaler(),
            SVC(C=self.C, kernel="rbf", class_weight="balanced", random_state=self.random_state),
        )
        self.pipeline_.fit(egemaps_matrix(clips), np.array(clips.labels))
        return self

    def predict(self, clips: ClipSet) -> np.ndarray:
        return np.asarray(self.pipeline_.predict(egemaps_matrix(clips)))


__all__ = ["EgemapsSVM", "egemaps", "egemaps_matrix"]
