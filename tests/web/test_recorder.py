"""A voice note recorded in the page (templates/_recorder.html, app.js), in Debian's Chromium.

Chromium's fake microphone plays a WAV that the project's own speaker said in the page's language
("I had a really hard day at work today and I feel tired", and the same in Persian); the recorder
records it with MediaRecorder, puts it into #voice-form's file input and submits the form, so the
server takes the same path as a chosen file: the voice note comes back in the thread with its
transcript, and a reply is shown. With the microphone refused, missing or not recordable, the page
says so in its own language and the file input still works.

Skips (with the reason) while home.html does not include the recorder, and when the voice model
or speech-to-text is not installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from hamdel.perception.voice import SAMPLE_RATE, decode_audio
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _serve


def _home_has_recorder() -> bool:
    """home.html (as the app's template loader reads it) imports the recorder macro."""
    from hamdel.web.pages import templates

    source, _, _ = templates.env.loader.get_source(templates.env, "home.html")
    return '"_recorder.html"' in source


pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.timeout(600),  # the machine may be shared with other work
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
]

# Said in the account's language (the server tells Whisper that language); at least three of
# WORDS must come back in the transcript shown in the thread.
SPOKEN = {
    "en": "I had a really hard day at work today and I feel tired",
    "fa": "امروز سر کار روز خیلی سختی داشتم و خیلی خسته‌ام",
}
WORDS = {
    "en": ("hard", "day", "work", "today", "feel", "tired"),
    "fa": ("امروز", "کار", "روز", "خیلی", "سختی", "داشتم", "خسته"),
}
PASSWORD = "a long enough password"
LOCALE = {"en": "en-US", "fa": "fa-IR"}  # the account takes the browser's language at sign-up
ARGS = CHROMIUM_ARGS
# Waited for in the page (written as functions: the page's CSP refuses eval'd expressions)
FOCUS_ON_STOP = "() => document.activeElement && document.activeElement.id === 'rec-stop'"
SAYS_ERROR = "() => document.querySelector('#rec-status').classList.contains('error')"
RECORDING = "() => document.querySelector('#recorder').dataset.state === 'recording'"
LOUD = "() => document.querySelector('#rec-level').value > 0.3"  # the meter follows the voice
FOUR_SECONDS = "() => /[4-9٤-٩۴-۹]$/.test(document.querySelector('#rec-time').textContent)"
# The file #voice-form sends, kept across the page it loads (same tab, same origin)
KEEP_WHAT_IS_SENT = """() => {
  const form = document.querySelector('#voice-form');
  form.addEventListener('submit', () => {
    const file = form.querySelector('input[type=file]').files[0];
    sessionStorage.setItem('hamdel-test-sent', JSON.stringify({name: file.name, type: file.type,
      size: file.size, csrf: form.elements.csrf_token.value}));
  });
}"""
NO_RECORDER = (
    "home.html does not include the recorder yet: add "
    '{% from "_recorder.html" import recorder %} at the top and {{ recorder(t) }} inside '
    "#voice-form, after its csrf_token input"
)
pytestmark.append(pytest.mark.skipif(not _home_has_recorder(), reason=NO_RECORDER))


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sentences, said by the project's speaker (mono WAVs; Chromium loops one as the mic)."""
    from hamdel.voice_out import Speaker

    folder = tmp_path_factory.mktemp("mic")
    try:
        speaker = Speaker.load()
        for lang, text in SPOKEN.items():
            (folder / f"spoken-{lang}.wav").write_bytes(
                speaker.speak(text, lang, format="wav").data
            )
    except Exception as exc:  # no voice for a language on this machine
        pytest.skip(f"the speaker cannot say the test sentences: {exc}")
    return {lang: folder / f"spoken-{lang}.wav" for lang in SPOKEN}


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Launches Debian's Chromium with extra flags (one launch per call)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched: list[Any] = []

        def launch(*extra: str) -> Any:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=[*ARGS, *extra]
            )
            launched.append(browser)
            return browser

        yield launch
        for browser in launched:
            browser.close()


