"""``hamdel transcribe FILE --json``: speech to text (faster-whisper, offline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Write down what is said in a recording (English or Persian).",
    context_settings={"allow_interspersed_args": True},
    subcommand_metavar="",
)


@app.callback(invoke_without_command=True)
def transcribe(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Audio files (wav, ogg, webm, ...)")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", "-l", help="en, fa or auto")] = "auto",
    model: Annotated[
        Path | None, typer.Option("--model", help="faster-whisper folder (default: Whisper base)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per file")] = False,
) -> None:
    """Transcribe each FILE; a file that fails gets an error line and exit status 1."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.transcribe import Transcriber

    if not files:
        typer.echo("error: give at least one audio file", err=True)
        raise typer.Exit(2)
    try:
        transcriber = Transcriber.load(model)
    except HamdelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    from hamdel.cli._progress import track

    failed = 0
    for file in track(files, f"{len(files)} file(s)"):
        try:
            result = {"file": str(file), **transcriber.transcribe(file, lang).to_dict()}
        except HamdelError as exc:
            failed += 1
            result = {"file": str(file), "error": str(exc)}
        if json_out:
            typer.echo(json.dumps(result, ensure_ascii=False))
        elif "error" in result:
            typer.echo(f"{file}: error: {result['error']}", err=True)
        else:
            typer.echo(f"{file} [{result['language']}]: {result['text']}")
    if failed:
        raise typer.Exit(1)
