"""WER/CER and the Whisper part-joining (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.core.errors import ModelUnavailableError
from hamdel.perception import transcribe
from hamdel.perception.transcribe import _files, char_error_rate, word_error_rate
from hamdel.perception.transcribe.metrics import edit_distance, normalize_for_scoring


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance([], ["a"]) == 1 and edit_distance(["a"], []) == 1


def test_word_error_rate_ignores_case_and_punctuation() -> None:
    assert word_error_rate(["Hello, how are you?"], ["hello how are you"]) == 0.0
    assert word_error_rate(["I am sure it is fine"], ["I'm sure it's fine."]) == 0.0
    assert word_error_rate(["the cat sat"], ["the cat sat down"]) == pytest.approx(1 / 3)
    assert word_error_rate(["a b", "c d"], ["a x", "c d"]) == pytest.approx(1 / 4)


def test_char_error_rate_on_persian_spellings() -> None:
    # Arabic yeh/kaf, ZWNJ vs space and punctuation are not errors
    assert char_error_rate(["می‌خواهم کتاب"], ["مي خواهم كتاب."]) == 0.0
    assert char_error_rate(["سلام"], ["سلم"]) == pytest.approx(1 / 4)
    assert normalize_for_scoring("آرام، خوبم!") == "ارام خوبم"


def test_mismatched_lengths_refused() -> None:
    with pytest.raises(ValueError):
        word_error_rate(["a"], [])


def test_joining_parts_is_byte_exact_and_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "p1", tmp_path / "p2"
    one.mkdir()
    two.mkdir()
    (one / "model.bin.part1").write_bytes(b"A" * 1000)
    (two / "model.bin.part2").write_bytes(b"B" * 10)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (two / name).write_text("{}")
    parts = [one / "model.bin.part1", two / "model.bin.part2"]
    monkeypatch.setattr(_files, "package_parts", lambda: (parts, two))
    target = _files.assemble_whisper_base(tmp_path / "cache" / "whisper-base")
    assert (target / "model.bin").read_bytes() == b"A" * 1000 + b"B" * 10
    assert _files.is_model_dir(target)
    assert [p.name for p in target.parent.iterdir()] == ["whisper-base"]  # no staging left


def test_missing_packages_say_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(_files.importlib, "import_module", absent)
    with pytest.raises(ModelUnavailableError, match=r"hamdel\[speech\]"):
        _files.package_parts()


def test_exported_members() -> None:
    for name in transcribe.__all__:
        assert hasattr(transcribe, name), name
