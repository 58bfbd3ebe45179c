"""Where the server sends e-mail, a new account confirms its address first, and sign-up answers
alike for a new and a taken address (the page and the API): only the address's owner learns,
by e-mail, which it was. Through a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hamdel.core.settings import Settings
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Delivery, User, utcnow
from hamdel.web.i18n import STRINGS
from tests.api.helpers import PASSWORD
from tests.conftest import Inbox
from tests.web.test_pages import _csrf


@pytest.fixture
def mail_app(settings: Settings, smtp_inbox: tuple[Inbox, int]) -> FastAPI:
    from hamdel.server.app import create_app

    _, port = smtp_inbox
    return create_app(
        settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_from": "hamdel@localhost",
                "smtp_starttls": False,
            }
        )
    )


def _mails(inbox: Inbox, count: int) -> list[tuple[list[str], str, str]]:
    """(recipients, subject, plain body) of the first ``count`` e-mails, waiting for them."""
    deadline = time.monotonic() + 20
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) >= count, f"{len(inbox.messages)} of {count} e-mails arrived"
    out = []
    for rcpt, raw in inbox.messages[:count]:
        m = message_from_bytes(raw, policy=policy.default)
        body = (m.get_body(preferencelist=("plain",)) or m).get_content()
        out.append((rcpt, str(m["Subject"]), body))
    return out


def _token(body: str) -> str:
    match = re.search(r"/account/confirm\?token=(\S+)", body)
    assert match, body
    return match.group(1)


def test_settings_confirm_where_mail_is_set_up(settings: Settings) -> None:
    assert not settings.confirms_email  # a laptop without mail signs up at once
    assert settings.model_copy(update={"smtp_host": "mail.lan"}).confirms_email
    assert not settings.model_copy(
        update={"smtp_host": "mail.lan", "confirm_email": False}
    ).confirms_email


def test_api_new_and_taken_address_answer_alike_and_only_a_confirmed_account_signs_in(
    mail_app: FastAPI, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    with TestClient(mail_app) as client:
        ana = {"email": "Ana@Example.org", "password": PASSWORD}
        new = client.post("/api/auth/signup", json=ana)
        assert new.status_code == 202
        ((rcpt, subject, body),) = _mails(inbox, 1)
        assert rcpt == ["ana@example.org"] and "Confirm" in subject
        token = _token(body)

        # not confirmed yet: the right password is refused, with what to do
        login = {"email": "ana@example.org", "password": PASSWORD}
        early = client.post("/api/auth/login", json=login)
        assert early.status_code == 401 and "confirm" in early.json()["detail"]
        assert client.post("/api/auth/token", json=login).status_code == 401
        # a confirmation token is no session
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/me", headers=bearer).status_code == 401

        assert client.post("/api/auth/confirm", json={"token": token}).status_code == 200
        assert client.post("/api/auth/confirm", json={"token": token}).status_code == 404  # once
        assert client.post("/api/auth/login", json=login).status_code == 200

        # the same address again (another password): the same answer, and its owner is told
        taken = client.post(
            "/api/auth/signup", json={"email": "ana@example.org", "password": "another long one 9"}
        )
        assert (taken.status_code, taken.json()) == (new.status_code, new.json())
        (_, (rcpt, subject, body)) = _mails(inbox, 2)
        assert rcpt == ["ana@example.org"] and "already have" in subject
        assert "/login" in body and "token" not in body
        # and the password did not change
        assert client.post("/api/auth/login", json=login).status_code == 200

        # a stranger repeating it cannot fill the owner's inbox: one note an hour
        for _ in range(3):
            stranger = {"email": "ana@example.org", "password": "yet another 77 x"}
            client.post("/api/auth/signup", json=stranger)
        time.sleep(1.0)
        assert len(inbox.messages) == 2


def test_a_waiting_account_gets_a_new_link_by_signing_up_again(
    mail_app: FastAPI, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    with TestClient(mail_app) as client:
        body = {"email": "bo@example.org", "password": PASSWORD}
        assert client.post("/api/auth/signup", json=body).status_code == 202
        first = _token(_mails(inbox, 1)[0][2])
        # within the hour: the first link stands, no second mail
        assert client.post("/api/auth/signup", json=body).status_code == 202
        time.sleep(0.5)
        assert len(inbox.messages) == 1
        state = mail_app.state.hamdel
        with transaction(state.sessions) as db:  # an hour later
            for d in db.scalars(select(Delivery).join(User).where(User.email == "bo@example.org")):
                d.created_at = utcnow() - timedelta(hours=2)
        assert client.post("/api/auth/signup", json=body).status_code == 202
        second = _token(_mails(inbox, 2)[1][2])
        assert second != first
        assert client.post("/api/auth/confirm", json={"token": second}).status_code == 200


def test_web_sign_up_page_is_the_same_for_a_taken_address(
    mail_app: FastAPI, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    pages = []
    for _ in range(2):
        with TestClient(mail_app) as client:
            csrf = _csrf(client.get("/signup").text)
            r = client.post(
                "/signup",
                data={"email": "cy@example.org", "password": PASSWORD, "csrf_token": csrf},
                follow_redirects=False,
            )
            pages.append((r.status_code, re.sub(r'value="[^"]{20,}"', "", r.text)))
            assert "hamdel_session" not in r.cookies
    assert pages[0] == pages[1] and pages[0][0] == 202
    assert 'id="signup-sent"' in pages[0][1]
    assert STRINGS["error_exists"]["en"] not in pages[0][1]
    # the account still waits, and its link went out minutes ago: no second e-mail this hour
    ((_, _, body),) = _mails(inbox, 1)
    time.sleep(0.5)
    assert len(inbox.messages) == 1

    with TestClient(mail_app) as client:
        csrf = _csrf(client.get("/login").text)
        login = {"email": "cy@example.org", "password": PASSWORD, "csrf_token": csrf}
        early = client.post("/login", data=login)
        assert early.status_code == 403 and STRINGS["error_unconfirmed"]["en"] in early.text
        # opening the link changes nothing (mail scanners open links): the button does
        link = re.search(r"(http://testserver/account/confirm\?token=\S+)", body)
        assert link, body
        page = client.get(link.group(1))
        assert page.status_code == 200 and 'id="account-confirm-form"' in page.text
        with transaction(mail_app.state.hamdel.sessions) as db:
            user = repo.get_user_by_email(db, email="cy@example.org")
            assert user is not None and user.awaiting_confirmation
        r = client.post(
            "/account/confirm",
            data={"token": _token(body), "csrf_token": _csrf(page.text)},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/home"
        assert client.get("/home").status_code == 200  # signed in
        fresh = _csrf(client.get(link.group(1)).text)  # signing in set a new CSRF cookie
        again = client.post("/account/confirm", data={"token": _token(body), "csrf_token": fresh})
        assert again.status_code == 404 and 'id="account-confirm-invalid"' in again.text


def test_persian_confirmation_mail_and_page(
    mail_app: FastAPI, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp_inbox
    with TestClient(mail_app) as client:
        csrf = _csrf(client.get("/signup?lang=fa").text)
        r = client.post(
            "/signup",
            data={"email": "dara@example.org", "password": PASSWORD, "csrf_token": csrf,
                  "language": "fa"},
        )  # fmt: skip
        assert r.status_code == 202 and 'dir="rtl"' in r.text
        assert STRINGS["signup_sent"]["fa"].split("{")[0] in r.text
        ((_, subject, body),) = _mails(inbox, 1)
        assert "تأیید" in subject and "/account/confirm?token=" in body


def test_unconfirmed_accounts_are_removed_after_a_week(mail_app: FastAPI) -> None:
    from hamdel.companion.monitor import run_monitor

    with TestClient(mail_app) as client:
        for email in ("old@example.org", "new@example.org"):
            client.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
        sessions = mail_app.state.hamdel.sessions
        with transaction(sessions) as db:
            old = repo.get_user_by_email(db, email="old@example.org")
            assert old is not None
            old.created_at = utcnow() - timedelta(days=8)
        report = run_monitor(sessions, lambda *a, **k: ([], None), now=utcnow())
        assert report.unconfirmed_removed == 1
        with transaction(sessions) as db:
            emails = {u.email for u in db.query(User)}
        assert emails == {"new@example.org"}
