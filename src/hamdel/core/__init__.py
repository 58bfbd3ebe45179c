"""The core vocabulary every part of hamdel shares: emotions, languages, errors, settings."""

from hamdel.core.emotions import EMOTIONS, NEGATIVE_EMOTIONS, Emotion, is_negative
from hamdel.core.errors import (
    AudioError,
    AuthError,
    ConfigError,
    ConflictError,
    ConsentError,
    HamdelError,
    InputError,
    JobError,
    ModelUnavailableError,
    NotFoundError,
    TextError,
)
from hamdel.core.languages import Language, direction

__all__ = [
    "EMOTIONS",
    "NEGATIVE_EMOTIONS",
    "AudioError",
    "AuthError",
    "ConfigError",
    "ConflictError",
    "ConsentError",
    "Emotion",
    "HamdelError",
    "InputError",
    "JobError",
    "Language",
    "ModelUnavailableError",
    "NotFoundError",
    "TextError",
    "direction",
    "is_negative",
]
