"""A voice note, end to end: from the uploaded bytes to the reply (voice emotion, speech-to-text
in the account's language, reading the words, the recommender, the thread written), cold and
warm, and the first spoken reply cold and warm.

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.voice_turn_bench [--clips 12]

English notes are RAVDESS clips (3-4 s, actors' voices); Persian notes are Persian sentences of
3-5 s spoken by the project's own Persian voice (synthetic: real Persian voice notes are not
available here). Each clip is sent as the browser's recorder sends it: Opus in WebM (ffmpeg).

* **cold**: a fresh process, the first voice note after the components loaded, without and with
  the start-up warm-up (``server/warmup.py``: the server runs it in the background, so ``/health``
  answers at once);
* **warm**: median (p50) and p90 over the clips, one after the other, in one process.

Run it on a quiet machine: it reports the 1-minute load average with each figure (2 cores).
Target (issue 18): a 3-5-second voice note p50 <= 2 s to the reply. Writes section
``voice_turn`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._report import cpu_name, write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("HAMDEL_DATA_DIR", ROOT.parent / "shared" / "data"))
PERSIAN = (
    "این هفته خیلی خسته‌ام و شب‌ها خوابم نمی‌برد.",
    "امروز سر کار با مدیرم بحثم شد و هنوز عصبانی‌ام.",
    "فردا امتحان دارم و خیلی استرس دارم.",
    "امروز با دوستم رفتیم کوه و خیلی خوش گذشت.",
    "یه خبر عجیب شنیدم، باورم نمی‌شه.",
    "دلم برای خانواده‌ام خیلی تنگ شده.",
    "امروز روز معمولی بود، کار خاصی نکردم.",
    "از وقتی جابه‌جا شدیم احساس تنهایی می‌کنم.",
    "یه کم نگران سلامتی مادرم هستم.",
    "بالاخره پروژه‌ام تموم شد و خیلی خوشحالم.",
    "ترافیک امروز دیوونه‌ام کرد.",
    "نمی‌دونم چرا امروز اینقدر بی‌حوصله‌ام.",
)


def _webm(wav: bytes) -> bytes:
    """What Chromium's MediaRecorder sends: Opus in WebM."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.webm"
        src.write_bytes(wav)
        subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(src), "-c:a", "libopus", "-b:a", "32k", str(dst)],
            check=True,
        )
        return dst.read_bytes()


def _clips(n: int) -> dict[str, list[bytes]]:
    """``n`` English (RAVDESS, one per actor) and ``n`` Persian notes, as WebM/Opus bytes."""
    import soundfile as sf

    from hamdel.voice_out import Speaker

    english: list[bytes] = []
    manifest = DATA / "speech" / "ravdess" / "manifest.csv"
    with manifest.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["emotion"] in ("sad", "sadness", "angry",
                "anger", "happy", "happiness", "fearful", "fear")]  # fmt: skip
    seen: set[str] = set()
    for row in rows:
        if row["speaker"] in seen or len(english) >= n:
            continue
        seen.add(row["speaker"])
        audio, rate = sf.read(manifest.parent / row["path"], dtype="float32")
        with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
            sf.write(tmp.name, audio, rate)
            english.append(_webm(Path(tmp.name).read_bytes()))
    speaker = Speaker.load()
    persian = [_webm(speaker.speak(text, "fa", format="wav").data) for text in PERSIAN[:n]]
    return {"en": english, "fa": persian}


def _fresh(language: str) -> str:
    """A number never spoken before, so the text is new to the audio cache."""
    n = str(time.time_ns() % 100_000)
    return n.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if language == "fa" else n


def _load_avg() -> float:
    return os.getloadavg()[0]


