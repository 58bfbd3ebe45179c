"""Whisper-embedding voice model: numpy head, head fitting, truncated encoder, runtime choice."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ModelUnavailableError
from hamdel.perception.voice import VoiceEmotionModel, _runtime
from hamdel.perception.voice._runtime import DEFAULT_MODEL_DIR, DEFAULT_WHISPER_DIR
from hamdel.perception.voice._whisper import (
    HEAD_FILE,
    KIND,
    EncoderConfig,
    LinearHead,
    _variables,
    select,
    truncated_model,
    whisper_available,
)

from .conftest import speechlike

SIX = {e.value for e in EMOTIONS}
needs_whisper = pytest.mark.skipif(
    not whisper_available(), reason="faster-whisper or the Whisper base packages not installed"
)
needs_shipped = pytest.mark.skipif(
    not (DEFAULT_WHISPER_DIR / HEAD_FILE).is_file(), reason="no shipped Whisper head"
)


def _head(dim: int = 8, seed: int = 0) -> LinearHead:
    rng = np.random.default_rng(seed)
    return LinearHead(rng.normal(size=dim), rng.uniform(0.5, 2, dim), rng.normal(size=(6, dim)),
                      rng.normal(size=6), temperature=0.5)  # fmt: skip


def test_head_round_trips_and_gives_probabilities(tmp_path: Path) -> None:
    head = _head()
    head.save(tmp_path / "h.npz")
    again = LinearHead.load(tmp_path / "h.npz")
    x = np.random.default_rng(1).normal(size=(5, 8))
    p = again.probabilities(x)
    assert p.shape == (5, 6)
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-9)
    np.testing.assert_allclose(again.decision(x), head.decision(x), atol=1e-4)  # float32 on disk
    # temperature sharpens without changing the ranking
    assert (again.decision(x).argmax(1) == p.argmax(1)).all()


def test_head_with_inconsistent_shapes_is_refused(tmp_path: Path) -> None:
    head = _head()
    bad = LinearHead(head.mean[:4], head.scale, head.coef, head.intercept)
    bad.save(tmp_path / "bad.npz")
    with pytest.raises(ModelUnavailableError):
        LinearHead.load(tmp_path / "bad.npz")


def test_pooling_selects_the_mean_half() -> None:
    stats = np.arange(1024, dtype=np.float32)
    assert select(stats, "mean").shape == (512,) and select(stats, "mean")[-1] == 511
    assert select(stats, "mean+std").shape == (1024,)
    with pytest.raises(ValueError):
        select(stats, "max")


def test_fit_head_matches_sklearn_and_keeps_six_rows() -> None:
    pytest.importorskip("sklearn")
    from hamdel.perception.voice._whisper_head import HeadConfig, fit_head

    rng = np.random.default_rng(0)
    centres = rng.normal(scale=3, size=(5, 16))  # class 5 (surprise) absent from training
    y = np.repeat(np.arange(5), 40)
    x = centres[y] + rng.normal(size=(200, 16))
    speakers = [f"s{i % 8}" for i in range(200)]
    head, info = fit_head(x, y, speakers, HeadConfig(grid=(0.01, 0.1), inner_folds=4))
    assert head.coef.shape == (6, 16) and head.intercept.shape == (6,)
    assert info["C"] in (0.01, 0.1) and info["temperature"] > 0
    assert set(info["inner_uar"]) == {"0.01", "0.1"}
    probs = head.probabilities(x)
    assert (probs.argmax(1) == y).mean() > 0.95
    assert probs[:, 5].max() < 1e-6  # the absent class is never predicted


def _fake_model_bin(names: list[str]) -> bytes:
    """A CTranslate2 model.bin (version 6) with one float32 scalar per variable and one alias."""

    def text(s: str) -> bytes:
        raw = s.encode() + b"\0"
        return struct.pack("<H", len(raw)) + raw

    out = struct.pack("<I", 6) + text("WhisperSpec") + struct.pack("<I", 3)
    out += struct.pack("<I", len(names))
    for i, name in enumerate(names):
        out += text(name) + struct.pack("<B", 1) + struct.pack("<I", 1)
        out += struct.pack("<B", 0) + struct.pack("<I", 4) + struct.pack("<f", float(i))
    return out + struct.pack("<I", 1) + text("alias") + text(names[0])


def test_truncated_model_keeps_the_first_encoder_layers(tmp_path: Path) -> None:
    names = ["decoder/layer_0/w", "encoder/conv1/weight"]
    names += [f"encoder/layer_{i}/ffn/w" for i in range(6)] + ["encoder/layer_norm/gamma"]
    base = tmp_path / "whisper-base"
    base.mkdir()
    (base / "model.bin").write_bytes(_fake_model_bin(names))
    (base / "config.json").write_text("{}")
    target = truncated_model(base, 4)
    assert target.name == "whisper-base-encoder4" and (target / "config.json").is_file()
    _, variables, tail = _variables((target / "model.bin").read_bytes())
    kept = [name for name, _ in variables]
    assert kept == [n for n in names if n not in ("encoder/layer_4/ffn/w", "encoder/layer_5/ffn/w")]
    assert struct.unpack_from("<I", tail)[0] == 1  # the alias block is kept intact
    assert _variables((base / "model.bin").read_bytes())[2] == tail
    assert truncated_model(base, 4) == target  # built once, then reused
    with pytest.raises(ModelUnavailableError):
        truncated_model(base, 7)


def _whisper_dir(folder: Path, head: LinearHead | None = None) -> Path:
    folder.mkdir(parents=True)
    (head or _head(512)).save(folder / HEAD_FILE)
    config = {"kind": KIND, "classes": [e.value for e in EMOTIONS],
              "encoder": EncoderConfig(layers=4).to_dict()}  # fmt: skip
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def test_auto_prefers_a_sibling_whisper_folder_and_cnn_is_explicit(tmp_path: Path) -> None:
    cnn = tmp_path / "models" / "voice_emotion"
    cnn.mkdir(parents=True)
    assert _runtime._candidates(cnn, "auto") == [("cnn", cnn)]  # no Whisper folder beside it
    whisper = _whisper_dir(tmp_path / "models" / "voice_emotion_whisper")
    assert _runtime._candidates(cnn, "auto") == [("whisper", whisper), ("cnn", cnn)]
    assert _runtime._candidates(whisper, "auto") == [("whisper", whisper), ("cnn", cnn)]
    assert _runtime._candidates(cnn, "cnn") == [("cnn", cnn)]
    assert _runtime._candidates(cnn, "whisper") == [("whisper", whisper)]
    with pytest.raises(ModelUnavailableError):
        _runtime._candidates(cnn, "transformer")


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").is_file(), reason="no shipped CNN")
def test_falls_back_to_the_cnn_without_faster_whisper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hamdel.perception.voice._whisper as w

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODEL_DIR, models / "voice_emotion",
                    ignore=shutil.ignore_patterns("*.pt", "eval"))  # fmt: skip
    _whisper_dir(models / "voice_emotion_whisper")
    monkeypatch.setattr(w, "whisper_available", lambda: False)
    model = VoiceEmotionModel.load(models / "voice_emotion")
    assert model.kind == "cnn"
    pred = model.predict(speechlike(2.0))
    assert set(pred.scores) == SIX
    with pytest.raises(ModelUnavailableError, match="faster-whisper"):
        VoiceEmotionModel.load(models / "voice_emotion", kind="whisper")


@needs_whisper
@needs_shipped
def test_shipped_whisper_model_is_the_default_and_predicts() -> None:
    model = VoiceEmotionModel.load()
    assert model.kind == "whisper" and model.folder == DEFAULT_WHISPER_DIR
    assert model.meta["encoder"]["layers"] == "4"
    pred = model.predict(speechlike(2.0))
    assert set(pred.scores) == SIX
    assert abs(sum(pred.scores.values()) - 1) < 1e-6
    assert pred.emotion.value == max(pred.scores, key=pred.scores.__getitem__)
    assert 1.0 < pred.speech_seconds <= 2.0
    assert set(pred.to_dict()) == {"emotion", "scores", "negative", "speech_seconds"}
    assert VoiceEmotionModel.load(kind="cnn").kind == "cnn"


@needs_whisper
def test_encoder_frames_cover_long_speech_in_30_s_chunks() -> None:
    from hamdel.perception.voice._whisper import WhisperEncoder

    encoder = WhisperEncoder.load(EncoderConfig(layers=2))
    frames = encoder.frames(speechlike(35.0))
    assert frames.shape == (1750, 512)  # 50 frames a second, across the 30 s boundary
    assert encoder.embed(speechlike(0.05)).shape == (512,)  # very short input is repeated


def test_measured_rows_use_the_cnn_folds() -> None:
    cnn_file = DEFAULT_MODEL_DIR / "eval" / "cv_ravdess.json"
    whisper_file = DEFAULT_WHISPER_DIR / "eval" / "cv_ravdess.json"
    if not (cnn_file.is_file() and whisper_file.is_file()):
        pytest.skip("no measured cross-validation files")
    cnn = json.loads(cnn_file.read_text())["models"]["cnn3"]["per_fold"]
    rows = json.loads(whisper_file.read_text())["models"]
    assert "whisper_base_L4_linear" in rows  # the shipped depth
    for row in rows.values():
        assert [f["test_speakers"] for f in row["per_fold"]] == [f["test_speakers"] for f in cnn]
