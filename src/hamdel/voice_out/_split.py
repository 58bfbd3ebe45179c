"""Cut text for synthesis: sentences grouped into chunks, and runs of one script (Latin/Persian)."""

from __future__ import annotations

import re

MAX_CHUNK_CHARS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?؟;؛…])\s+|\n+")
_CLAUSE_END = re.compile(r"(?<=[,،:])\s+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def _pieces(sentence: str, limit: int) -> list[str]:
    """A sentence longer than ``limit`` is cut at clause marks, then at spaces."""
    if len(sentence) <= limit:
        return [sentence]
    out: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        while len(clause) > limit:
            cut = clause.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            out.append(clause[:cut].strip())
            clause = clause[cut:].strip()
        if clause:
            out.append(clause)
    return out


def chunk_sentences(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Group whole sentences into chunks of at most ``limit`` characters."""
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        for piece in _pieces(sentence.strip(), limit):
            if not piece:
                continue
            if current and len(current) + 1 + len(piece) > limit:
                chunks.append(current)
                current = piece
            else:
                current = f"{current} {piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def script_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """Split into ``(language, text)`` runs: Latin letters are English, Arabic-script letters
    Persian; everything else (spaces, punctuation) stays with the run it is in."""
    runs: list[tuple[str, str]] = []
    current_lang, start = lang, 0
    for i, ch in enumerate(text):
        if _ARABIC_LETTER.match(ch):
            ch_lang = "fa"
        elif _LATIN_LETTER.match(ch):
            ch_lang = "en"
        else:
            continue
        if ch_lang != current_lang:
            if _ARABIC_LETTER.search(text[start:i]) or _LATIN_LETTER.search(text[start:i]):
                runs.append((current_lang, text[start:i]))
                start = i
            current_lang = ch_lang
    if text[start:].strip():
        runs.append((current_lang, text[start:]))
    merged: list[tuple[str, str]] = []
    for run_lang, run in runs:
        if merged and merged[-1][0] == run_lang:
            merged[-1] = (run_lang, merged[-1][1] + run)
        else:
            merged.append((run_lang, run))
    return [(run_lang, run.strip()) for run_lang, run in merged]


__all__ = ["MAX_CHUNK_CHARS", "chunk_sentences", "script_runs"]
