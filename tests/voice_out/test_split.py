"""Sentence chunks and script runs; the public export list."""

from __future__ import annotations

import random

import hamdel.voice_out as voice_out
from hamdel.voice_out._split import chunk_sentences, script_runs


def test_chunks_keep_sentences_whole_and_lose_nothing() -> None:
    rng = random.Random(1)
    words = ["calm", "breath", "slowly", "آرام", "نفس"]
    sentences = [" ".join(rng.choices(words, k=rng.randint(1, 12))) + rng.choice(".!?؟") for _ in
                 range(200)]  # fmt: skip
    text = " ".join(sentences)
    chunks = chunk_sentences(text, limit=120)
    assert all(len(c) <= 120 for c in chunks)
    assert " ".join(chunks).split() == text.split()
    assert all(c[-1] in ".!?؟" for c in chunks)


def test_overlong_sentence_is_cut_at_spaces() -> None:
    chunks = chunk_sentences("word " * 300, limit=50)
    assert all(len(c) <= 50 for c in chunks) and sum(len(c.split()) for c in chunks) == 300


def test_script_runs() -> None:
    assert script_runs("I said سلام to her.", "en") == [
        ("en", "I said"), ("fa", "سلام"), ("en", "to her."),
    ]  # fmt: skip
    assert script_runs("... ok", "fa") == [("en", "... ok")]
    assert script_runs("خوبم، thanks!", "fa") == [("fa", "خوبم،"), ("en", "thanks!")]


def test_exported_members() -> None:
    for name in voice_out.__all__:
        assert hasattr(voice_out, name), name