def _session(language: str) -> tuple[Any, Any, Any]:
    """A migrated SQLite database in a temp folder, the components, and one person."""
    from hamdel.companion.components import load_components
    from hamdel.safety import Sender
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo

    folder = tempfile.mkdtemp(prefix="hamdel-bench-")
    engine = make_engine(f"sqlite:///{folder}/bench.db")
    upgrade(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as db:
        uid = repo.create_user(
            db, email=f"{language}@example.org", password_hash="x", language=language,
            display_name=None,
        ).id  # fmt: skip
    return sessions, load_components(models_dir=None, sender=Sender()), uid


def _turn(sessions: Any, components: Any, uid: int, data: bytes, seed: int) -> float:
    from hamdel.companion.media import voice_turn
    from hamdel.store import repositories as repo
    from hamdel.store import transaction
    from hamdel.store.models import utcnow

    started = time.perf_counter()
    with transaction(sessions) as db:
        user = repo.get_user(db, user_id=uid)
        voice_turn(db, components, user=user, data=data, now=utcnow(), seed=seed)
    return time.perf_counter() - started


def cold(language: str, warm_up: bool, clip: Path) -> dict[str, float]:
    """In this (fresh) process: load, optionally warm up, then one voice note and one spoken
    reply."""
    sessions, components, uid = _session(language)
    warm_s = 0.0
    if warm_up:
        from hamdel.server.warmup import warm_up_steps

        started = time.perf_counter()
        for _name, step in warm_up_steps(components):
            step()
        warm_s = time.perf_counter() - started
    seconds = _turn(sessions, components, uid, clip.read_bytes(), 0)
    started = time.perf_counter()
    components.speaker.speak(  # a text never spoken before: the audio cache cannot answer
        ("I hear you. Let's take it one step at a time, " if language == "en"
         else "می‌شنوم. بیا قدم به قدم جلو برویم، ") + _fresh(language),
        language,
    )  # fmt: skip
    return {"voice_note_s": seconds, "first_spoken_reply_s": time.perf_counter() - started,
            "warm_up_s": warm_s, "load_avg": _load_avg()}  # fmt: skip


def warm(clips: dict[str, list[bytes]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for language, notes in clips.items():
        sessions, components, uid = _session(language)
        _turn(sessions, components, uid, notes[0], 0)  # load everything first
        times = sorted(_turn(sessions, components, uid, d, i) for i, d in enumerate(notes))
        started = time.perf_counter()
        components.speaker.speak(("Thank you for telling me, " if language == "en"
                                  else "ممنون که گفتی، ") + _fresh(language), language)  # fmt: skip
        spoken = time.perf_counter() - started
        out[language] = {
            "n": len(times), "p50_s": statistics.median(times),
            "p90_s": times[min(len(times) - 1, int(0.9 * len(times)))],
            "spoken_reply_s": spoken, "load_avg": _load_avg(),
        }  # fmt: skip
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clips", type=int, default=12)
    ap.add_argument("--cold", nargs=3, metavar=("LANG", "WARM", "CLIP"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cold:  # the child process of a cold measurement
        language, warm_up, clip = args.cold
        print(json.dumps(cold(language, warm_up == "1", Path(clip))))
        return
    clips = _clips(args.clips)
    results: dict[str, Any] = {"warm": warm(clips), "cold": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for language, notes in clips.items():
            clip = Path(tmp) / f"{language}.webm"
            clip.write_bytes(notes[-1])
            for warm_up in ("0", "1"):
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.voice_turn_bench", "--cold", language,
                     warm_up, str(clip)],
                    capture_output=True, text=True, check=True, cwd=ROOT,
                )  # fmt: skip
                key = f"{language}, {'with' if warm_up == '1' else 'without'} warm-up"
                results["cold"][key] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(results, indent=1))
    _report(results)


def _report(results: dict[str, Any]) -> None:
    lines = [
        "## A voice note, end to end",
        "",
        f"From the uploaded bytes (Opus in WebM, as the recorder sends) to the reply: voice "
        f"emotion, speech-to-text in the account's language, reading, recommender, thread "
        f"written (`benchmarks/voice_turn_bench.py`; {cpu_name()}, 2 cores). English: RAVDESS "
        "clips (3-4 s); Persian: sentences of 3-5 s in the project's synthetic Persian voice. "
        "Target: p50 <= 2 s.",
        "",
        "| language | notes | p50 s | p90 s | a spoken reply, warm s | load avg |",
        "|---|---|---|---|---|---|",
    ]
    for language, r in results["warm"].items():
        lines.append(
            f"| {language} | {r['n']} | **{r['p50_s']:.2f}** | {r['p90_s']:.2f} | "
            f"{r['spoken_reply_s']:.2f} | {r['load_avg']:.1f} |"
        )
    lines += [
        "",
        "Cold: a fresh process, the first voice note and the first spoken reply.",
        "",
        "| case | first voice note s | first spoken reply s | warm-up s | load avg |",
        "|---|---|---|---|---|",
    ]
    for key, r in results["cold"].items():
        lines.append(
            f"| {key} | {r['voice_note_s']:.2f} | {r['first_spoken_reply_s']:.2f} | "
            f"{r['warm_up_s']:.1f} | {r['load_avg']:.1f} |"
        )
    write_section("voice_turn", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
