from __future__ import annotations

import numpy as np
import pytest

import hamdel.perception.voice as voice
from hamdel.core.emotions import EMOTIONS
from hamdel.perception.voice._runtime import DEFAULT_MODEL_DIR

from .conftest import speechlike


def test_exported_members_are_true():
    assert sorted(voice.__all__) == sorted(set(voice.__all__))
    for name in voice.__all__:
        assert hasattr(voice, name), name


def test_runtime_import_does_not_pull_in_torch():
    import subprocess
    import sys

    code = ("import sys, hamdel.perception.voice as v; v.VoiceEmotionModel; "
            "sys.exit(1 if 'torch' in sys.modules else 0)")  # fmt: skip
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").is_file(), reason="no shipped model")
def test_shipped_model_loads_and_predicts():
    model = voice.VoiceEmotionModel.load()
    pred = model.predict(speechlike(2.0))
    assert set(pred.scores) == {e.value for e in EMOTIONS}
    assert abs(sum(pred.scores.values()) - 1) < 1e-4
    assert np.isfinite(list(pred.scores.values())).all()
    assert (DEFAULT_MODEL_DIR / "MODEL_CARD.md").is_file()
