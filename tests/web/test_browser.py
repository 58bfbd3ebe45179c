"""A person in Debian's Chromium signs up, signs in, switches to Persian and sees a RTL page.

The server runs exactly as `hamdel serve` does (uvicorn, secure cookies on http://127.0.0.1).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serve(tmp_path: Path, change: Callable[[object], None] | None = None) -> Iterator[str]:
    """The app as `hamdel serve` runs it (uvicorn, shipped settings); ``change`` adjusts its
    loaded components first."""
    import uvicorn

    from hamdel.api.app import create_app
    from hamdel.core.settings import load_settings

    port = _free_port()
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'hamdel.db'}", port=port)
    assert settings.cookie_secure  # the shipped default, as a real user gets it
    app = create_app(settings)
    if change is not None:
        change(app.state.hamdel.components)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    with _serve(tmp_path) as url:
        yield url


def _unsure(text: str) -> object:
    from hamdel.companion import Signal
    from hamdel.perception.text.normalize import detect_language, normalize

    language = detect_language(normalize(text))
    return Signal(source="text", check_in=True, reasons=("test: unsure",), language=language)


@pytest.fixture
def asking_server(tmp_path: Path) -> Iterator[str]:
    """The app whose crisis check is unsure of every message (a check-in each time)."""

    def unsure(components: object) -> None:
        components.crisis = _unsure  # type: ignore[attr-defined]

    with _serve(tmp_path, unsure) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(locale="en-US")
        yield context.new_page()
        context.close()
        browser.close()


def test_sign_up_sign_in_and_switch_to_persian(live_server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/")
    assert page.get_attribute("html", "dir") == "ltr"
    page.click("text=Create an account")
    page.fill("input[name=email]", "leila@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.fill("input[name=display_name]", "Leila")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{live_server}/home")
    assert "Leila" in page.inner_text("#greeting")

    page.click("#sign-out")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "leila@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{live_server}/home")

    page.goto(f"{live_server}/settings")
    page.check("input[name=language][value=fa]")
    page.click("#language-form button[type=submit]")
    page.wait_for_url(f"{live_server}/settings?saved=1")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "fa"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "تنظیمات" in page.inner_text("h1")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Naskh Arabic" in font
    page.screenshot(path=str(tmp_path / "settings-fa.png"), full_page=True)
    shutil.copy(tmp_path / "settings-fa.png", Path("/tmp/hamdel-settings-fa.png"))

    page.goto(f"{live_server}/home")  # the choice is on the account, not only on this page
    assert page.get_attribute("html", "dir") == "rtl"

    page.fill("#chat-form textarea", "امروز خیلی خسته و غمگینم")
    page.click("#chat-form button[type=submit]")
    page.wait_for_selector("#reply")
    assert page.get_attribute("#reply", "dir") == "rtl"
    assert page.get_attribute("#reply", "data-kind") == "support"
    page.screenshot(path="/tmp/hamdel-home-fa.png", full_page=True)

    # three suggestions, in Persian; rated without leaving the page; the reply read aloud
    assert page.locator("#reply ol.suggestions > li").count() == 3
    page.click("#reply ol.suggestions > li:first-child form.feedback button[value='1']")
    page.wait_for_selector("#reply form.feedback[data-sent=up]")
    page.click("#reply button.listen")
    page.wait_for_selector("#reply button.listen[data-voice=ready]", timeout=60_000)
    duration = page.evaluate(
        "new Promise(ok => { const a = document.getElementById('reply-audio');"
        " a.readyState >= 1 ? ok(a.duration) : a.addEventListener('loadedmetadata',"
        " () => ok(a.duration)); })"
    )
    assert duration > 1.0
    import json

    page.goto(f"{live_server}/api/feedback")
    (rating,) = json.loads(page.inner_text("body"))
    assert rating["rating"] == 1 and rating["item_kind"] == "suggestion"


def test_fill_the_profile_in_persian(live_server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Persian reader fills the profile form (RTL), meets an error in Persian, fixes it, saves."""
    import json

    page.set_default_timeout(90_000)  # the machine is shared with training jobs
    page.goto(f"{live_server}/signup")
    page.fill("input[name=email]", "sima@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{live_server}/home")
    page.goto(f"{live_server}/settings")
    page.check("input[name=language][value=fa]")
    page.click("#language-form button[type=submit]")
    page.wait_for_url(f"{live_server}/settings?saved=1")

    page.click("#nav-profile")
    page.wait_for_url(f"{live_server}/profile")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('#profile-form')).direction") == (
        "rtl"
    )
    assert page.locator("#profile-form input:checked").count() == 0  # nothing pre-ticked
    device_zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert page.input_value("input[name=timezone]") == device_zone  # suggested by app.js

    page.check("input[name=share_age_range]")
    page.check("input[name=age_range][value='27-35']")
    page.check("input[name=share_risk_habits]")
    page.check("input[name=risk_habits][value=smoking]")
    page.check("input[name=share_sleep_hours]")
    page.fill("input[name=sleep_hours]", "6.5")
    page.check("input[name=share_preferred_message_kinds]")
    page.check("input[name=preferred_message_kinds][value=calm]")
    page.check("input[name=share_messages_per_day]")
    page.fill("input[name=messages_per_day]", "12")  # too many: refused, in Persian
    page.check("input[name=share_timezone]")
    page.check("input[name=share_region]")
    page.fill("input[name=region]", "اصفهان")
    page.click("#profile-form button[type=submit]")
    page.wait_for_selector("#error-messages_per_day")
    assert "عدد صحیح بین ۰ تا ۱۰" in page.inner_text("#error-messages_per_day")
    assert page.input_value("input[name=region]") == "اصفهان"  # what was typed is kept
    assert page.is_checked("input[name=risk_habits][value=smoking]")
    page.screenshot(path="/tmp/hamdel-profile-fa-error.png", full_page=True)

    page.fill("input[name=messages_per_day]", "2")
    page.click("#profile-form button[type=submit]")
    page.wait_for_url(f"{live_server}/profile?saved=1")
    assert page.is_visible("#profile-saved") and page.get_attribute("html", "dir") == "rtl"
    page.screenshot(path=str(tmp_path / "profile-fa.png"), full_page=True)
    shutil.copy(tmp_path / "profile-fa.png", Path("/tmp/hamdel-profile-fa.png"))

    page.goto(f"{live_server}/api/profile")
    stored = {a["name"]: a["value"] for a in json.loads(page.inner_text("body"))["attributes"]}
    assert stored == {
        "age_range": "27-35",
        "risk_habits": ["smoking"],
        "sleep_hours": 6.5,
        "preferred_message_kinds": ["calm"],
        "messages_per_day": 2,
        "timezone": device_zone,
        "region": "اصفهان",
    }


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_check_in_is_asked_and_answered_in_the_page(  # type: ignore[no-untyped-def]
    asking_server: str, page, tmp_path: Path, lang: str
) -> None:
    from hamdel.companion.reply import CHECK_IN_TEXT

    if lang == "fa":  # signed out, the language is a cookie the settings page sets
        page.goto(f"{asking_server}/settings")
        page.check("input[name=language][value=fa]")
        page.click("#language-form button[type=submit]")
    page.goto(f"{asking_server}/signup")
    page.fill("input[name=email]", f"ask-{lang}@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(f"{asking_server}/home")
    page.fill(
        "#chat-form textarea", "همه‌چیز بی‌معنی شده" if lang == "fa" else "it all feels pointless"
    )
    page.click("#chat-form button[type=submit]")
    question = page.locator("#check-in .question")
    assert question.inner_text() == CHECK_IN_TEXT[lang]["question"]
    assert page.locator("#reply .suggestions li").count() == 3  # the normal reply stays
    assert page.locator("#reply .crisis-lines li").count() >= 1  # and the lines are in view
    page.screenshot(path=str(tmp_path / f"check-in-{lang}.png"), full_page=True)
    page.click("#check-in-no")
    assert page.locator("#reply .ack").inner_text() == CHECK_IN_TEXT[lang]["thanks_no"]
    page.fill("#chat-form textarea", "still" if lang == "en" else "هنوزم")
    page.click("#chat-form button[type=submit]")
    # the same doubt, after a "no" an hour ago: not asked again
    assert page.locator("#check-in").count() == 0
