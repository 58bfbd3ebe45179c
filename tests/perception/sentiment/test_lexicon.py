from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.perception.sentiment import Lexicon, Sentimeter
from hamdel.perception.sentiment.lexicon import DATA_DIR
from hamdel.perception.sentiment.lexipers import lexipers_entries, write_lexipers_tsv


def test_english_lexicon_holds_afinn_and_our_ngrams(en: Sentimeter) -> None:
    lex = en.lexicon
    assert len(lex.unigrams) > 3300  # AFINN-165 has 3,382 entries
    assert lex.unigrams["good"] == 3.0 and lex.unigrams["bastard"] == -5.0  # AFINN values
    assert lex.bigrams["can't wait"] == 3.0  # ours
    assert lex.trigrams["no one cares"] == -3.0
    assert any(s.startswith("afinn:") for s in lex.sources)


def test_afinn_wins_over_our_unigram_additions(en: Sentimeter) -> None:
    # "silly" is -1 in AFINN; our additions never override AFINN
    assert en.lexicon.unigrams["silly"] == -1.0


def test_persian_lexicon_expands_forms(fa: Sentimeter) -> None:
    uni = fa.lexicon.unigrams
    for form in ("خوشحال", "خوشحالم", "خوشحالیم", "خوشحالتر", "دردم", "غمها"):
        assert form in uni, form
    assert "بده" not in uni  # "give!" is a listed collision, not a form of "بد"


def test_unknown_language_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="language"):
        Lexicon.load("de")
    with pytest.raises(ModelUnavailableError):
        Lexicon.load("en", tmp_path / "nowhere")


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "sentiment"
    shutil.copytree(DATA_DIR, data)
    with (data / "en_ngrams.tsv").open("a", encoding="utf-8") as handle:
        handle.write("good grief\tlots\n")
    with pytest.raises(InputError, match=r"en_ngrams.tsv:\d+"):
        Lexicon.load("en", data)
    (data / "en_ngrams.tsv").write_text("way too good\t9\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside"):
        Lexicon.load("en", data)


LEXIPERS = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<Synsets>
  <Synset ID="1" Sense="شاد,خرسند" Label="+1" />
  <Synset ID="2" Sense="غمگين,دلتنگ" Label="-1" />
  <Synset ID="3" Sense="سرد" Label="+1" />
  <Synset ID="4" Sense="سرد,بي‌احساس" Label="-1" />
  <Synset ID="5" Sense="داخلي" Label="0" />
</Synsets>
"""


def test_lexipers_import(tmp_path: Path) -> None:
    xml = tmp_path / "adj.xml"
    xml.write_text(LEXIPERS, encoding="utf-8")
    entries = dict(lexipers_entries(xml, exclude=frozenset({"خرسند"})))
    assert entries == {"شاد": 2.0, "غمگین": -2.0, "دلتنگ": -2.0, "بی‌احساس": -2.0}
    out = tmp_path / "fa_lexipers.tsv"
    assert write_lexipers_tsv(xml, out) == 5
    assert "Sabeti" in out.read_text(encoding="utf-8")


def test_lexipers_import_refuses_bad_xml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Synsets>", encoding="utf-8")
    with pytest.raises(InputError):
        lexipers_entries(bad)
