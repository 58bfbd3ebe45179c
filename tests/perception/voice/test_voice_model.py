"""The training path and the ONNX runtime, end to end on a tiny synthetic corpus."""

from __future__ import annotations

import json

import numpy as np
import pytest

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import AudioError, ModelUnavailableError
from hamdel.perception.voice import VoiceEmotionModel, VoicePrediction
from hamdel.perception.voice._corpora import ManifestRow
from hamdel.perception.voice._data import ClipSet

from .conftest import SR, speechlike, write_wav

pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _tone_clips(n_per_class: int = 4) -> ClipSet:
    """Six 'emotions' told apart by pitch; three speakers."""
    clips = ClipSet()
    rng = np.random.default_rng(0)
    for label in range(6):
        for i in range(n_per_class):
            t = np.arange(int(1.0 * SR)) / SR
            f = 150.0 * (1.5**label) * (1 + 0.02 * rng.standard_normal())
            x = (0.3 * np.sin(2 * np.pi * f * t)).astype(np.float32)
            x += 0.01 * rng.standard_normal(x.size).astype(np.float32)
            from pathlib import Path

            clips.rows.append(ManifestRow(Path(f"/nonexistent/{label}_{i}.wav"), EMOTIONS[label],
                                          f"spk{i % 3}", "en", "synthetic"))  # fmt: skip
            clips.speech.append(x)
            clips.labels.append(label)
    return clips


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    from hamdel.perception.voice._data import feature_versions
    from hamdel.perception.voice._train import TrainConfig, export_model, train_cnn

    clips = _tone_clips()
    # the feature cache is keyed by file: point it at real (dummy) files
    folder = tmp_path_factory.mktemp("clips")
    for k, row in enumerate(clips.rows):
        path = write_wav(folder / f"c{k}.wav", clips.speech[k])
        clips.rows[k] = ManifestRow(path, row.emotion, row.speaker, row.language, row.corpus)
    config = TrainConfig(epochs=2, patience=2, n_aug=1, channels=(4, 8, 8), crop_frames=64)
    result = train_cnn(clips, config)
    assert len(result.history) == 2
    assert result.val_speakers  # one of three speakers held out for early stopping
    assert len(feature_versions(clips, result.mel, 1, 0)[0]) == 2
    out = export_model(result, tmp_path_factory.mktemp("model"))
    return out


def test_export_writes_onnx_and_config(tiny_model_dir):
    meta = json.loads((tiny_model_dir / "config.json").read_text())
    assert meta["classes"] == [e.value for e in EMOTIONS]
    assert meta["mel"]["n_mels"] == 64
    assert (tiny_model_dir / "model.onnx").stat().st_size > 1000


def test_runtime_predicts_a_file_and_an_array(tiny_model_dir, tmp_path):
    model = VoiceEmotionModel.load(tiny_model_dir)
    x = speechlike(2.0)
    path = write_wav(tmp_path / "x.wav", x)
    a, b = model.predict(path), model.predict(x)
    assert isinstance(a, VoicePrediction)
    assert set(a.scores) == {e.value for e in EMOTIONS}
    assert sum(a.scores.values()) == pytest.approx(1.0, abs=1e-4)
    assert a.emotion.value == max(a.scores, key=a.scores.get)
    assert a.negative == (a.emotion.value in {"anger", "fear", "sadness"})
    assert 1.5 < a.speech_seconds <= 2.05
    assert a.scores == pytest.approx(b.scores, abs=1e-3)
    assert VoicePrediction.from_dict(a.to_dict()).emotion == a.emotion


def test_runtime_errors(tiny_model_dir, tmp_path):
    model = VoiceEmotionModel.load(tiny_model_dir)
    with pytest.raises(AudioError, match="no speech"):
        model.predict(np.zeros(SR, dtype=np.float32))
    with pytest.raises(AudioError, match="longer than"):
        model.predict(np.zeros(61 * SR, dtype=np.float32))
    with pytest.raises(ModelUnavailableError, match="hamdel voice train"):
        VoiceEmotionModel.load(tmp_path)


def test_windows_give_a_timeline_with_gaps(tiny_model_dir):
    model = VoiceEmotionModel.load(tiny_model_dir)
    x = np.concatenate([speechlike(4.0), np.zeros(4 * SR, np.float32), speechlike(4.0, seed=2)])
    timeline = model.predict_windows(x, window_seconds=4.0)
    assert [w.start for w in timeline] == [0.0, 4.0, 8.0]
    assert timeline[0].prediction is not None and timeline[2].prediction is not None
    assert timeline[1].prediction is None


def test_cli_analyze_and_eval(tiny_model_dir, tmp_path):
    from typer.testing import CliRunner

    from hamdel.cli import app

    good = write_wav(tmp_path / "good.wav", speechlike(1.5))
    silent = write_wav(tmp_path / "silent.wav", np.zeros(SR, np.float32))
    runner = CliRunner()
    res = runner.invoke(app, ["voice", "analyze", str(good), str(silent), "--model",
                              str(tiny_model_dir), "--json"])  # fmt: skip
    lines = [json.loads(line) for line in res.stdout.strip().splitlines()]
    assert res.exit_code == 1  # one file failed
    assert lines[0]["emotion"] in {e.value for e in EMOTIONS}
    assert "no speech" in lines[1]["error"]

    manifest = tmp_path / "m.csv"
    manifest.write_text("path,emotion\ngood.wav,angry\nsilent.wav,sad\ngood.wav,calm\n")
    res = runner.invoke(app, ["voice", "eval", "--manifest", str(manifest), "--model",
                              str(tiny_model_dir), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["n"] == 1 and report["skipped"] == 2
    assert {"accuracy", "uar", "macro_f1", "per_class", "confusion"} <= set(report)
