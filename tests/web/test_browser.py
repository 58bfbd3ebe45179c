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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless, offline and quiet: what every browser test launches Debian's Chromium with."""
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
def _serve(
    tmp_path: Path, change: Callable[[object], None] | None = None, **overrides: object
) -> Iterator[str]:
    """The app as `hamdel serve` runs it (uvicorn, shipped settings, plus ``overrides``);
    ``change`` adjusts its loaded components first."""
    import uvicorn

    from hamdel.core.settings import load_settings
    from hamdel.server.app import create_app

    port = _free_port()
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'hamdel.db'}",
        port=port,
        **{k: (v.format(port=port) if isinstance(v, str) else v) for k, v in overrides.items()},
    )
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
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
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

    # the setting "read every reply aloud": the next reply speaks by itself
    page.goto(f"{live_server}/settings")
    page.check("#speak-replies")
    page.click("#language-form button[type=submit]")
    page.wait_for_selector("#speak-replies:checked")
    page.goto(f"{live_server}/home")
    page.fill("#chat-form textarea", "امروز بهتر بود، ممنون")
    page.click("#chat-form button[type=submit]")
    page.wait_for_selector("#reply[data-speak=auto] button.listen[data-played]", timeout=60_000)
    assert page.get_attribute("#reply button.listen", "data-played") == "yes"


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
    page.fill("input[name=sleep_hours]", "۶٫۵")  # Persian digits, as a Persian keyboard types them
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

    page.fill("input[name=messages_per_day]", "۲")
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
    # and help is in view: no country known yet, so the chooser and the directory
    assert page.locator("#reply .country-choice select").count() == 1
    assert page.locator("#reply .international a").count() == 1
    page.screenshot(path=str(tmp_path / f"check-in-{lang}.png"), full_page=True)
    page.click("#check-in-no")
    assert page.locator("#reply .ack").inner_text() == CHECK_IN_TEXT[lang]["thanks_no"]
    page.fill("#chat-form textarea", "still" if lang == "en" else "هنوزم")
    page.click("#chat-form button[type=submit]")
    # the same doubt, after a "no" an hour ago: not asked again
    assert page.locator("#check-in").count() == 0


def test_a_contact_agrees_in_their_own_browser_and_a_crisis_reaches_them(
    tmp_path: Path, page, smtp_inbox
) -> None:  # type: ignore[no-untyped-def]
    """In Persian: the person adds a contact; the contact, in another browser, opens the link
    from their e-mail and types the code; a crisis message tells the person the contact was
    told and shows the lines of the chosen country; the contact gets the alert in Persian."""
    import re
    from email import message_from_bytes, policy

    inbox, smtp_port = smtp_inbox
    page.set_default_timeout(60_000)

    def mail(i: int) -> tuple[str, str]:
        deadline = time.monotonic() + 30
        while len(inbox.messages) <= i:
            assert time.monotonic() < deadline, f"e-mail {i + 1} did not arrive"
            time.sleep(0.1)
        m = message_from_bytes(inbox.messages[i][1], policy=policy.default)
        return str(m["Subject"]), (m.get_body(preferencelist=("plain",)) or m).get_content()

    with _serve(
        tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_from="hamdel@localhost",
        smtp_starttls=False, base_url="http://127.0.0.1:{port}",
    ) as url:  # fmt: skip
        page.goto(f"{url}/signup")
        page.fill("input[name=email]", "nazanin@example.org")
        page.fill("input[name=password]", "a long enough password")
        page.fill("input[name=display_name]", "نازنین")
        page.click("#signup-form button[type=submit]")
        # e-mail is set up: the address is confirmed first, by the link sent to it
        page.wait_for_selector("#signup-sent")
        page.screenshot(path="/tmp/hamdel-signup-sent-fa.png", full_page=True)
        subject, body = mail(0)
        assert "Confirm" in subject  # signed up on the English page: the e-mail is English
        confirm_url = re.search(r"(http://\S+/account/confirm\?token=\S+)", body)
        assert confirm_url, body
        page.goto(confirm_url.group(1))
        page.click("#account-confirm-form button[type=submit]")
        page.wait_for_url(f"{url}/home")
        page.goto(f"{url}/settings")
        page.check("input[name=language][value=fa]")
        page.click("#language-form button[type=submit]")
        page.wait_for_url(f"{url}/settings?saved=1")

        page.goto(f"{url}/contacts")
        page.fill("#contact-form input[name=name]", "سارا")
        page.fill("#contact-form input[name=address]", "sara@example.org")
        page.click("#contact-form button[type=submit]")
        page.wait_for_selector("#invitation-sent")
        assert page.locator("#confirm-link").count() == 0
        page.screenshot(path="/tmp/hamdel-contacts-fa.png", full_page=True)

        subject, body = mail(1)
        assert "نازنین" in subject
        link = re.search(r"http://127\.0\.0\.1:\d+/contacts/confirm\?token=\S+", body)
        code = re.search(r"[۰-۹0-9]{6}", body)
        assert link and code, body

        # the person's own browser cannot agree
        page.goto(link.group(0))
        assert page.locator("#confirm-not-yours").count() == 1
        # the contact, in their own browser, types the code as it came (Persian digits)
        other = page.context.browser.new_context(locale="fa-IR")
        contact_page = other.new_page()
        contact_page.goto(link.group(0))
        assert contact_page.get_attribute("html", "dir") == "rtl"
        contact_page.fill("input[name=code]", code.group(0))
        contact_page.screenshot(path="/tmp/hamdel-confirm-fa.png", full_page=True)
        contact_page.click("#confirm-form button[type=submit]")
        contact_page.wait_for_selector("#confirm-done")
        other.close()

        page.goto(f"{url}/contacts")
        assert page.get_attribute("#contact-list li", "data-confirmed") == "yes"
        assert page.get_attribute("#contact-list li", "data-reachable") == "yes"

        page.goto(f"{url}/home")
        page.fill("#chat-form textarea", "دیگه نمی‌خوام زنده باشم، می‌خوام خودمو بکشم")
        page.click("#chat-form button[type=submit]")
        page.wait_for_selector("#reply")
        assert page.get_attribute("#reply", "data-kind") == "crisis"
        reply = page.inner_text("#reply")
        from hamdel.safety.texts import safety_text

        assert safety_text("fa", "person_contacts_told") in reply  # says the contact was told
        page.screenshot(path="/tmp/hamdel-crisis-fa.png", full_page=True)
        # no country in the profile: the person chooses one and gets its lines as tel: links
        page.select_option("#reply select[name=country]", "IR")
        page.click("#reply .country-choice button[type=submit]")
        page.wait_for_url(re.compile(r".*/crisis\?country=IR"))
        hrefs = page.eval_on_selector_all(".crisis-lines a", "els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(("tel:", "sms:")) for h in hrefs)
        page.screenshot(path="/tmp/hamdel-crisis-ir-fa.png", full_page=True)

        subject, body = mail(2)
        assert inbox.messages[1][0] == ["sara@example.org"]
        assert "نازنین" in subject and "خودمو" not in body  # never what the person wrote
        assert "/contacts/withdraw?token=" in body
