"""Corpus readers: ``prepare_<corpus>(root) -> list[ManifestRow]``, and manifest CSV I/O.

A manifest is a CSV with header ``path,emotion,speaker,language,corpus``; ``path`` is relative
to the manifest file. Rows keep the corpus's own label; :func:`map_speech_label` decides at
training and evaluation time which rows count (the rest are skipped and counted).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from hamdel.core.errors import InputError

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".opus", ".mp3", ".webm", ".m4a")
FIELDS = ("path", "emotion", "speaker", "language", "corpus")


@dataclass(frozen=True)
class ManifestRow:
    """One labelled recording. ``path`` is absolute once read."""

    path: Path
    emotion: str
    speaker: str = ""
    language: str = ""
    corpus: str = "generic"

    def to_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def read_manifest(manifest: str | Path) -> list[ManifestRow]:
    """Read a manifest CSV; paths are resolved against the manifest's folder."""
    manifest = Path(manifest)
    if not manifest.is_file():
        raise InputError(f"{manifest}: no such manifest")
    base = manifest.resolve().parent
    rows: list[ManifestRow] = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"path", "emotion"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"{manifest}: missing column(s) {', '.join(sorted(missing))}")
        for line, rec in enumerate(reader, start=2):
            if not rec.get("path") or not rec.get("emotion"):
                raise InputError(f"{manifest}:{line}: empty path or emotion")
            rows.append(
                ManifestRow(
                    path=(base / rec["path"]).resolve(),
                    emotion=rec["emotion"].strip(),
                    speaker=(rec.get("speaker") or "").strip(),
                    language=(rec.get("language") or "").strip(),
                    corpus=(rec.get("corpus") or "generic").strip() or "generic",
                )
            )
    return rows


def write_manifest(rows: list[ManifestRow], out: str | Path) -> Path:
    """Write rows as a manifest CSV with paths relative to ``out``'s folder."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    base = out.resolve().parent
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            rec = row.to_dict()
            rec["path"] = Path(_relpath(Path(row.path).resolve(), base)).as_posix()
            writer.writerow(rec)
    return out


def _relpath(path: Path, base: Path) -> str:
    import os

    return os.path.relpath(path, base)


def _audio_files(root: Path) -> list[Path]:
    if not root.is_dir():
        raise InputError(f"{root}: no such corpus folder")
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)


def _named(
    root: str | Path, name: re.Pattern[str], *, lower: bool = False
) -> Iterator[tuple[Path, re.Match[str]]]:
    """Each audio file below ``root`` whose name (without suffix; lower-cased with
    ``lower``) matches the corpus's naming pattern, with the match."""
    for path in _audio_files(Path(root)):
        m = name.match(path.stem.lower() if lower else path.stem)
        if m is not None:
            yield path, m


_RAVDESS_NAME = re.compile(r"^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$")


def prepare_ravdess(root: str | Path) -> list[ManifestRow]:
    """RAVDESS speech: names ``03-01-EE-II-SS-RR-AA`` (EE emotion code, AA actor)."""
    return [
        ManifestRow(path, m.group(3), f"Actor_{m.group(7)}", "en", "ravdess")
        for path, m in _named(root, _RAVDESS_NAME)
        if m.group(1) == "03"  # audio-only files; skip video and unrelated
    ]


_EMOVO_NAME = re.compile(r"^([a-z]{3})-([fm]\d)-([a-z]\d)$")


def prepare_emovo(root: str | Path) -> list[ManifestRow]:
    """EMOVO: names ``emo-speaker-sentence`` such as ``rab-f1-b1``."""
    return [
        ManifestRow(path, m.group(1), m.group(2), "it", "emovo")
        for path, m in _named(root, _EMOVO_NAME, lower=True)
    ]


_TUREV_NAME = re.compile(r"^(\d+)_([a-z]+)_")


def prepare_turevdb(root: str | Path) -> list[ManifestRow]:
    """TurEV-DB: class folders (Angry, Calm, Happy, Sad), names ``actor_code_word``."""
    return [
        ManifestRow(path, path.parent.name.lower(), m.group(1), "tr", "turevdb")
        for path, m in _named(root, _TUREV_NAME)
    ]


_SHEMO_NAME = re.compile(r"^([FM]\d\d)([AFHNSW])(\d\d)$")


def prepare_shemo(
    root: str | Path, labels: str | Path | None = None, *, corrected: bool = True
) -> list[ManifestRow]:
    """ShEMO: audio named ``F01A01.wav`` (speaker, emotion letter, index) plus a labels JSON.

    Parameters
    ----------
    root : str or Path
        Folder holding the audio (searched recursively).
    labels : str or Path, optional
        ``shemo_labels.json`` (id -> {speaker, emotion, emotion_filename}) or
        ``modified_shemo.json`` (``F01A01.wav`` -> {emotion, ...}). Without it, the letter in the
        file name is the label.
    corrected : bool
        Use the corrected label (Yazdani & Shekofteh 2022) rather than the file-name label.
    """
    table: dict[str, str] = {}
    if labels is not None:
        try:
            data = json.loads(Path(labels).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{labels}: unreadable ShEMO labels ({exc})") from exc
        key = "emotion" if corrected else "emotion_filename"
        for name, rec in data.items():
            label = rec.get(key) or rec.get("emotion")
            if label:
                table[Path(name).stem] = label
    rows = []
    for path, m in _named(root, _SHEMO_NAME):
        label = table.get(path.stem) if labels is not None else m.group(2)
        if label is None:
            continue  # audio without a label entry
        rows.append(ManifestRow(path, label, m.group(1), "fa", "shemo"))
    return rows


_EMODB_NAME = re.compile(r"^(\d\d)([a-z]\d\d)([WLEAFTN])([a-z])$")


def prepare_emodb(root: str | Path) -> list[ManifestRow]:
    """EmoDB (Berlin): names like ``03a01Fa.wav`` (speaker 03, text a01, emotion F, version a)."""
    return [
        ManifestRow(path, m.group(3), m.group(1), "de", "emodb")
        for path, m in _named(root, _EMODB_NAME)
    ]


PREPARERS = {
    "ravdess": prepare_ravdess,
    "emovo": prepare_emovo,
    "turevdb": prepare_turevdb,
    "shemo": prepare_shemo,
    "emodb": prepare_emodb,
}

__all__ = [
    "FIELDS",
    "PREPARERS",
    "ManifestRow",
    "prepare_emodb",
    "prepare_emovo",
    "prepare_ravdess",
    "prepare_shemo",
    "prepare_turevdb",
    "read_manifest",
    "write_manifest",
]