def _microphone(wav: Path) -> list[str]:
    """A fake microphone that plays ``wav``, allowed without a prompt."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    ]


@contextmanager
def _app(tmp_path: Path, change: Callable[[Any], None] | None = None) -> Iterator[str]:
    """``_serve``, stopped also when the test fails or skips inside it."""
    error: BaseException | None = None
    with _serve(tmp_path, change) as url:
        try:
            yield url
        except BaseException as exc:  # re-raised once the server is stopped
            error = exc
    if error is not None:
        raise error


def _needs_voice(components: Any) -> None:
    if components.voice is None or components.transcribe is None:
        pytest.skip("needs the voice model and speech-to-text (the speech extra)")


class _Ears:
    """Needs the voice model and speech-to-text, and keeps every recording the server reads."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    def __call__(self, components: Any) -> None:
        _needs_voice(components)
        read = components.voice

        def keep(data: bytes) -> Any:
            self.received.append(data)
            return read(data)

        components.voice = keep


def _strings(lang: str) -> dict[str, str]:
    from hamdel.web.i18n import translator

    t: dict[str, str] = translator(lang)
    keys = ["rec_start", "rec_stop", "rec_level", "rec_recording", "rec_too_short", "rec_denied"]
    keys += ["rec_missing"]
    missing = [k for k in keys if not t.get(k)]
    assert not missing, f"the recorder's strings are not in data/web/strings_*.toml: {missing}"
    return t


def _open_uploads(page: Any, url: str, lang: str) -> dict[str, str]:
    """Sign up (in ``lang``), open the upload section of the home page; the page's strings."""
    page.goto(f"{url}/signup")
    page.fill("input[name=email]", f"rec-{lang}@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{url}/home")
    assert page.get_attribute("html", "lang") == lang
    if page.locator("#voice-form .recorder").count() == 0:
        pytest.skip(NO_RECORDER)
    if page.get_attribute("#uploads", "open") is None:  # open on the home page: talk or write
        page.click("#uploads > summary")
    return _strings(lang)


def _voice_entry(page: Any) -> str:
    entry = page.locator('#thread li.entry.person[data-kind="voice"]').last
    return str(entry.inner_text()).lower()


