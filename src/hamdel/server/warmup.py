"""Warm the models at start-up, in the background: one tiny run of each, so the first person does
not wait (measured: the first English /api/speak 847 -> 313 ms, the first 3 s voice note
1.93 -> 1.40 s) and /health answers at once."""

from __future__ import annotations

import atexit
import gc
import io
import logging
import threading
import time
import wave
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np

from hamdel.companion.reply import PersonContext
from hamdel.companion.service import Components, read_text

logger = logging.getLogger(__name__)

# -- warm-up -----------------------------------------------------------------------------------
# The models load at start-up, but their first run is slow (ONNX sessions, the Piper voice and
# Whisper load on first use): one tiny run of each, then the garbage collection all that loading
# has made due, in a daemon thread, so the first person does not wait and /health answers at
# once. Each step is timed in the log (event "warm-up", fields step and ms); a step that fails is
# logged and the next one runs. Measured: the first /api/speak in English 847 -> 313 ms (the next
# ~200 ms), the first 3 s voice note 1.93 -> 1.40 s (the next ~1.27 s).

WARM_UP_TEXTS = {"en": "I had a long day.", "fa": "امروز روز طولانی‌ای بود."}
WARM_UP_SPOKEN = {"en": "Take a slow breath.", "fa": "یک نفس آرام بکش."}


def _wav(samples: np.ndarray, rate: int) -> bytes:
    """16-bit mono WAV of float samples in [-1, 1]."""
    pcm = (np.clip(samples.astype(np.float32), -1.0, 1.0) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buf.getvalue()


def warm_up_steps(components: Components) -> list[tuple[str, Callable[[], object]]]:
    """What the components hold, one tiny run each: named steps, in order."""
    steps: list[tuple[str, Callable[[], object]]] = []

    def text(lang: str) -> Callable[[], object]:
        return lambda: read_text(components, WARM_UP_TEXTS[lang], lang, {})

    steps += [(f"text-{lang}", text(lang)) for lang in WARM_UP_TEXTS]
    recommend = components.recommend
    if recommend is not None:

        def suggest() -> object:
            now = datetime.now(UTC)
            return recommend(None, person=PersonContext({}), language="en", now=now, seed=0)

        steps.append(("recommend", suggest))
    speaker = components.speaker
    spoken: dict[str, bytes] = {}
    if speaker is not None:

        def speak(lang: str) -> Callable[[], object]:
            def run() -> object:
                # synthesize, not speak: the audio cache must not answer instead of the voice
                speech, voices = speaker.synthesize(WARM_UP_SPOKEN[lang], lang)
                spoken[lang] = _wav(speech.samples, speech.sample_rate)
                return voices

            return run

        steps += [(f"speak-{lang}", speak(lang)) for lang in WARM_UP_SPOKEN]
    voice = components.voice
    if voice is not None and speaker is not None:
        # the voice reader refuses silence: it hears the English phrase just spoken
        steps.append(("voice", lambda: voice(spoken["en"])))
    transcribe = components.transcribe
    if transcribe is not None:
        silence = _wav(np.zeros(8_000, np.float32), 16_000)  # 0.5 s
        # a known language: detecting it would double the work, and it runs the same model
        steps.append(("transcribe", lambda: transcribe(silence, "en")))
    # loading and warming leave many new objects: the full collection they are due would
    # otherwise fall on the first request (~160 ms here); it runs now, in this thread
    steps.append(("gc", gc.collect))
    return steps


def _run_warm_up(steps: list[tuple[str, Callable[[], object]]], stop: threading.Event) -> None:
    started = time.perf_counter()
    try:
        for step, run in steps:
            if stop.is_set():
                ms = round((time.perf_counter() - started) * 1000)
                logger.info("warm-up", extra={"fields": {"step": "stopped", "ms": ms}})
                return
            began = time.perf_counter()
            try:
                run()
            except Exception as exc:  # a warm-up that fails must only be logged
                ms = round((time.perf_counter() - began) * 1000)
                why = {"error": type(exc).__name__, "why": str(exc)[:200]}
                logger.warning("warm-up", extra={"fields": {"step": step, "ms": ms, **why}})
                continue
            ms = round((time.perf_counter() - began) * 1000)
            logger.info("warm-up", extra={"fields": {"step": step, "ms": ms}})
        ms = round((time.perf_counter() - started) * 1000)
        logger.info("warm-up", extra={"fields": {"step": "done", "ms": ms}})
    finally:
        with _WARMING_LOCK:
            _WARMING.pop(threading.current_thread(), None)


_WARMING: dict[threading.Thread, threading.Event] = {}
_WARMING_LOCK = threading.Lock()


@atexit.register
def _finish_warm_ups() -> None:
    """At exit, stop every warm-up after its current step and wait for it: a daemon thread
    still inside ONNX Runtime or CTranslate2 while the interpreter tears down kills the process
    (SIGSEGV or SIGABRT, and a failed exit status) instead of letting it end."""
    with _WARMING_LOCK:
        running = list(_WARMING.items())
    for _, stop in running:
        stop.set()
    for thread, _ in running:
        thread.join(timeout=120)


def start_warm_up(components: Components) -> tuple[threading.Thread, threading.Event]:
    """Warm the components in a daemon thread; set the event to stop it after the current step
    (at exit that is done, and waited for)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_run_warm_up,
        args=(warm_up_steps(components), stop),
        name="hamdel-warm-up",
        daemon=True,
    )
    with _WARMING_LOCK:
        _WARMING[thread] = stop
    thread.start()
    return thread, stop


__all__ = ["start_warm_up", "warm_up_steps"]
