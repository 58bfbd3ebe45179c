"""Which Whisper transcribes which language, lazy loading, the fallback to base, and the check
that refuses a partial model.bin (fake models and tiny files: no faster-whisper needed)."""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.perception.transcribe import _files, _transcriber
from hamdel.perception.transcribe._transcriber import MODEL_FOR_LANGUAGE, Transcriber

SPEECH = np.zeros(16_000, np.float32)


class FakeWhisper:
    """Answers like faster-whisper's WhisperModel, saying which model it is."""

    def __init__(self, name: str, detect: str = "fa") -> None:
        self.name = name
        self.detect = detect
        self.calls: list[str] = []

    def transcribe(self, samples: np.ndarray, language: str, **_: Any) -> tuple[list[Any], None]:
        self.calls.append(language)
        seg = SimpleNamespace(start=0.0, end=1.0, text=f" {self.name} {language} ",
                              avg_logprob=-0.2, no_speech_prob=0.01)  # fmt: skip
        return [seg], None

    def detect_language(self, samples: np.ndarray) -> tuple[str, float, list[tuple[str, float]]]:
        other = "en" if self.detect == "fa" else "fa"
        return self.detect, 0.9, [(self.detect, 0.9), (other, 0.05)]


class Loader:
    def __init__(self, fail: set[str] | None = None) -> None:
        self.fail = fail or set()
        self.loaded: list[str] = []
        self.models: dict[str, FakeWhisper] = {}

    def __call__(self, name: str) -> tuple[FakeWhisper, Path]:
        self.loaded.append(name)
        if name in self.fail:
            raise ModelUnavailableError(f"Whisper {name} packages incomplete")
        self.models[name] = FakeWhisper(name)
        return self.models[name], Path(f"/models/whisper-{name}")


def _transcriber_with(choice: dict[str, str], loader: Loader) -> Transcriber:
    base, folder = loader("base")
    return Transcriber(base, folder, choice=choice, loader=loader)


def test_shipped_choice_is_base_for_both_languages() -> None:
    # Whisper small could not be measured (partial on PyPI): base until it is
    assert MODEL_FOR_LANGUAGE == {"en": "base", "fa": "base"}


def test_each_language_gets_its_model_loaded_lazily_once() -> None:
    loader = Loader()
    t = _transcriber_with({"en": "base", "fa": "small"}, loader)
    assert loader.loaded == ["base"]  # small not loaded before a Persian note
    en = t.transcribe(SPEECH, lang="en")
    assert en.model == "base" and en.text == "base en" and en.notes == ()
    assert loader.loaded == ["base"]
    fa = t.transcribe(SPEECH, lang="fa")
    assert fa.model == "small" and fa.text == "small fa" and fa.notes == ()
    t.transcribe(SPEECH, lang="fa")
    assert loader.loaded == ["base", "small"]  # loaded once
    assert loader.models["small"].calls == ["fa", "fa"] and loader.models["base"].calls == ["en"]


def test_auto_detects_with_base_then_uses_the_languages_model() -> None:
    loader = Loader()
    t = _transcriber_with({"fa": "small"}, loader)
    result = t.transcribe(SPEECH, lang="auto")
    assert result.language == "fa" and result.model == "small"
    assert result.language_probability == pytest.approx(0.9 / 0.95)


def test_missing_model_falls_back_to_base_with_a_note_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loader = Loader(fail={"small"})
    t = _transcriber_with({"fa": "small"}, loader)
    with caplog.at_level(logging.WARNING, logger=_transcriber.__name__):
        first = t.transcribe(SPEECH, lang="fa")
        second = t.transcribe(SPEECH, lang="fa")
    for result in (first, second):
        assert result.model == "base" and result.text == "base fa"
        assert len(result.notes) == 1 and "Whisper small" in result.notes[0]
        assert "incomplete" in result.notes[0]
    assert loader.loaded == ["base", "small"]  # the failure is remembered, not retried
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "small" in warnings[0].getMessage()
    assert t.transcribe(SPEECH, lang="en").notes == ()  # English is not affected
    assert first.to_dict()["model"] == "base" and first.to_dict()["notes"] == list(first.notes)


def test_load_joins_base_now_and_the_chosen_model_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base_dir = tmp_path / "whisper-base"
    base_dir.mkdir()
    for name in _files.REQUIRED:
        (base_dir / name).write_text("x")
    monkeypatch.setattr(
        _files, "default_model_dir", lambda name="base": tmp_path / f"whisper-{name}"
    )
    loaded: list[Path] = []

    def load_folder(folder: Path, threads: int, compute: str) -> FakeWhisper:
        loaded.append(folder)
        return FakeWhisper(folder.name)

    monkeypatch.setattr(_transcriber, "_load_folder", load_folder)

    def absent(module: str) -> object:
        raise ImportError(module)

    monkeypatch.setattr(_files.importlib, "import_module", absent)  # no small wheel installed
    t = Transcriber.load(models={"en": "base", "fa": "small"})
    assert loaded == [base_dir] and t.model_dir == base_dir
    result = t.transcribe(SPEECH, lang="fa")
    assert result.model == "base" and "not installed" in result.notes[0]
    assert Transcriber.load().choice == MODEL_FOR_LANGUAGE
    with pytest.raises(InputError, match="large"):
        Transcriber.load(models={"fa": "large"})
    with pytest.raises(InputError, match="de"):
        Transcriber.load(models={"de": "base"})


