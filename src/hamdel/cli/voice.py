"""``hamdel voice``: analyse recordings, build manifests, train, evaluate, cross-validate."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from hamdel.perception.voice import VoiceEmotionModel

app = typer.Typer(help="Emotion in the voice (six classes).", no_args_is_help=True)

CORPORA = ("ravdess", "emovo", "turevdb", "shemo", "emodb")
ManifestOpt = Annotated[
    Path, typer.Option("--manifest", help="CSV: path,emotion[,speaker,language,corpus]")
]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Model directory (default: the shipped model)")
]
LayersOpt = Annotated[
    int,
    typer.Option(
        "--layers",
        help="Whisper encoder layers to run (1-6; default 4, the shipped depth); 0 = pick 2-6 by "
        "inner speaker CV on the training data",
    ),
]
KindOpt = Annotated[
    str,
    typer.Option(
        "--kind",
        help="auto (Whisper-embedding model when it and faster-whisper are present, else the "
        "CNN), whisper or cnn",
    ),
]


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _recogniser(model: Path | None, kind: str) -> VoiceEmotionModel:
    """The voice model of ``--model`` and ``--kind``; a model that does not load ends the
    command (exit code 2)."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.voice import VoiceEmotionModel

    try:
        return VoiceEmotionModel.load(model, kind=kind)
    except HamdelError as exc:
        _fail(str(exc))


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(help="Audio (wav, flac, ogg, opus, mp3, webm)")],
    model: ModelOpt = None,
    windows: Annotated[bool, typer.Option("--windows", help="Timeline of windows")] = False,
    window_seconds: Annotated[float, typer.Option(help="Window length (s)")] = 4.0,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per file")] = False,
    kind: KindOpt = "auto",
) -> None:
    """Emotion of each file: emotion, scores for all six, negative flag, speech seconds."""
    from hamdel.cli._progress import track
    from hamdel.core.errors import HamdelError

    recogniser = _recogniser(model, kind)
    failed = 0
    for file in track(files, f"{len(files)} file(s)"):
        try:
            if windows:
                timeline = recogniser.predict_windows(file, window_seconds=window_seconds)
                result: dict[str, Any] = {"file": str(file),
                                          "windows": [w.to_dict() for w in timeline]}  # fmt: skip
            else:
                result = {"file": str(file), **recogniser.predict(file).to_dict()}
        except HamdelError as exc:
            failed += 1
            result = {"file": str(file), "error": str(exc)}
        if json_out:
            _echo_json(result)
        elif "error" in result:
            typer.echo(f"{file}: error: {result['error']}")
        elif windows:
            for w in result["windows"]:
                p = w["prediction"]
                label = f"{p['emotion']} ({max(p['scores'].values()):.2f})" if p else "-"
                typer.echo(f"{file} {w['start']:7.2f}-{w['end']:7.2f}s {label}")
        else:
            typer.echo(f"{file}: {result['emotion']} ({result['scores'][result['emotion']]:.2f})"
                       f"{' negative' if result['negative'] else ''}, "
                       f"{result['speech_seconds']:.1f} s of speech")  # fmt: skip
    if failed:
        raise typer.Exit(1)