def _seconds(clock: str) -> int:
    """'0:04' or '۰:۰۴' as seconds."""
    western = clock.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))
    minutes, seconds = western.strip().split(":")
    return int(minutes) * 60 + int(seconds)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_record_a_voice_note_and_get_a_reply(  # type: ignore[no-untyped-def]
    chromium, spoken: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    browser = chromium(*_microphone(spoken[lang]))
    context = browser.new_context(locale=LOCALE[lang])
    page = context.new_page()
    page.set_default_timeout(120_000)  # Whisper loads on the first voice note
    ears = _Ears()
    with _app(tmp_path, ears) as url:
        t = _open_uploads(page, url, lang)
        box = page.locator("#recorder")
        assert box.is_visible()  # this browser can record
        assert page.is_visible("#voice-form input[type=file]")  # and the file input stays
        record = page.get_by_role("button", name=t["rec_start"])
        stop = page.get_by_role("button", name=t["rec_stop"])
        assert record.is_enabled() and stop.is_disabled()
        assert page.get_attribute("#rec-level", "aria-label") == t["rec_level"]
        if lang == "fa":
            assert (
                page.evaluate("getComputedStyle(document.querySelector('#recorder')).direction")
                == "rtl"
            )
            assert page.inner_text("#rec-time") == "۰:۰۰"  # Persian digits

            # too short (under a second; here under 30 s, for a busy machine): nothing is sent,
            # and the page says so
            page.evaluate(
                "() => { document.querySelector('#recorder').dataset.minSeconds = '30'; }"
            )
            record.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(FOCUS_ON_STOP)
            page.keyboard.press("Enter")
            page.wait_for_function(SAYS_ERROR)
            assert page.inner_text("#rec-status") == t["rec_too_short"]
            assert page.url == f"{url}/home" and record.is_enabled()
            assert page.evaluate("document.activeElement.id") == "rec-start"
            page.evaluate(
                "() => { delete document.querySelector('#recorder').dataset.minSeconds; }"
            )

        page.evaluate(KEEP_WHAT_IS_SENT)
        if lang == "fa":  # the limit (a minute) made 5 s: stopped and sent without Stop
            page.evaluate("() => { document.querySelector('#recorder').dataset.maxSeconds = '5'; }")
        # with the keyboard: Enter on Record, then focus is on Stop
        record.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(RECORDING)
        assert page.evaluate("document.activeElement.id") == "rec-stop"
        assert page.inner_text("#rec-status") == t["rec_recording"]
        assert page.get_attribute("#rec-status", "aria-live") == "polite"
        page.wait_for_function(LOUD, timeout=10_000)
        if lang == "en":
            page.wait_for_function(FOUR_SECONDS, timeout=15_000)
            assert 4 <= _seconds(page.inner_text("#rec-time")) < 10
            page.screenshot(path=f"/tmp/hamdel-recorder-{lang}.png", full_page=True)
            with page.expect_navigation(url=f"{url}/upload/voice"):
                page.keyboard.press("Enter")  # Stop and send: #voice-form is submitted
        else:
            page.screenshot(path=f"/tmp/hamdel-recorder-{lang}.png", full_page=True)
            with page.expect_navigation(url=f"{url}/upload/voice", timeout=60_000):
                pass  # nothing pressed
        page.wait_for_selector("#reply")
        sent = json.loads(page.evaluate("() => sessionStorage.getItem('hamdel-test-sent')"))
        assert re.fullmatch(r"voice-note\.(ogg|webm)", sent["name"]), sent
        assert sent["type"] in ("audio/ogg", "audio/webm") and sent["csrf"], sent
        # what the upload handler got is that file (Ogg or WebM), and it decodes
        (data,) = [d for d in ears.received if len(d) == sent["size"]]
        assert data[:4] in (b"OggS", b"\x1aE\xdf\xa3"), data[:16]
        Path(f"/tmp/{sent['name'].replace('voice-note', f'hamdel-recorded-{lang}')}").write_bytes(
            data
        )
        assert 3.5 <= decode_audio(data).size / SAMPLE_RATE < 10
        page.screenshot(path=f"/tmp/hamdel-recorder-reply-{lang}.png", full_page=True)
        said = _voice_entry(page)
        heard = [w for w in WORDS[lang] if w in said]
        assert len(heard) >= 3, f"the transcript in the thread: {said!r}"
        assert page.get_attribute("#reply", "lang") == lang
    context.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_refused_microphone_is_explained_and_the_file_still_works(  # type: ignore[no-untyped-def]
    chromium, spoken: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    browser = chromium("--use-fake-device-for-media-stream", "--deny-permission-prompts")
    context = browser.new_context(locale=LOCALE[lang])
    page = context.new_page()
    page.set_default_timeout(120_000)
    with _app(tmp_path, _needs_voice) as url:
        t = _open_uploads(page, url, lang)
        record = page.get_by_role("button", name=t["rec_start"])
        record.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(SAYS_ERROR)
        assert page.inner_text("#rec-status") == t["rec_denied"]
        assert record.is_enabled() and page.is_disabled("#rec-stop")
        assert page.evaluate("document.activeElement.id") == "rec-start"  # focus is not lost
        page.screenshot(path=f"/tmp/hamdel-recorder-denied-{lang}.png", full_page=True)

        page.set_input_files("#voice-form input[type=file]", str(spoken[lang]))
        page.click("#voice-form button[type=submit]")
        page.wait_for_selector("#reply")
        said = _voice_entry(page)
        assert len([w for w in WORDS[lang] if w in said]) >= 3, said
    context.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_microphone_is_explained(chromium, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium().new_context(locale=LOCALE[lang])
    context.add_init_script(  # the same answer on a machine that has a microphone
        "navigator.mediaDevices.getUserMedia = () => Promise.reject("
        "new DOMException('Requested device not found', 'NotFoundError'));"
    )
    page = context.new_page()
    page.set_default_timeout(120_000)
    with _app(tmp_path) as url:
        t = _open_uploads(page, url, lang)
        page.get_by_role("button", name=t["rec_start"]).click()
        page.wait_for_function(SAYS_ERROR)
        assert page.inner_text("#rec-status") == t["rec_missing"]
    context.close()


def test_without_media_recorder_only_the_file_input_shows(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = chromium().new_context(locale="en-US")
    context.add_init_script("delete window.MediaRecorder;")
    page = context.new_page()
    page.set_default_timeout(120_000)
    with _app(tmp_path) as url:
        _open_uploads(page, url, "en")
        assert page.locator("#recorder").is_hidden()
        assert page.is_visible("#voice-form input[type=file]")
        assert page.is_visible("#voice-form button[type=submit]")
    context.close()
