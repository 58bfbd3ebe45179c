"""Readers: RR-interval files (plain lists, CSV, Polar/Kubios-style exports) and raw ECG/PPG CSV.

Every reader returns an :class:`RRSeries` in milliseconds and says how it read the file (which
column, which units and why). Bad files raise :class:`~hamdel.core.errors.InputError` naming the
file and the problem; nothing is guessed silently.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from hamdel.core.errors import InputError

log = logging.getLogger(__name__)

Units = Literal["ms", "s"]
MIN_BEATS = 30
"""Fewer RR intervals than this is not a recording we can say anything about."""
MIN_SIGNAL_S = 30.0
_MISSING = {"", "na", "nan", "null", "none", "-", "?"}  # never 999: 999 ms is a real RR
_RR_NAME = re.compile(r"\b(rr|ibi|nn|interval|r-r)", re.I)
_SIGNAL_NAMES = ("ecg", "ppg", "pleth", "bvp", "signal", "value", "mv", "raw")
_TIME_NAME = re.compile(r"(time|timestamp|^t$|sec|^ms$)", re.I)
_MAX_BYTES = 200 * 1024 * 1024
_DECIMAL_COMMA = re.compile(r"^\s*[0-3],\d+\s*$")  # "0,812" s; "800,812" is two columns


@dataclass(frozen=True, eq=False)
class RRSeries:
    """RR intervals in milliseconds (``nan`` where the file had a missing value).

    Attributes
    ----------
    rr_ms : numpy array of float64, one interval per beat.
    source : what was read (file name or ``"array"``).
    units_detected : units of the file before conversion.
    note : how the reader decided (column, units rule, peak detector).
    n_missing : values that were missing in the file (kept as ``nan``).
    """

    rr_ms: npt.NDArray[np.float64]
    source: str = "array"
    units_detected: Units = "ms"
    note: str = ""
    n_missing: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def duration_s(self) -> float:
        return float(np.nansum(self.rr_ms) / 1000.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "n_intervals": int(self.rr_ms.size),
            "n_missing": self.n_missing,
            "duration_s": round(self.duration_s, 1),
            "units_detected": self.units_detected,
            "note": self.note,
            **self.extra,
        }


def detect_units(values: npt.NDArray[np.float64], source: str = "input") -> Units:
    """Tell seconds from milliseconds by the median interval.

    A resting-to-exercise RR lies between 0.25 and 2.5 s; the median of a real recording does too.

    >>> detect_units(np.array([0.8, 0.82, 0.79]))
    's'
    >>> detect_units(np.array([800.0, 820.0, 790.0]))
    'ms'
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise InputError(f"{source}: no numeric RR values")
    med = float(np.median(finite))
    if 0.25 <= med <= 2.5:
        return "s"
    if 250.0 <= med <= 2500.0:
        return "ms"
    raise InputError(
        f"{source}: cannot tell the units — the median value {med:g} is neither a plausible RR "
        "interval in seconds (0.25–2.5) nor in milliseconds (250–2500). Is this an RR file?"
    )


def rr_from_values(
    values: npt.ArrayLike, units: Units | None = None, source: str = "array", note: str = ""
) -> RRSeries:
    """Build an :class:`RRSeries` from numbers in ms or s (``units=None`` detects them)."""
    arr = np.asarray(values, dtype=np.float64).ravel()
    n_missing = int(np.count_nonzero(~np.isfinite(arr)))
    detected = detect_units(arr, source)
    if units is not None and units != detected:
        raise InputError(
            f"{source}: {note or 'the input'} says {units} but the values look like {detected}"
        )
    found: Units = units or detected
    rr = arr * 1000.0 if found == "s" else arr.copy()
    how = f"units {found} ({'given' if units else 'detected from the median interval'})"
    if int(np.count_nonzero(np.isfinite(rr))) < MIN_BEATS:
        raise InputError(
            f"{source}: too short — {int(np.isfinite(rr).sum())} RR intervals, need at least "
            f"{MIN_BEATS}"
        )
    return RRSeries(rr, source, found, "; ".join(x for x in (note, how) if x), n_missing)


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size > _MAX_BYTES:
        raise InputError(f"{path}: larger than {_MAX_BYTES // 2**20} MiB")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return path.read_bytes().decode("latin-1")


def _to_float(cell: str) -> float:
    cell = cell.strip().strip('"')
    if cell.lower() in _MISSING:
        return float("nan")
    return (
        float(cell.replace(",", ".")) if cell.count(",") == 1 and "." not in cell else float(cell)
    )


