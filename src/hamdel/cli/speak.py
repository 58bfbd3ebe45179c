"""``hamdel speak "text" --lang fa -o out.wav``: text to speech (WAV or OGG/Opus)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

app = typer.Typer(
    help="Speak text aloud into a WAV or OGG/Opus file (English or Persian).",
    context_settings={"allow_interspersed_args": True},
    subcommand_metavar="",
)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.callback(invoke_without_command=True)
def speak(
    text: Annotated[str | None, typer.Argument(help="What to say; '-' reads stdin")] = None,
    lang: Annotated[str, typer.Option("--lang", "-l", help="en or fa")] = "en",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Audio file (.wav, .ogg or .opus)")
    ] = None,
    voice: Annotated[str | None, typer.Option("--voice", help="Voice id (default: best)")] = None,
    models_dir: Annotated[
        Path | None, typer.Option("--models-dir", help="Folder with voices/ (default: settings)")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read/write the cache")
    ] = False,
    list_voices: Annotated[
        bool, typer.Option("--list-voices", help="List voices and exit")
    ] = False,
    fast: Annotated[
        bool, typer.Option("--fast", help="Prefer fast voices (MBROLA, espeak-ng) over neural")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Speak TEXT into a file; numbers, dates and abbreviations are read out in words."""
    from hamdel.core.errors import HamdelError
    from hamdel.core.settings import get_settings
    from hamdel.voice_out import Speaker

    settings = get_settings()
    speaker = Speaker.load(
        models_dir or settings.models_dir,
        None if no_cache else settings.cache_dir,
        prefer="speed" if fast else "quality",
    )
    if list_voices:
        voices = speaker.available_voices()
        if json_out:
            typer.echo(json.dumps([v.to_dict() for v in voices], ensure_ascii=False, indent=2))
            return
        for v in voices:
            mark = "ok " if v.available else "-- "
            typer.echo(f"{mark}{v.language}  {v.voice_id:32s} {v.why}")
        return
    if text is None:
        _fail("give the text to speak (or --list-voices)")
    if output is None:
        _fail("give the output file with -o (for example -o out.wav)")
    assert text is not None and output is not None
    if text == "-":
        text = sys.stdin.read()
    suffix = output.suffix.lower()
    if suffix not in (".wav", ".ogg", ".opus"):
        _fail(f"output must end in .wav, .ogg or .opus, not {output.name!r}")
    fmt: Literal["wav", "ogg"] = "wav" if suffix == ".wav" else "ogg"
    try:
        audio = speaker.speak(text, lang, format=fmt, voice=voice)
        output.write_bytes(audio.data)
    except HamdelError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}")
    summary = {"file": str(output), **audio.to_dict()}
    if json_out:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        typer.echo(f"{output}: {audio.seconds:.1f} s, voice {audio.voice_id}")
