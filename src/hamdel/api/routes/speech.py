"""/api/speak: a reply (or any short text) spoken aloud in English or Persian."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import StringConstraints

from hamdel.core.errors import ModelUnavailableError, TextError
from hamdel.server.deps import CurrentPrincipal, State
from hamdel.server.schemas import Input, Lang
from hamdel.voice_out import prepare_text

router = APIRouter(tags=["speech"])
# A reply is a few hundred characters; 1,500 is ~90 s of speech (~9 s of Piper on one core).
MAX_SPOKEN_CHARS = 1_500
MAX_SPOKEN_WORDS = 300
"""Work is bounded by what is said: 1,500 zeros are 1,500 spoken words."""


class SpeakIn(Input):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_SPOKEN_CHARS)]
    language: Lang
    format: Literal["ogg", "wav"] = "ogg"


@router.post(
    "/api/speak",
    response_class=Response,
    responses={
        200: {
            "content": {"audio/ogg": {}, "audio/wav": {}},
            "description": "The spoken text (OGG/Opus or 16-bit PCM WAV)",
        },
        422: {"description": "Nothing to say (empty, only emoji) or the text is too long"},
        503: {"description": "No voice installed for the language (see `hamdel doctor`)"},
    },
)
def speak(
    body: SpeakIn,
    principal: CurrentPrincipal,
    state: State,
) -> Response:
    """Speak ``text`` in ``language`` with the best installed voice (Piper for English, MBROLA
    for Persian). The voice used is named in the ``X-Hamdel-Voice`` header."""
    speaker = state.components.speaker
    if speaker is None:
        raise ModelUnavailableError("no text-to-speech voice is installed (see `hamdel doctor`)")
    words = len(prepare_text(body.text, body.language).split())
    if words > MAX_SPOKEN_WORDS:
        raise TextError(
            f"too long to speak: {words} words once numbers are read out (limit {MAX_SPOKEN_WORDS})"
        )
    audio = speaker.speak(body.text, body.language, format=body.format)
    return Response(
        content=audio.data,
        media_type=audio.mime_type,
        headers={"X-Hamdel-Voice": audio.voice_id, "Cache-Control": "private, no-store"},
    )
