"""The browser pages through plain HTTP: forms with CSRF, language switch and RTL."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hamdel.web.i18n import STRINGS


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form without a CSRF field"
    return match.group(1)


def test_every_string_exists_in_both_languages() -> None:
    for key, values in STRINGS.items():
        assert set(values) == {"en", "fa"}, key
        assert all(v.strip() for v in values.values()), key


def test_landing_page_is_english_ltr_by_default(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<html lang="en" dir="ltr">' in r.text
    # help on every page: with no country known, a chooser, the directory and the emergency
    # sentence, never another country's lines
    assert 'name="country"' in r.text and "findahelpline.com" in r.text
    assert "988" not in r.text and "1480" not in r.text
    r = client.get("/crisis?country=US")
    assert 'data-country="US"' in r.text and 'href="tel:988"' in r.text
    assert "not a therapist" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_accept_language_fa_gives_rtl(client: TestClient) -> None:
    r = client.get("/login", headers={"Accept-Language": "fa-IR,fa;q=0.9"})
    assert '<html lang="fa" dir="rtl">' in r.text
    assert STRINGS["sign_in"]["fa"] in r.text


def test_signup_login_and_switch_to_persian(client: TestClient) -> None:
    csrf = _csrf(client.get("/signup").text)
    r = client.post(
        "/signup",
        data={"email": "neda@example.org", "password": "a long password", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/home"
    home = client.get("/home")
    assert home.status_code == 200 and 'id="sign-out"' in home.text

    settings_page = client.get("/settings").text
    r = client.post("/settings", data={"language": "fa", "csrf_token": _csrf(settings_page)})
    assert r.status_code == 200
    assert '<html lang="fa" dir="rtl">' in r.text and STRINGS["saved"]["fa"] in r.text
    assert client.get("/api/me").json()["language"] == "fa"  # stored on the account

    client.post("/logout", data={"csrf_token": _csrf(client.get("/home").text)})
    assert client.get("/home", follow_redirects=False).status_code == 303
    assert csrf != client.cookies.get("hamdel_csrf")  # the token rotated at sign-in
    csrf = _csrf(client.get("/login").text)
    r = client.post(
        "/login",
        data={"email": "neda@example.org", "password": "a long password", "csrf_token": csrf},
    )
    assert r.status_code == 200 and '<html lang="fa" dir="rtl">' in r.text


def test_forms_without_csrf_are_refused(client: TestClient) -> None:
    client.get("/signup")
    r = client.post("/signup", data={"email": "x@example.org", "password": "a long password"})
    assert r.status_code == 403
    r = client.post(
        "/login",
        data={"email": "x@example.org", "password": "a long password", "csrf_token": "forged"},
    )
    assert r.status_code == 403


def test_form_errors_are_shown_not_500(client: TestClient) -> None:
    csrf = _csrf(client.get("/signup").text)
    r = client.post("/signup", data={"email": "bad", "password": "short", "csrf_token": csrf})
    assert r.status_code == 400 and 'role="alert"' in r.text and 'aria-invalid="true"' in r.text
    data = {"email": "dup@example.org", "password": "a long password", "csrf_token": csrf}
    client.post("/signup", data=data)
    client.cookies.delete("hamdel_session")
    data["csrf_token"] = client.cookies["hamdel_csrf"]
    r = client.post("/signup", data=data)
    assert r.status_code == 409
    r = client.post("/login", data={**data, "password": "wrong password"})
    assert r.status_code == 401 and STRINGS["error_credentials"]["en"] in r.text


def test_signed_out_visitor_can_switch_language_by_cookie(client: TestClient) -> None:
    csrf = _csrf(client.get("/settings").text)
    r = client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    assert '<html lang="fa" dir="rtl">' in r.text
    assert '<html lang="fa" dir="rtl">' in client.get("/").text


def _signed_up(client: TestClient, email: str = "chat@example.org") -> str:
    csrf = _csrf(client.get("/signup").text)
    client.post("/signup", data={"email": email, "password": "a long password", "csrf_token": csrf})
    return _csrf(client.get("/home").text)


def test_chat_form_crisis_reply_shows_resources_only(client: TestClient) -> None:
    csrf = _signed_up(client)
    r = client.post("/chat", data={"text": "I want to kill myself tonight", "csrf_token": csrf})
    assert r.status_code == 200
    assert 'data-kind="crisis"' in r.text and 'name="country"' in r.text  # asked to choose
    assert STRINGS["suggestions_title"]["en"] not in r.text
    assert "⚠" in r.text  # the timeline marks the moment
    shared = client.put(
        "/api/profile/country",
        json={"consent": True, "value": "GB"},
        headers={"X-CSRF-Token": csrf},
    )
    assert shared.status_code == 200, shared.text
    r = client.post("/chat", data={"text": "I want to kill myself tonight", "csrf_token": csrf})
    assert 'data-country="GB"' in r.text and 'href="tel:116123"' in r.text
    assert 'href="tel:988"' not in r.text  # the person's country only


def test_chat_form_uncertain_words_get_the_reply_and_a_question(client: TestClient) -> None:
    csrf = _signed_up(client)
    r = client.post("/chat", data={"text": "I don't want to live anymore", "csrf_token": csrf})
    assert r.status_code == 200 and 'data-kind="support"' in r.text
    assert 'id="check-in"' in r.text and 'id="check-in-yes"' in r.text
    assert STRINGS["suggestions_title"]["en"] in r.text and 'name="country"' in r.text


def test_chat_form_support_reply_and_timeline(client: TestClient) -> None:
    csrf = _signed_up(client)
    r = client.post("/chat", data={"text": "امروز کمی خسته‌ام", "csrf_token": csrf})
    assert r.status_code == 200 and 'data-kind="support"' in r.text
    assert 'lang="fa" dir="rtl" data-kind="support"' in r.text  # replies in the language written in
    r = client.post("/chat", data={"text": "   ", "csrf_token": csrf})
    assert r.status_code == 400 and STRINGS["error_text"]["en"] in r.text
    assert client.post("/chat", data={"text": "hi", "csrf_token": "forged"}).status_code == 403


def test_heart_upload_form(client: TestClient) -> None:
    import numpy as np

    csrf = _signed_up(client, "heart@example.org")
    rr = 800 + 40 * np.random.default_rng(1).standard_normal(900)
    data = "\n".join(f"{v:.1f}" for v in rr).encode()
    r = client.post("/upload/heart", data={"csrf_token": csrf}, files={"file": ("rr.txt", data)})
    assert r.status_code == 200 and 'id="upload-result"' in r.text and 'id="reply"' in r.text
    r = client.post(
        "/upload/heart", data={"csrf_token": csrf}, files={"file": ("mine.txt", b"1\n2")}
    )
    assert r.status_code == 422 and "mine.txt" in r.text and "/tmp/" not in r.text
    assert STRINGS["upload_too_short"]["en"].format(name="mine.txt") in r.text  # in words
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    r = client.post(
        "/upload/voice", data={"csrf_token": csrf}, files={"file": ("note.wav", b"RIFF junk")}
    )
    assert r.status_code == 422 and "Errno" not in r.text
    assert STRINGS["upload_unreadable_voice"]["fa"].format(name="note.wav") in r.text
    r = client.post("/upload/heart", data={"csrf_token": "x"}, files={"file": ("rr.txt", data)})
    assert r.status_code == 403


def test_suggestions_can_be_rated_without_javascript(client: TestClient) -> None:
    csrf = _signed_up(client, "rate@example.org")
    r = client.post("/chat", data={"text": "I am so angry at my boss today", "csrf_token": csrf})
    ids = re.findall(r'name="item_id" value="([^"]+)"', r.text)
    assert len(ids) >= 3  # three suggestions (and perhaps a message), each with thumbs
    assert 'class="listen" hidden' in r.text  # shown by app.js, which needs /api/speak
    r = client.post(
        "/feedback",
        data={"csrf_token": csrf, "item_kind": "suggestion", "item_id": ids[0], "rating": "-1"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/home?noted=1"
    assert STRINGS["noted"]["en"] in client.get("/home?noted=1").text
    (row,) = client.get("/api/feedback").json()
    assert row["item_id"] == ids[0] and row["rating"] == -1
    bad = {"csrf_token": csrf, "item_kind": "post", "item_id": ids[0], "rating": "5"}
    assert client.post("/feedback", data=bad).status_code == 400
    forged = {**bad, "item_kind": "suggestion", "rating": "1", "csrf_token": "forged"}
    assert client.post("/feedback", data=forged).status_code == 403


def test_scheduled_messages_wait_on_the_home_page(client: TestClient) -> None:
    from datetime import UTC, datetime

    from markupsafe import escape

    from hamdel.companion.monitor import run_monitor

    csrf = _signed_up(client, "inbox@example.org")
    r = client.put(
        "/api/profile/message_periods",
        json={"value": ["morning", "afternoon", "evening", "night"], "consent": True},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 200, r.text
    state = client.app.state.hamdel  # type: ignore[attr-defined]
    report = run_monitor(state.sessions, state.components.recommend, now=datetime.now(UTC))
    assert report.delivered == 1
    (message,) = client.get("/api/messages").json()
    page = client.get("/home").text  # the message is in the conversation, with its thumbs
    assert 'data-kind="message"' in page and str(escape(message["text"])) in page
    assert f'name="item_id" value="{message["item_id"]}"' in page


def test_change_password_and_sign_out_everywhere_from_the_settings_page(
    client: TestClient, app
) -> None:  # type: ignore[no-untyped-def]
    csrf = _csrf(client.get("/signup").text)
    client.post(
        "/signup",
        data={"email": "roya@example.org", "password": "a long password", "csrf_token": csrf},
    )
    other = TestClient(app)
    other.post("/api/auth/login", json={"email": "roya@example.org", "password": "a long password"})
    assert other.get("/api/me").status_code == 200
    page = client.get("/settings").text
    assert 'id="password-form"' in page and 'id="everywhere-form"' in page
    bad = {"current": "a long password", "new": "1234567890", "csrf_token": _csrf(page)}
    r = client.post("/account/password", data=bad)
    assert r.status_code == 400 and STRINGS["error_weak_password"]["en"] in r.text
    good = {**bad, "new": "quiet river morning"}
    r = client.post("/account/password", data=good, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/settings?password=1"
    assert client.get("/api/me").status_code == 200  # this browser stays signed in
    assert other.get("/api/me").status_code == 401  # the other one is out
    r = client.post(
        "/account/sign-out-everywhere",
        data={"csrf_token": _csrf(client.get("/settings").text)},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/login"
    assert client.get("/home", follow_redirects=False).status_code == 303


def test_caveats_under_a_reply_are_in_the_page_language(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    components = app.state.hamdel.components
    if components.voice is None:
        pytest.skip("needs the voice model")
    from hamdel.voice_out import Speaker

    components.transcribe = None  # a server without speech-to-text: the note says so
    csrf = _signed_up(client, "notes@example.org")
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    audio = Speaker.load().speak("I had a long day at work", "en", format="wav").data
    r = client.post("/upload/voice", data={"csrf_token": csrf}, files={"file": ("n.wav", audio)})
    assert r.status_code == 200, r.text[:300]
    assert STRINGS["note_no_transcript"]["fa"] in r.text and "speech-to-text is not" not in r.text


def test_an_expired_form_says_so_in_the_persons_language_and_changes_nothing(
    client: TestClient,
) -> None:
    """Every signed-in form is guarded in one place: a forged or stale token gets one page, in
    the person's language, with the way back; a form without a session goes to sign-in."""
    csrf = _signed_up(client, "expired@example.org")
    assert client.post("/settings", data={"language": "fa", "csrf_token": csrf}).status_code == 200
    for path, data in (
        ("/chat", {"text": "hello"}),
        ("/contacts", {"name": "R", "channel": "email", "address": "r@example.org"}),
        ("/mood", {"mood": "3"}),
        ("/account/sign-out-everywhere", {}),
    ):
        r = client.post(
            path,
            data={**data, "csrf_token": "stale"},
            headers={"referer": "http://testserver/home"},
        )
        assert r.status_code == 403, path
        assert 'id="form-expired"' in r.text and STRINGS["form_expired_text"]["fa"] in r.text
        assert 'dir="rtl"' in r.text and 'href="/home"' in r.text
    assert client.get("/api/contacts").json() == []  # nothing was changed
    assert client.get("/home").status_code == 200  # still signed in (sign-out refused)
    anonymous = TestClient(client.app)
    r = anonymous.post("/chat", data={"text": "hi", "csrf_token": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