@app.command()
def manifest(
    corpus: Annotated[str, typer.Argument(help=f"One of: {', '.join(CORPORA)}")],
    root: Annotated[Path, typer.Argument(help="Corpus folder")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Manifest CSV to write")],
    labels: Annotated[Path | None, typer.Option(help="ShEMO labels JSON")] = None,
) -> None:
    """Build a manifest CSV (path,emotion,speaker,language,corpus) from a corpus folder."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.voice import prepare_shemo, write_manifest
    from hamdel.perception.voice.train import PREPARERS

    if corpus not in CORPORA:
        _fail(f"unknown corpus {corpus!r}; choose one of {', '.join(CORPORA)}")
    try:
        rows = prepare_shemo(root, labels) if corpus == "shemo" else PREPARERS[corpus](root)
    except HamdelError as exc:
        _fail(str(exc))
    if not rows:
        _fail(f"{root}: no {corpus} recordings found")
    write_manifest(rows, out)
    typer.echo(f"{len(rows)} rows -> {out}")


def _train_config(epochs: int, seed: int) -> Any:
    from hamdel.perception.voice.train import TrainConfig

    # early stopping waits for 60 % of the one-cycle schedule
    return TrainConfig(epochs=epochs, min_epochs=max(1, int(0.6 * epochs)), seed=seed)


def _clips(manifest_path: Path, min_speech: float | None = None) -> Any:
    from hamdel.cli._progress import track
    from hamdel.core.errors import HamdelError
    from hamdel.perception.voice import AudioLimits, read_manifest
    from hamdel.perception.voice.train import CLASSES, TRAIN_LIMITS, load_clips

    limits = (
        TRAIN_LIMITS
        if min_speech is None
        else AudioLimits(min_speech_seconds=min_speech, max_seconds=TRAIN_LIMITS.max_seconds)
    )
    try:
        rows = read_manifest(manifest_path)
        return load_clips(list(track(rows, f"reading {len(rows)} recordings")), CLASSES, limits)
    except HamdelError as exc:
        _fail(str(exc))


def _layers(layers: int) -> tuple[int, ...]:
    from hamdel.perception.voice.train import LAYER_CHOICES

    if layers == 0:
        return LAYER_CHOICES
    if not 1 <= layers <= 6:
        _fail("--layers must be 0 (choose) or 1-6")
    return (layers,)


@app.command()
def train(
    manifest_path: ManifestOpt,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write")],
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping)")] = 40,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    kind: Annotated[
        str, typer.Option("--kind", help="cnn (ONNX) or whisper (Whisper-base embeddings + head)")
    ] = "cnn",
    layers: LayersOpt = 4,
) -> None:
    """Train the three-block CNN (ONNX + config.json) or the Whisper-embedding head
    (head.npz + config.json) and write it to --out."""
    from hamdel.perception.voice.train import CLASSES, export_model, train_cnn

    if kind not in ("cnn", "whisper"):
        _fail("--kind must be cnn or whisper")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    clips = _clips(manifest_path)
    if kind == "whisper":
        from hamdel.perception.voice.train import (
            EncoderConfig,
            HeadConfig,
            export_head,
            train_whisper_head,
        )

        head_config = HeadConfig(seed=seed)
        head, encoder_config, info = train_whisper_head(
            clips, encoder_config=EncoderConfig(), config=head_config, layers=_layers(layers)
        )
        export_head(head, out, CLASSES, encoder_config,
                    {"head": {**head_config.to_dict(), **info},
                     "training": {"manifest": str(manifest_path), "n_train_clips": len(clips),
                                  "skipped": dict(clips.skipped)}})  # fmt: skip
        typer.echo(f"trained the Whisper head on {len(clips)} clips ({info['layers']} encoder "
                   f"layers, C={info['C']}) -> {out}")  # fmt: skip
        return
    result = train_cnn(clips, _train_config(epochs, seed))
    export_model(result, out, {"manifest": str(manifest_path), "n_train_clips": len(clips),
                               "skipped": dict(clips.skipped)})  # fmt: skip
    typer.echo(f"trained on {len(clips)} clips (best epoch {result.best_epoch}) -> {out}")


@app.command("eval")
def evaluate(
    manifest_path: ManifestOpt,
    model: ModelOpt = None,
    min_speech: Annotated[float, typer.Option(help="Least speech (s) to score a clip")] = 0.5,
    json_out: Annotated[bool, typer.Option("--json/--table", help="JSON metrics")] = True,
    kind: KindOpt = "auto",
) -> None:
    """Accuracy, UAR, macro-F1, per-class and confusion of a model on a manifest."""
    import time

    from hamdel.core.metrics import classification_report

    recogniser = _recogniser(model, kind)
    clips = _clips(manifest_path, min_speech)
    started = time.perf_counter()
    predicted = [
        recogniser.classes[int(recogniser.probabilities(s).argmax())] for s in clips.speech
    ]
    seconds = time.perf_counter() - started
    truth = [recogniser.classes[i] for i in clips.labels]
    report = classification_report(truth, predicted, recogniser.classes).to_voice_dict()
    report["model_kind"] = recogniser.kind
    report["skipped"] = sum(clips.skipped.values())
    report["skipped_by_reason"] = dict(clips.skipped)
    audio_s = sum(s.size for s in clips.speech) / 16_000
    report["ms_per_audio_second"] = round(1000 * seconds / max(audio_s, 1e-9), 2)
    if json_out:
        _echo_json(report)
    else:
        typer.echo(f"n={report['n']} skipped={report['skipped']} acc={report['accuracy']:.3f} "
                   f"uar={report['uar']:.3f} macro_f1={report['macro_f1']:.3f}")  # fmt: skip


@app.command()
def cv(
    manifest_path: ManifestOpt,
    folds: Annotated[int, typer.Option("--folds", help="Number of speaker folds")] = 5,
    by: Annotated[str, typer.Option("--by", help="Grouping: speaker")] = "speaker",
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Also openSMILE eGeMAPS + SVM")
    ] = True,
    cnn: Annotated[bool, typer.Option("--cnn/--no-cnn", help="Run the CNN")] = True,
    whisper: Annotated[
        bool, typer.Option("--whisper/--no-whisper", help="Run Whisper-base embeddings + head")
    ] = False,
    layers: LayersOpt = 4,
    epochs: Annotated[int, typer.Option(help="Most CNN epochs per fold")] = 40,
    seed: Annotated[int, typer.Option(help="Random seed (folds and training)")] = 0,
    out: Annotated[Path | None, typer.Option("--out", help="Write the full JSON here")] = None,
    jobs: Annotated[int, typer.Option("--jobs", help="Folds trained in parallel")] = 1,
) -> None:
    """Speaker-independent k-fold cross-validation; prints mean ± std per model as JSON."""
    from hamdel.perception.voice.train import CLASSES, cross_validate

    if by != "speaker":
        _fail("only --by speaker is supported (anything else leaks speakers)")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    clips = _clips(manifest_path)
    config = _train_config(epochs, seed)

    from functools import partial

    from hamdel.perception.voice.train import cnn_predictor, svm_predictor, whisper_predictor

    predictors: dict[str, Any] = {}
    if cnn:
        predictors["cnn3"] = partial(cnn_predictor, config)
    if whisper:
        from hamdel.perception.voice.train import EncoderConfig

        depth = "auto" if layers == 0 else str(layers)
        predictors[f"whisper_base_L{depth}_linear"] = partial(
            whisper_predictor, EncoderConfig(), _layers(layers)
        )
    if baseline:
        predictors["egemaps_svm"] = partial(svm_predictor, seed)
    report = cross_validate(clips, folds, predictors, CLASSES, seed, jobs=jobs)
    report["skipped"] = sum(clips.skipped.values())
    report["manifest"] = str(manifest_path)
    if out:
        out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    _echo_json({"n": report["n"], "skipped": report["skipped"], "folds": folds,
                **{name: m["summary"] for name, m in report["models"].items()}})  # fmt: skip