def _is_number(cell: str) -> bool:
    try:
        _to_float(cell)
    except ValueError:
        return False
    return True


def _table(text: str) -> tuple[list[str] | None, list[list[str]]]:
    """Split text into (header or None, numeric rows); metadata lines above the data are skipped."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise InputError("empty file")
    if all(_DECIMAL_COMMA.match(ln) for ln in lines[1:] or lines):
        # one value per line written with a decimal comma ("0,812"): not a two-column CSV
        first = lines[0] if not _DECIMAL_COMMA.match(lines[0]) else None
        rows = [[ln.strip()] for ln in lines if ln is not first]
        return ([first.strip()] if first else None), rows
    sample = "\n".join(lines[:50])
    delim: str | None
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delim = None
    rows = (
        [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)]
        if delim
        else [ln.split() for ln in lines]
    )
    header: list[str] | None = None
    data: list[list[str]] = []
    for row in rows:
        cells = [c.strip() for c in row]
        numeric = sum(_is_number(c) for c in cells if c)
        filled = len([c for c in cells if c])
        if numeric and numeric == filled:
            data.append(cells)
        elif data or (header is not None and numeric and numeric >= filled - 1):
            data.append(cells)  # a non-numeric cell (timestamp, note) among numbers: kept as nan
        else:
            header = cells  # the last non-numeric line before the data is its header
    return header, data


def _column(data: list[list[str]], j: int) -> npt.NDArray[np.float64]:
    out = np.full(len(data), np.nan)
    for i, row in enumerate(data):
        if j < len(row):
            try:
                out[i] = _to_float(row[j])
            except ValueError:
                out[i] = np.nan
    return out


def read_rr(path: str | Path, units: Units | None = None, column: str | None = None) -> RRSeries:
    """Read RR intervals from a text file.

    Accepted layouts: one value per line (ms or s); CSV/TSV/semicolon tables with an RR column
    (named like ``RR``, ``RR-interval [ms]``, ``IBI``, ``NN``) — Polar and Kubios exports have this
    shape, and metadata lines above the table are skipped; two columns of time and RR. Units are
    detected from the median unless ``units`` is given. Missing cells (empty, ``NA``, ``-``)
    become ``nan`` and are counted.

    Raises
    ------
    InputError
        Unreadable or empty file, no RR column, units neither ms nor s, fewer than 30 beats.
    """
    path = Path(path)
    text = _read_text(path)
    try:
        header, data = _table(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc
    if not data:
        raise InputError(f"{path}: no numeric rows")
    width = max(len(r) for r in data)
    names = header or []
    if width == 1 and len(names) > 1:
        names = [" ".join(names)]  # a one-column header with spaces, e.g. "RR [ms]"
    j, why = _choose_rr_column(names, data, width, column, path)
    values = _column(data, j)
    unit_hint: Units | None = units
    name = names[j] if j < len(names) else ""
    if unit_hint is None and re.search(r"\[?\bms\b\]?|msec|millis", name, re.I):
        unit_hint = "ms"
    elif unit_hint is None and re.search(r"\((s|sec)\)|\[s\]", name, re.I):
        unit_hint = "s"
    series = rr_from_values(values, unit_hint, str(path), why)
    log.info("read rr", extra={"fields": {"n": series.rr_ms.size, "units": series.units_detected}})
    return series


def _choose_rr_column(
    names: list[str], data: list[list[str]], width: int, column: str | None, path: Path
) -> tuple[int, str]:
    if column is not None:
        if column not in names:
            raise InputError(f"{path}: no column {column!r} (columns: {names})")
        return names.index(column), f"column {column!r} (given)"
    named = [i for i, n in enumerate(names) if _RR_NAME.search(n)]
    if named:
        return named[0], f"column {names[named[0]]!r} (named like an RR interval)"
    if width == 1:
        return 0, "one value per line"
    for j in range(width):
        col = _column(data, j)
        fin = col[np.isfinite(col)]
        if fin.size < 2 or np.all(np.diff(fin) > 0):
            continue  # a time axis (strictly increasing) is not an RR column
        try:
            detect_units(col)
        except InputError:
            continue
        return j, f"column {j + 1} (first plausible RR column of {width})"
    raise InputError(f"{path}: no column looks like RR intervals (columns: {names or width})")


def read_signal(
    path: str | Path,
    rate: float | None = None,
    kind: Literal["ecg", "ppg"] = "ecg",
    column: str | None = None,
) -> RRSeries:
    """Read a raw ECG or PPG CSV and find the beats with neurokit2.

    ``rate`` is the sampling rate in Hz; without it a time column in seconds is used to infer it.
    """
    path = Path(path)
    text = _read_text(path)
    header, data = _table(text)
    if not data:
        raise InputError(f"{path}: no numeric rows")
    names = [n.lower() for n in (header or [])]
    width = max(len(r) for r in data)
    if column is not None:
        if column.lower() not in names:
            raise InputError(f"{path}: no column {column!r} (columns: {header})")
        j = names.index(column.lower())
    else:
        cand = [i for i, n in enumerate(names) if any(k in n for k in _SIGNAL_NAMES)]
        j = cand[0] if cand else width - 1
    if rate is None:
        t_cols = [i for i, n in enumerate(names) if _TIME_NAME.search(n) and i != j]
        if not t_cols:
            raise InputError(
                f"{path}: give the sampling rate (--rate HZ); the file has no time column"
            )
        t = _column(data, t_cols[0])
        step = float(np.nanmedian(np.diff(t)))
        if not step > 0:
            raise InputError(f"{path}: the time column does not increase")
        rate = 1.0 / step if "ms" not in names[t_cols[0]] else 1000.0 / step
    return signal_to_rr(_column(data, j), float(rate), kind, source=str(path))


def signal_to_rr(
    signal: npt.ArrayLike,
    rate: float,
    kind: Literal["ecg", "ppg"] = "ecg",
    source: str = "array",
    quality: bool = True,
) -> RRSeries:
    """R-peaks (ECG) or systolic peaks (PPG) with neurokit2, returned as RR intervals.

    ``extra["signal_quality"]`` is neurokit2's mean beat-template quality (0–1; clean simulated
    signals ≈ 0.97–0.99, white noise ≈ 0.6–0.7; ``None`` with ``quality=False``, which saves most
    of the time: the template match costs ~2 s per 5 minutes of ECG, peak finding ~0.03 s).
    Noise that yields "beats" is caught downstream: its irregular intervals fail the artefact
    rule and every window is flagged.
    """
    x = np.asarray(signal, dtype=np.float64).ravel()
    if not 20.0 <= rate <= 10000.0:
        raise InputError(f"{source}: sampling rate {rate:g} Hz is implausible (20–10000 Hz)")
    if x.size / rate < MIN_SIGNAL_S:
        raise InputError(f"{source}: too short — {x.size / rate:.1f} s, need {MIN_SIGNAL_S:.0f} s")
    bad = ~np.isfinite(x)
    if bad.mean() > 0.05:
        raise InputError(f"{source}: {bad.mean():.0%} of the samples are missing (limit 5%)")
    if bad.any():
        idx = np.arange(x.size)
        x[bad] = np.interp(idx[bad], idx[~bad], x[~bad])
    if np.nanstd(x) < 1e-9 or np.mean(np.diff(x) == 0) > 0.5:
        raise InputError(f"{source}: flat signal (no variation): is the sensor attached?")
    import neurokit2 as nk  # type: ignore[import-untyped]

    try:
        if kind == "ecg":
            cleaned = nk.ecg_clean(x, sampling_rate=rate)
            _, info = nk.ecg_peaks(cleaned, sampling_rate=rate)
            peaks = np.asarray(info["ECG_R_Peaks"])
            q_values = nk.ecg_quality(cleaned, rpeaks=peaks, sampling_rate=rate) if quality else []
        else:
            cleaned = nk.ppg_clean(x, sampling_rate=rate)
            _, info = nk.ppg_peaks(cleaned, sampling_rate=rate)
            peaks = np.asarray(info["PPG_Peaks"])
            q_values = nk.ppg_quality(cleaned, peaks=peaks, sampling_rate=rate) if quality else []
    except (ValueError, IndexError, ZeroDivisionError) as exc:
        raise InputError(f"{source}: no beats found in the {kind.upper()} signal ({exc})") from exc
    if peaks.size < MIN_BEATS + 1:
        raise InputError(f"{source}: only {peaks.size} beats found in the {kind.upper()} signal")
    rr = np.diff(peaks).astype(np.float64) * 1000.0 / rate
    note = f"{kind.upper()} at {rate:g} Hz, {peaks.size} peaks by neurokit2"
    q = round(float(np.nanmean(q_values)), 3) if np.size(q_values) else None
    extra = {"n_peaks": int(peaks.size), "rate_hz": rate, "signal_quality": q}
    return RRSeries(rr, source, "ms", note, 0, extra)
