"""Speaker: voice choice, bad input, chunking, mixed scripts, cache and fallback (fake voices)."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from hamdel.core.errors import AudioError, InputError, ModelUnavailableError, TextError
from hamdel.voice_out import MAX_TEXT_CHARS, Speaker, Speech, VoiceInfo
from hamdel.voice_out._cache import AudioCache


@dataclass
class FakeVoice:
    """Says every character as 10 ms of a tone; records what it was asked to say."""

    info: VoiceInfo
    fail: bool = False
    said: list[str] = field(default_factory=list)
    cannot_load: bool = False

    def synthesize(self, text: str) -> Speech:
        if self.cannot_load:
            raise ModelUnavailableError("fake model missing")
        if self.fail:
            raise AudioError("fake failure")
        self.said.append(text)
        n = len(text) * self.info.sample_rate // 100  # type: ignore[operator]
        t = np.arange(n) / self.info.sample_rate  # type: ignore[operator]
        return Speech((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), self.info.sample_rate)  # type: ignore[arg-type]


def fake(voice_id: str, lang: str, rank: int, rate: int = 16_000, **kw: object) -> FakeVoice:
    info = VoiceInfo(voice_id, voice_id.split(":")[0], lang, voice_id, True, rank, "test", rate)
    return FakeVoice(info, **kw)  # type: ignore[arg-type]


def speaker(*voices: FakeVoice, cache: Path | None = None) -> Speaker:
    return Speaker(list(voices), AudioCache(cache))


def test_best_voice_per_language_is_chosen() -> None:
    s = speaker(
        fake("espeak:en", "en", 10), fake("piper:en", "en", 30), fake("mbrola:fa", "fa", 20)
    )
    assert s.choose("en").voice_id == "piper:en"
    assert s.choose("fa").voice_id == "mbrola:fa"
    audio = s.speak("Hello there.", "en")
    assert audio.voice_id == "piper:en" and audio.backend == "piper"
    assert [v.voice_id for v in s.available_voices()][:2] == ["piper:en", "espeak:en"]


def test_wav_output_is_16_bit_pcm() -> None:
    audio = speaker(fake("espeak:en", "en", 10, rate=22_050)).speak("Hello there.", "en")
    assert audio.mime_type == "audio/wav"
    with wave.open(io.BytesIO(audio.data)) as w:
        assert (w.getsampwidth(), w.getnchannels(), w.getframerate()) == (2, 1, 22_050)
        assert w.getnframes() / 22_050 == pytest.approx(audio.seconds, abs=0.01)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "empty"),
        ("   \n\t", "empty"),
        ("😀😀🎉", "no words"),
        ("!!! ... ???", "no words"),
        ("a" * (MAX_TEXT_CHARS + 1), "too long"),
    ],
)
def test_bad_text_is_a_clear_text_error(text: str, error: str) -> None:
    with pytest.raises(TextError, match=error):
        speaker(fake("espeak:en", "en", 10)).speak(text, "en")


def test_unsupported_language_format_and_voice() -> None:
    s = speaker(fake("espeak:en", "en", 10), fake("espeak:fa", "fa", 10))
    with pytest.raises(InputError, match="unsupported language"):
        s.speak("Hallo", "de")
    with pytest.raises(InputError, match="unsupported audio format"):
        s.speak("Hello", "en", format="mp3")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown voice"):
        s.speak("Hello", "en", voice="piper:nope")
    with pytest.raises(InputError, match="speaks 'fa'"):
        s.speak("Hello", "en", voice="espeak:fa")
    with pytest.raises(TextError):
        s.speak(None, "en")  # type: ignore[arg-type]


def test_no_voice_for_a_language() -> None:
    with pytest.raises(ModelUnavailableError, match="no voice for 'fa'"):
        speaker(fake("espeak:en", "en", 10)).speak("سلام", "fa")


def test_twenty_thousand_characters_are_spoken_in_sentence_chunks() -> None:
    voice = fake("espeak:en", "en", 10, rate=8_000)
    text = ("I breathe in slowly. I breathe out slowly! " * 500)[:MAX_TEXT_CHARS]
    audio = speaker(voice).speak(text, "en")
    assert audio.seconds > 100
    assert len(voice.said) >= MAX_TEXT_CHARS // 400
    assert all(len(chunk) <= 400 for chunk in voice.said[:-1])
    assert all(chunk.endswith((".", "!", "slowly")) for chunk in voice.said[:-1])


def test_mixed_scripts_go_to_a_voice_of_each_language() -> None:
    fa, en = fake("mbrola:fa", "fa", 20, rate=16_000), fake("piper:en", "en", 30, rate=22_050)
    audio = speaker(fa, en).speak("امروز با Doctor Smith صحبت کردم.", "fa")
    assert fa.said == ["امروز با", "صحبت کردم."]
    assert en.said == ["Doctor Smith"]
    assert audio.voice_id == "mbrola:fa" and audio.sample_rate == 16_000  # primary voice's rate


def test_voice_that_cannot_load_falls_back_and_says_why() -> None:
    broken = fake("piper:en", "en", 30, cannot_load=True)
    s = speaker(broken, fake("espeak:en", "en", 10))
    assert s.speak("Hello.", "en").voice_id == "espeak:en"
    info = {v.voice_id: v for v in s.available_voices()}["piper:en"]
    assert not info.available and "fake model missing" in info.why
    assert s.choose("en").voice_id == "espeak:en"


def test_one_failed_text_falls_back_without_retiring_the_voice() -> None:
    s = speaker(fake("piper:en", "en", 30, fail=True), fake("espeak:en", "en", 10))
    assert s.speak("Hello.", "en").voice_id == "espeak:en"
    assert s.choose("en").voice_id == "piper:en"


def test_pinned_voice_failure_is_not_hidden() -> None:
    s = speaker(fake("piper:en", "en", 30, fail=True), fake("espeak:en", "en", 10))
    with pytest.raises(AudioError, match="fake failure"):
        s.speak("Hello.", "en", voice="piper:en")


def test_cache_by_text_voice_and_format(tmp_path: Path) -> None:
    voice = fake("espeak:en", "en", 10)
    s = speaker(voice, cache=tmp_path)
    first = s.speak("Hello there.", "en")
    again = s.speak("Hello there.", "en")
    assert not first.cached and again.cached and again.data == first.data
    assert len(voice.said) == 1
    ogg = s.speak("Hello there.", "en", format="ogg")
    assert not ogg.cached and ogg.data[:4] == b"OggS" and len(voice.said) == 2
    s.speak("Hello again.", "en")
    assert len(voice.said) == 3
    assert len(list(tmp_path.rglob("*.wav"))) == 2 and len(list(tmp_path.rglob("*.ogg"))) == 1
    # a fresh Speaker on the same folder reuses the files
    other = fake("espeak:en", "en", 10)
    assert speaker(other, cache=tmp_path).speak("Hello there.", "en").cached and not other.said


def test_warm_up_loads_the_chosen_voices_and_skips_broken_ones() -> None:
    broken, en, fa = (
        fake("piper:en", "en", 30, cannot_load=True),
        fake("espeak:en", "en", 10),
        fake("mbrola:fa", "fa", 20),
    )
    s = speaker(broken, en, fa)
    s.warm_up()
    assert en.said == ["ok"] and fa.said == ["باشه"]
    assert s.choose("en").voice_id == "espeak:en"


def test_fallback_audio_is_not_cached_under_the_failed_voice(tmp_path: Path) -> None:
    class FailsOnce(FakeVoice):
        def synthesize(self, text: str) -> Speech:
            if not self.said:
                self.said.append("<failed>")
                raise AudioError("first call fails")
            return super().synthesize(text)

    flaky = FailsOnce(fake("piper:en", "en", 30).info)
    s = speaker(flaky, fake("espeak:en", "en", 10), cache=tmp_path)
    assert s.speak("Hello.", "en").voice_id == "espeak:en"
    assert not list(tmp_path.rglob("*.wav"))


def test_prefer_speed_ranks_neural_voices_last() -> None:
    voices = [fake("piper:en", "en", 30), fake("mbrola:en", "en", 20)]
    assert Speaker(voices, AudioCache(None)).choose("en").voice_id == "piper:en"
    fast = Speaker(voices, AudioCache(None), prefer="speed")
    assert fast.choose("en").voice_id == "mbrola:en"
    piper = {v.voice_id: v for v in fast.available_voices()}["piper:en"]
    assert piper.available and "prefer=speed" in piper.why


def test_cache_prunes_least_recently_used(tmp_path: Path) -> None:
    import os

    cache = AudioCache(tmp_path, max_bytes=10**9)
    s = Speaker([fake("espeak:en", "en", 10)], cache)
    for i in range(4):
        s.speak(f"Sentence number {i}.", "en")
    files = sorted(tmp_path.rglob("*.wav"))
    for age, path in enumerate(files):
        os.utime(path, (1000 + age, 1000 + age))
    one = files[0].stat().st_size
    cache.max_bytes = 2 * one + one // 2
    assert cache.prune() == 2
    assert sorted(tmp_path.rglob("*.wav")) == files[2:]
    assert len(list(tmp_path.rglob("*.json"))) == 2