def test_an_explicit_folder_transcribes_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my-whisper"
    folder.mkdir()
    for name in _files.REQUIRED:
        (folder / name).write_text("x")
    monkeypatch.setattr(_transcriber, "_load_folder", lambda f, *_: FakeWhisper(f.name))
    t = Transcriber.load(folder)
    assert t.transcribe(SPEECH, lang="fa").model == "my-whisper"
    assert t.transcribe(SPEECH, lang="en").notes == ()


# ------------------------------------------------------------------ model.bin completeness


def _model_bin(variables: list[tuple[str, tuple[int, ...], bytes]]) -> bytes:
    def string(text: str) -> bytes:
        raw = text.encode() + b"\0"
        return struct.pack("<H", len(raw)) + raw

    out = struct.pack("<I", 6) + string("WhisperSpec") + struct.pack("<II", 3, len(variables))
    for name, shape, data in variables:
        out += string(name) + struct.pack("<B", len(shape))
        out += b"".join(struct.pack("<I", d) for d in shape)
        out += struct.pack("<BI", 4, len(data)) + data
    return out + struct.pack("<I", 1) + string("decoder/projection") + string("decoder/emb")


VARIABLES = [("decoder/emb", (4, 8), b"\1" * 64), ("encoder/conv", (8,), b"\2" * 16),
             ("encoder/norm", (8,), b"\3" * 16)]  # fmt: skip


def _split(data: bytes, folder: Path, cuts: list[int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    bounds = [0, *cuts, len(data)]
    parts = []
    for i in range(len(bounds) - 1):
        part = folder / f"model.bin.part{i + 1}"
        part.write_bytes(data[bounds[i] : bounds[i + 1]])
        parts.append(part)
    return parts


def test_layout_is_read_across_parts(tmp_path: Path) -> None:
    data = _model_bin(VARIABLES)
    parts = _split(data, tmp_path, [30, 31, 100])  # cuts inside names, sizes and weights
    layout = _files.model_bin_layout(parts)
    assert layout == [("decoder/emb", (4, 8), 4), ("encoder/conv", (8,), 4),
                      ("encoder/norm", (8,), 4)]  # fmt: skip


def test_a_truncated_model_bin_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _model_bin(VARIABLES)
    cut = data.index(b"\2" * 16) + 5  # inside encoder/conv's weights
    parts = _split(data[:cut], tmp_path / "one", [40])
    with pytest.raises(ModelUnavailableError, match=r"truncated.*encoder/conv"):
        _files.model_bin_layout(parts)
    assert [v[0] for v in _files.model_bin_layout(parts, strict=False)] == ["decoder/emb"]
    meta = tmp_path / "meta"
    meta.mkdir()
    for name in _files.META:
        (meta / name).write_text("{}")
    monkeypatch.setattr(_files, "part_files", lambda name="base": (parts, [tmp_path, meta]))
    with pytest.raises(ModelUnavailableError, match=r"Whisper small.*truncated"):
        _files.package_parts("small")
    assert _files.package_status("small").startswith("unusable: ")
    with pytest.raises(ModelUnavailableError, match="truncated"):
        _files.assemble_whisper("small", tmp_path / "cache" / "whisper-small")
    assert not (tmp_path / "cache" / "whisper-small").exists()  # nothing half-joined


def test_a_whole_small_is_joined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _model_bin(VARIABLES)
    parts = _split(data, tmp_path / "parts", [50, 90])
    meta = tmp_path / "parts"
    for name in _files.META:
        (meta / name).write_text("{}")
    monkeypatch.setattr(_files, "part_files", lambda name="base": (parts, [meta]))
    assert _files.package_status("small") == "complete"
    target = _files.assemble_whisper("small", tmp_path / "cache" / "whisper-small")
    assert (target / "model.bin").read_bytes() == data and _files.is_model_dir(target)


def test_parts_out_of_sequence_or_without_tokenizer_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _model_bin(VARIABLES)
    parts = _split(data, tmp_path, [50, 90])
    monkeypatch.setattr(
        _files, "part_files", lambda name="base": ([parts[0], parts[2]], [tmp_path])
    )
    with pytest.raises(ModelUnavailableError, match="incomplete"):
        _files.package_parts("small")
    monkeypatch.setattr(_files, "part_files", lambda name="base": (parts, [tmp_path]))
    with pytest.raises(ModelUnavailableError, match="tokenizer"):
        _files.package_parts("small")
    with pytest.raises(ModelUnavailableError, match="unknown Whisper model"):
        _files.default_model_dir("huge")
