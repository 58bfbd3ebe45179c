"""``hamdel heart``: HRV windows and stress from RR/ECG/PPG files; baseline, train, eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

if TYPE_CHECKING:
    from hamdel.perception.heart import RRSeries

app = typer.Typer(
    help="Heart-rate variability: windows, HRV features, stress (experimental).",
    no_args_is_help=True,
)

Kind = Literal["auto", "rr", "ecg", "ppg"]
RateOpt = Annotated[
    float | None, typer.Option("--rate", help="Sampling rate (Hz) of a raw ECG/PPG CSV")
]
KindOpt = Annotated[str, typer.Option("--kind", help="auto (RR unless --rate), rr, ecg or ppg")]
UnitsOpt = Annotated[
    str | None, typer.Option("--units", help="RR units ms or s (default: detected)")
]
DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="SWELL folder or file (default: <data_dir>/hrv)"),
]


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _read(file: Path, rate: float | None, kind: str, units: str | None) -> RRSeries:
    from hamdel.perception.heart import read_rr, read_signal

    if kind not in ("auto", "rr", "ecg", "ppg"):
        _fail(f"--kind {kind!r}: choose auto, rr, ecg or ppg")
    if units not in (None, "ms", "s"):
        _fail(f"--units {units!r}: choose ms or s")
    if kind == "rr" or (kind == "auto" and rate is None):
        return read_rr(file, units=units)  # type: ignore[arg-type]
    return read_signal(file, rate, "ppg" if kind == "ppg" else "ecg")


def _data_dir(data: Path | None) -> Path:
    if data is not None:
        return data
    from hamdel.core.settings import get_settings

    base = get_settings().data_dir
    if base is None:
        _fail("no data folder: pass --data ../shared/data/hrv (or set HAMDEL_DATA_DIR)")
    return base / "hrv"


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="RR file, or ECG/PPG CSV with --rate")],
    rate: RateOpt = None,
    kind: KindOpt = "auto",
    units: UnitsOpt = None,
    window_s: Annotated[float, typer.Option("--window-s", help="Window length, 60–300 s")] = 300.0,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Personal baseline JSON (heart baseline)")
    ] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Model directory")] = None,
    sampen: Annotated[bool, typer.Option(help="Compute sample entropy (slower)")] = True,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Per window: HRV features, flagged or not (with the reason), stress level and probability."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.heart import Baseline, HeartStressModel, analyze, summarize

    try:
        stress_model = HeartStressModel.load(model)
        base = Baseline.load(baseline) if baseline else None
        series = _read(file, rate, kind, units)
        wins = analyze(series, window_s=window_s, model=stress_model, baseline=base, sampen=sampen)
    except HamdelError as exc:
        _fail(str(exc))
    result = {
        "file": str(file),
        "recording": series.to_dict(),
        "model": {
            "classes": list(stress_model.classes),
            "validated": stress_model.validated,
            "caveat": stress_model.meta.get("caveat"),
        },
        "summary": summarize(wins, stress_model.level_bands).to_dict(),
        "windows": [w.to_dict() for w in wins],
    }
    if json_out:
        _echo_json(result)
        return
    typer.echo(f"{file}: {series.rr_ms.size} intervals, {series.duration_s:.0f} s ({series.note})")
    for w in wins:
        f = w.features
        hrv = f"HR {f.hr_mean:5.1f} RMSSD {f.rmssd:6.1f} SDNN {f.sdnn:6.1f}" if f else "-"
        if w.stress:
            s = f"{w.stress.label} p={w.stress.probability:.2f} ({w.stress.level})"
        else:
            s = w.stress_note or ""
        typer.echo(f"{w.start_s:7.0f}-{w.end_s:7.0f}s {hrv}  {'FLAGGED ' if w.flagged else ''}{s}")
    if not stress_model.validated:
        typer.echo(f"note: stress output is experimental — {stress_model.meta.get('caveat', '')}")


@app.command("baseline")
def baseline_cmd(
    file: Annotated[Path, typer.Argument(help="A long recording of the person (RR or ECG/PPG)")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Baseline JSON to write")],
    rate: RateOpt = None,
    kind: KindOpt = "auto",
    units: UnitsOpt = None,
    update: Annotated[
        bool, typer.Option("--update", help="Pool with the baseline already at --out")
    ] = False,
) -> None:
    """Build a personal baseline (per-minute HR and ln RMSSD) from the clean minutes of a file."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.heart import Baseline, self_baseline, windows

    try:
        wins = windows(_read(file, rate, kind, units), window_s=60.0, sampen=False)
        base = self_baseline(wins)
        if base is None:
            _fail(f"{file}: fewer than 2 clean minutes; record longer")
        if update and out.exists():
            base = Baseline.load(out).merged(base)
    except HamdelError as exc:
        _fail(str(exc))
    base = Baseline(base.hr_mean, base.hr_sd, base.ln_rmssd_mean, base.ln_rmssd_sd,
                    base.n_minutes, "stored")  # fmt: skip
    base.save(out)
    typer.echo(f"baseline of {base.n_minutes} clean minutes written to {out}")


@app.command()
def train(
    data: DataOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Model directory")] = Path(
        "models/heart_stress"
    ),
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Fit the binary stress model on SWELL-KW (per-minute, personally z-scored HR and ln RMSSD)."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.heart.swell import train_model

    try:
        written = train_model(_data_dir(data), seed=seed).save(out)
    except HamdelError as exc:
        _fail(str(exc))
    typer.echo(f"model written to {written}")


@app.command("eval")
def eval_cmd(
    data: DataOpt = None,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    binary_subset: Annotated[
        bool, typer.Option(help="Also the random split on the binary subset")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Leave-one-subject-out figures on SWELL-KW (and the leaky random splits beside them)."""
    from hamdel.core.errors import HamdelError
    from hamdel.perception.heart.swell import binary_subset_random_split, evaluate_swell

    try:
        folder = _data_dir(data)
        res = evaluate_swell(folder, seed=seed)
        if binary_subset:
            res["binary_subset_random_forest"] = binary_subset_random_split(folder, seed=seed)
    except HamdelError as exc:
        _fail(str(exc))
    if json_out:
        _echo_json(res)
        return
    for name, m in res.items():
        if isinstance(m, dict) and "accuracy" in m:
            acc, f1, maj = m["accuracy"], m["macro_f1"], m["chance_majority"]
            typer.echo(
                f"{name:34s} n={m['n']:5d} acc={acc:.3f} macroF1={f1:.3f} majority={maj:.3f}"
            )
