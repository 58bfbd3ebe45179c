"""Voice emotion benchmark: speed (CPU ms per second of audio, one thread) and peak memory of the
shipped Whisper-embedding model, the CNN on ONNX Runtime, the same CNN in PyTorch eager mode and
the openSMILE eGeMAPS + SVM baseline; accuracy tables from the measured cross-validation and
cross-corpus files in ``models/voice_emotion/eval/`` and ``models/voice_emotion_whisper/eval/``
(all on the same speaker folds); a confusion-matrix plot. Writes section ``voice`` of
docs/benchmarks.md.

Run: ``.venv/bin/python -m benchmarks.voice_bench`` from the repository root (needs ../shared/data
or HAMDEL_DATA_DIR for the speed clips; the train and dev extras: PyTorch, openSMILE, matplotlib).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from benchmarks._report import cpu_name, write_section

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "voice_emotion"
WHISPER = ROOT / "models" / "voice_emotion_whisper"
EVAL = MODEL / "eval"
EVALS = (EVAL, WHISPER / "eval")
PLOT = ROOT / "docs" / "voice_confusion.png"
N_CLIPS = 60


def _data_dir() -> Path:
    return Path(os.environ.get("HAMDEL_DATA_DIR", ROOT.parent / "shared" / "data"))


def _clips() -> list[np.ndarray]:
    from hamdel.perception.voice import load_audio, prepare_ravdess, trim_speech

    rows = prepare_ravdess(_data_dir() / "speech" / "ravdess")[:: 1440 // N_CLIPS][:N_CLIPS]
    return [trim_speech(load_audio(r.path)) for r in rows]


def _measure(backend: str) -> dict[str, float]:
    """Run in a fresh process: time one backend on the clips (features included)."""
    clips = _clips()
    seconds = sum(c.size for c in clips) / 16_000
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if backend in ("onnx", "whisper"):
        from hamdel.perception.voice import VoiceEmotionModel

        model = VoiceEmotionModel.load(MODEL if backend == "onnx" else WHISPER,
                                       kind="cnn" if backend == "onnx" else "whisper")  # fmt: skip
        run = model.probabilities
    elif backend == "torch":
        import torch

        torch.set_num_threads(1)
        from hamdel.perception.voice._features import features
        from hamdel.perception.voice._train import load_checkpoint

        net = load_checkpoint(MODEL)

        def run(x: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                return net(torch.from_numpy(features(x)[None])).softmax(1).numpy()
    else:
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC

        from hamdel.perception.voice._baseline import _smile, egemaps

        smile = _smile()
        train = np.stack([egemaps(c, smile) for c in clips])  # speed only: fit on the same clips
        svm = make_pipeline(StandardScaler(), SVC()).fit(train, np.arange(len(clips)) % 6)

        def run(x: np.ndarray) -> np.ndarray:
            return svm.predict(egemaps(x, smile)[None])

    run(clips[0])  # warm-up
    started, cpu0 = time.perf_counter(), time.process_time()
    for clip in clips:
        run(clip)
    cpu, elapsed = time.process_time() - cpu0, time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"ms_per_audio_s": 1000 * cpu / seconds,
            "wall_ms_per_audio_s": 1000 * elapsed / seconds, "peak_mb": peak / 1024,
            "load_mb": (peak - rss0) / 1024, "audio_s": seconds}  # fmt: skip


def _speed_table() -> str:
    rows = ["| pipeline | CPU ms per s of audio (1 thread) | wall ms per s | peak RSS (MB) |",
            "|---|---:|---:|---:|"]  # fmt: skip
    names = {"whisper": "Whisper base encoder (4 of 6 layers, CTranslate2 int8) + linear head "
             "(served when faster-whisper is installed)",
             "onnx": "CNN, ONNX Runtime (served otherwise)", "torch": "CNN, PyTorch eager",
             "smile": "openSMILE eGeMAPSv02 + SVM"}  # fmt: skip
    for backend, label in names.items():
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.voice_bench", "--one", backend],
            cwd=ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(f"| {label} | {r['ms_per_audio_s']:.2f} | {r['wall_ms_per_audio_s']:.2f} | "
                    f"{r['peak_mb']:.0f} |")  # fmt: skip
    rows.append(f"\nTimed on {N_CLIPS} voice-trimmed RAVDESS clips ({r['audio_s']:.0f} s speech), "
                "feature extraction (log-mel, Whisper log-mel + encoder, or eGeMAPS) included, "
                "decoding excluded; one thread; CPU time of the process (time.process_time), so "
                "other jobs on the machine do not inflate it; wall time for reference; peak RSS "
                "of the whole process (Python, libraries, model; PyTorch is imported only by its "
                "own row).")  # fmt: skip
    return "\n".join(rows)


def _fmt(m: dict[str, float]) -> str:
    return f"{m['mean']:.3f} ± {m['std']:.3f}"


def _accuracy_tables() -> str:
    out = []
    cv_files = [f for folder in EVALS for f in sorted(folder.glob("cv_*.json"))]
    if cv_files:
        out += ["| data (speaker-independent CV) | model | folds | n | accuracy | UAR | macro-F1 |",
                "|---|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for f in cv_files:
            rep = json.loads(f.read_text())
            for name, m in rep["models"].items():
                s = m["summary"]
                out.append(
                    f"| {f.stem[3:]} | {name} | {rep['folds']} | {rep['n']} | "
                    f"{_fmt(s['accuracy'])} | {_fmt(s['uar'])} | {_fmt(s['macro_f1'])} |"
                )
    xc_files = [f for folder in EVALS for f in sorted(folder.glob("cross_*.json"))]
    if xc_files:
        out += ["", "| cross-corpus (train -> test) | n | skipped | accuracy | UAR | macro-F1 |",
                "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for f in xc_files:
            r = json.loads(f.read_text())
            out.append(
                f"| {f.stem[6:]} | {r['n']} | {r['skipped']} | {r['accuracy']:.3f} | "
                f"{r['uar']:.3f} | {r['macro_f1']:.3f} |"
            )
    return "\n".join(out)


def _plot() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    f = EVAL / "cv_ravdess.json"
    if not f.is_file():
        return ""
    conf = json.loads(f.read_text())["models"]["cnn3"]["pooled_confusion"]
    m = np.array(conf["matrix"], dtype=float)
    norm = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    labels = conf["labels"]
    ax.set_xticks(range(6), labels, rotation=40, ha="right")
    ax.set_yticks(range(6), labels)
    for i in range(6):
        for j in range(6):
            ax.text(j, i, f"{norm[i, j]:.2f}", ha="center", va="center",
                    color="white" if norm[i, j] > 0.5 else "black", fontsize=8)  # fmt: skip
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("CNN, RAVDESS speaker-independent 5-fold (pooled, row-normalised)", fontsize=8)
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110)
    return f"\n![RAVDESS confusion]({PLOT.name})\n"


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(_measure(sys.argv[2])))
        return
    load = os.getloadavg()[0]
    speed = _speed_table()
    load = max(load, os.getloadavg()[0])
    note = (f"Machine load (1-min average) during the timing: up to {load:.1f} on 2 cores; the "
            "CPU-time column is not inflated by other jobs, the wall column can be. CPU: "
            f"{cpu_name()} ({time.strftime('%Y-%m-%d')}). The same script measured 5.44 "
            "(Whisper), 0.43 (CNN, ONNX), 1.25 (PyTorch) and 15.57 ms/s (openSMILE) on the "
            "machine of 2026-11-22: absolute figures move 1.3-2x between the shared build "
            "machines, the order does not.")  # fmt: skip
    md = ["## Voice emotion (six classes)", "", speed, "", note, "", _accuracy_tables(), _plot()]
    write_section("voice", "\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
