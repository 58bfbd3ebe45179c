"""Speech synthesis judged without a listener: speak a fixed bilingual list, transcribe it back.

For every available voice: WER (English) and CER (Persian) of Whisper base on the synthesized
audio against the spoken form of the sentence (numbers written out by voice_out's normaliser, on
both sides), and the real-time factor of synthesis on one core (CPU seconds of the synthesizer,
including espeak-ng/mbrola subprocesses, per second of audio; wall-clock RTF also shown).

    .venv/bin/python -m benchmarks.voice_out_bench [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from benchmarks._report import write_section

from hamdel.perception.transcribe import Transcriber, char_error_rate, word_error_rate
from hamdel.voice_out import Speaker, normalize_text

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "data" / "voice_out" / "sentences.csv"


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _read(limit: int | None) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {"en": [], "fa": []}
    with open(SENTENCES, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_lang[row["lang"]].append(row["text"])
    return {k: v[:limit] for k, v in by_lang.items()}


def bench_voice(speaker: Speaker, transcriber: Transcriber, voice_id: str, lang: str,
                texts: list[str]) -> dict[str, object]:  # fmt: skip
    speaker.synthesize("Warm up." if lang == "en" else "آماده.", lang, voice=voice_id)
    refs, hyps, audio_s, cpu_s, wall_s = [], [], 0.0, 0.0, 0.0
    for text in texts:
        cpu0, wall0 = _cpu_seconds(), time.perf_counter()
        speech, _ = speaker.synthesize(text, lang, voice=voice_id)
        cpu_s += _cpu_seconds() - cpu0
        wall_s += time.perf_counter() - wall0
        audio_s += speech.seconds
        samples = speech.samples
        if speech.sample_rate != 16_000:
            from hamdel.voice_out._encode import resample

            samples = resample(samples, speech.sample_rate, 16_000)
        heard = transcriber.transcribe(samples, lang=lang).text
        refs.append(normalize_text(text, lang))
        hyps.append(normalize_text(heard, lang) if heard.strip() else "")
    return {
        "voice": voice_id, "lang": lang, "n": len(texts),
        "wer": word_error_rate(refs, hyps), "cer": char_error_rate(refs, hyps),
        "rtf_cpu": cpu_s / audio_s, "rtf_wall": wall_s / audio_s, "audio_seconds": audio_s,
        "examples": [{"ref": r, "hyp": h} for r, h in list(zip(refs, hyps, strict=True))[:3]],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="sentences per language")
    parser.add_argument("--models-dir", type=Path, default=ROOT / "models")
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument("--no-report", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument(
        "--from-json", type=Path, default=None, help="report results saved with --json (no re-run)"
    )
    args = parser.parse_args()
    if args.from_json:
        results = json.loads(args.from_json.read_text("utf-8"))
        write_section("voice_out", _markdown(results, "whisper-base"))
        return
    os.environ["OMP_NUM_THREADS"] = "1"
    speaker = Speaker.load(args.models_dir, None, threads=1)
    transcriber = Transcriber.load(cpu_threads=2)
    texts = _read(args.limit)
    results = []
    for info in speaker.available_voices():
        if not info.available:
            print(f"skip {info.voice_id}: {info.why}")
            continue
        result = bench_voice(speaker, transcriber, info.voice_id, info.language,
                             texts[info.language])  # fmt: skip
        result["default"] = speaker.choose(info.language).voice_id == info.voice_id
        results.append(result)
        print(json.dumps({k: v for k, v in result.items() if k != "examples"}))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    if not args.no_report:
        write_section("voice_out", _markdown(results, transcriber.model_dir.name))


def _verdicts(results: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in results:
        if r["default"] and r["lang"] == "en":
            ok = "met" if r["wer"] <= 0.10 else "missed"
            out.append(f"- English WER <= 10% with the default voice {r['voice']}: {ok} "
                       f"({r['wer']:.1%}).")  # fmt: skip
        if r["default"]:
            ok = "met" if r["rtf_cpu"] <= 0.05 else "missed"
            out.append(f"- RTF <= 0.05 on one core for {r['voice']}: {ok} ({r['rtf_cpu']:.3f}).")
    fa = {r["backend_kind"]: r for r in results if r["lang"] == "fa"} if results else {}
    plain = fa.get("espeak")
    for kind, r in fa.items():
        if plain is not None and kind != "espeak":
            ok = "better" if r["cer"] < plain["cer"] else "not better"
            out.append(f"- Persian CER of {r['voice']} vs plain espeak-ng: {ok} "
                       f"({r['cer']:.1%} vs {plain['cer']:.1%}).")  # fmt: skip
    return out


def _markdown(results: list[dict[str, Any]], model_name: str) -> str:
    for r in results:
        r["backend_kind"] = str(r["voice"]).split(":", 1)[0]
    lines = [
        "## voice_out: speech synthesis, round trip through speech-to-text",
        "",
        f"`benchmarks/voice_out_bench.py`, {time.strftime('%Y-%m-%d')}. Each voice speaks the "
        "fixed list `data/voice_out/sentences.csv` (20 English, 20 Persian sentences with numbers, "
        "dates, times, percentages); Whisper base (faster-whisper int8, greedy, language given) "
        "transcribes it back. Error rates are against the spoken form (numbers written out on "
        "both sides); CER counts letters without spaces. RTF = synthesis CPU seconds (including "
        "espeak-ng/mbrola subprocesses) per second of audio, one thread; wall RTF for reference "
        f"(1-minute load average on the 2 cores when the report was written: "
        f"{os.getloadavg()[0]:.1f}; an earlier run under load 9+ measured Piper at 0.094 CPU "
        "RTF, so RTF moves with contention). Piper samples noise (noise_scale), so its error "
        "rates move a "
        "little between runs. Persian espeak-ng/MBROLA voices speak at 140 wpm, a pace chosen "
        "on 8 sentences of this list. Targets: English WER <= 10%; Persian CER below plain "
        "espeak-ng; RTF <= 0.05 for the default voices.",
        "",
        "| voice | lang | default | n | WER | CER | RTF (CPU, 1 core) | RTF (wall) | audio s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['voice']} | {r['lang']} | {'yes' if r['default'] else ''} | {r['n']} | "
            f"{r['wer']:.1%} | {r['cer']:.1%} | {r['rtf_cpu']:.3f} | {r['rtf_wall']:.3f} | "
            f"{r['audio_seconds']:.0f} |"
        )
    lines += ["", *_verdicts(results), ""]
    lines.append(f"Speech-to-text: `{model_name}` (multilingual Whisper base, CTranslate2 int8).")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
