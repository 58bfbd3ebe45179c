from __future__ import annotations

import pytest

from hamdel.core.errors import TextError
from hamdel.perception.text.normalize import (
    MAX_CHARS,
    ZWNJ,
    clean_input,
    detect_language,
    is_emoji_token,
    normalize,
    tokenize,
)


def test_persian_letters_and_digits_are_unified() -> None:
    assert normalize("كيك") == "کیک"
    assert normalize("۱۲۳ ٤٥٦") == "123 456"


def test_diacritics_and_tatweel_are_removed() -> None:
    assert normalize("سَلامـــ") == "سلام"


def test_zwnj_is_kept_and_spaced_prefix_is_joined() -> None:
    assert normalize("می خواهم") == f"می{ZWNJ}خواهم"
    assert normalize(f"کتاب{ZWNJ}{ZWNJ} ها") == f"کتاب{ZWNJ}ها"
    assert normalize("کتاب ها") == f"کتاب{ZWNJ}ها"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I feel fine", "en"),
        ("حالم خوب است", "fa"),
        ("امروز meeting داشتم with boss", "mixed"),
        ("😀😀", "unknown"),
        ("12345", "unknown"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_emoji_and_emoticons_are_tokens() -> None:
    toks = tokenize("So happy :) 😀 ❤️ <3")
    assert toks == ["so", "happy", ":)", "😀", "❤️", "<3"]
    assert is_emoji_token("😀") and is_emoji_token(":(") and not is_emoji_token("sad")


@pytest.mark.parametrize("bad", ["", "   \n\t ", "\x00\x01"])
def test_empty_input_raises_text_error(bad: str) -> None:
    with pytest.raises(TextError, match="empty"):
        clean_input(bad)


def test_wrong_encoding_bytes_raise_text_error() -> None:
    with pytest.raises(TextError, match="UTF-8"):
        clean_input("سلام".encode("cp1256"))
    assert clean_input(b"hello") == "hello"


def test_non_text_raises_text_error() -> None:
    with pytest.raises(TextError):
        clean_input(42)


def test_huge_text_is_cut_not_crashing() -> None:
    text = "word " * 250_000  # ~1.25 MB
    out = clean_input(text)
    assert len(out) <= MAX_CHARS
    assert out.endswith("word")


def test_control_characters_become_spaces() -> None:
    assert clean_input("a\x07b") == "a b"
