"""Trusted contacts in the browser: add, list, remove, the contact's own confirmation page (a
code only they receive; never the person's session), withdrawing, the invitation and a test
message through a real SMTP server, and account deletion from the settings page."""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.core.settings import Settings
from hamdel.web.i18n import STRINGS
from tests.conftest import Inbox, free_port
from tests.web.test_pages import _csrf, _signed_up


def _app_with_smtp(settings: Settings, port: int) -> FastAPI:
    from hamdel.server.app import create_app

    return create_app(
        settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_from": "hamdel@localhost",
                "smtp_starttls": False,
                # sign-up at once: confirming addresses is tested in test_account_confirmation
                "confirm_email": False,
            }
        )
    )


def _link(html: str) -> str:
    match = re.search(r'id="confirm-link" readonly dir="ltr" value="([^"]+)"', html)
    assert match, "no confirmation link on the page"
    return match.group(1).replace("&amp;", "&")


def _token(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def _add(client: TestClient, csrf: str, **fields: str) -> str:
    data = {"name": "Reza", "channel": "email", "address": "reza@example.org", **fields}
    r = client.post("/contacts", data={**data, "csrf_token": csrf})
    assert r.status_code == 201, r.text
    return r.text


def _wait_for(inbox: Inbox, count: int) -> None:
    """The courier delivers after the request committed, on its own thread."""
    deadline = time.monotonic() + 20
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) >= count, f"{len(inbox.messages)} of {count} e-mails arrived"


def test_add_list_confirm_and_delete(app: FastAPI, client: TestClient) -> None:
    csrf = _signed_up(client, "mina@example.org")
    assert 'href="/contacts"' in client.get("/home").text
    assert STRINGS["contacts_empty"]["en"] in client.get("/contacts").text

    # no channel set up (no SMTP): the page says so and gives the link to pass on by hand
    page = _add(client, csrf)
    assert 'id="invitation-not-sent"' in page and "SMTP" in page
    link = _link(page)
    assert link.startswith("http://testserver/contacts/confirm?token=")
    (contact,) = client.get("/api/contacts").json()
    assert contact["confirmed"] is False and contact["name"] == "Reza"
    assert contact["reachable"] is False and contact["problem"]
    listing = client.get("/contacts")
    assert listing.headers["cache-control"] == "no-store"
    assert f'data-contact-id="{contact["id"]}" data-confirmed="no" data-reachable="no"' in (
        listing.text
    )
    assert STRINGS["contact_waiting"]["en"] in listing.text
    assert STRINGS["contact_unreachable"]["en"] in listing.text
    assert "token=" not in listing.text  # the link was shown once only

    # the person's own signed-in browser cannot agree for the contact
    r = client.get(link)
    assert r.status_code == 403 and 'id="confirm-not-yours"' in r.text
    r = client.post("/contacts/confirm", data={"token": _token(link), "csrf_token": csrf})
    assert r.status_code == 403 and client.get("/api/contacts").json()[0]["confirmed"] is False

    # the contact, with no account: GET shows who asked and confirms nothing
    stranger = TestClient(app)
    r = stranger.get(link)
    assert r.status_code == 200 and "mina@example.org" in r.text  # no display name: the e-mail
    assert "reza@example.org" in r.text and "Nothing else is shared" in r.text
    assert r.headers["cache-control"] == "no-store"
    assert client.get("/api/contacts").json()[0]["confirmed"] is False  # link scanners are harmless
    form_csrf = _csrf(r.text)
    assert stranger.post("/contacts/confirm", data={"token": _token(link)}).status_code == 403
    r = stranger.post("/contacts/confirm", data={"token": _token(link), "csrf_token": form_csrf})
    assert r.status_code == 200 and 'id="confirm-done"' in r.text
    (contact,) = client.get("/api/contacts").json()
    assert contact["confirmed"] is True and contact["confirmed_at"]
    assert 'data-confirmed="yes"' in client.get("/contacts").text

    # used or invalid links: a clear message, 404, on GET and POST
    for r in (
        stranger.get(link),
        stranger.get("/contacts/confirm?token=" + "x" * 40),
        stranger.get("/contacts/confirm"),
        stranger.post("/contacts/confirm", data={"token": _token(link), "csrf_token": form_csrf}),
    ):
        assert r.status_code == 404 and STRINGS["confirm_invalid"]["en"] in r.text

    # delete (and a forged form deletes nothing)
    r = client.post(f"/contacts/{contact['id']}/delete", data={"csrf_token": "forged"})
    assert r.status_code == 403 and len(client.get("/api/contacts").json()) == 1
    r = client.post(
        f"/contacts/{contact['id']}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/contacts?removed=1"
    assert client.get("/api/contacts").json() == []
    r = client.post(f"/contacts/{contact['id']}/delete", data={"csrf_token": csrf})
    assert r.status_code == 404


def test_contact_validation_matches_the_api(client: TestClient) -> None:
    csrf = _signed_up(client, "valid@example.org")
    plain_http = {"channel": "webhook", "address": "http://example.org/hook"}
    cases = [
        ({"address": "not an address"}, "address", "contact_error_email"),
        (plain_http, "address", "contact_error_webhook"),
        ({"name": "   "}, "name", "contact_error_name"),
        ({"channel": "sms", "address": "+989120000000"}, "channel", "contact_error_channel"),
        ({"address": "ab"}, "address", "contact_error_address"),
    ]
    for fields, field, key in cases:
        data = {"name": "Sara", "channel": "email", "address": "sara@example.org", **fields}
        r = client.post("/contacts", data={**data, "csrf_token": csrf})
        assert r.status_code == 400, fields
        assert f'id="error-{field}"' in r.text and STRINGS[key]["en"] in r.text, fields
        assert 'aria-invalid="true"' in r.text or field == "channel"
    assert client.get("/api/contacts").json() == []
    r = client.post("/contacts", data={"name": "S", "channel": "email", "address": "s@x.org"})
    assert r.status_code == 403 and client.get("/api/contacts").json() == []
    page = _add(client, csrf, channel="webhook", address="https://hooks.example.org/x")
    assert 'id="invitation-sent"' in page  # a webhook needs no set-up: the invitation goes out
    (contact,) = client.get("/api/contacts").json()
    assert contact["channel"] == "webhook"


def test_someone_else_cannot_see_or_delete_my_contacts(app: FastAPI, client: TestClient) -> None:
    csrf_a = _signed_up(client, "a@example.org")
    _add(client, csrf_a, name="Parisa", address="parisa@example.org")
    (contact,) = client.get("/api/contacts").json()

    b = TestClient(app)
    csrf_b = _signed_up(b, "b@example.org")
    page = b.get("/contacts").text
    assert "Parisa" not in page and "parisa@example.org" not in page
    r = b.post(f"/contacts/{contact['id']}/delete", data={"csrf_token": csrf_b})
    assert r.status_code == 404 and STRINGS["contact_not_found"]["en"] in r.text
    assert "Parisa" not in r.text
    assert client.get("/api/contacts").json() == [contact]  # still there for A
    # B's own contact does not show up for A either
    _add(b, csrf_b, name="Babak", address="babak@example.org")
    assert "Babak" not in client.get("/contacts").text
    # and A's form token does not work from B's browser
    r = b.post(f"/contacts/{contact['id']}/delete", data={"csrf_token": csrf_a})
    assert r.status_code == 403


def _mail(inbox: Inbox, i: int) -> tuple[str, str]:
    mail = message_from_bytes(inbox.messages[i][1], policy=policy.default)
    part = mail.get_body(preferencelist=("plain",)) or mail
    return str(mail["Subject"]), part.get_content()


def _sign_up_mina(client: TestClient) -> str:
    csrf = _csrf(client.get("/signup").text)
    client.post(
        "/signup",
        data={
            "email": "mina@example.org",
            "password": "a long password",
            "display_name": "Mina",
            "csrf_token": csrf,
        },
    )
    return client.cookies["hamdel_csrf"]


def test_invitation_code_test_message_and_withdrawal_through_smtp(
    settings: Settings, smtp_inbox: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_inbox
    app = _app_with_smtp(settings, port)
    with TestClient(app) as client:
        csrf = _sign_up_mina(client)
        page = _add(client, csrf)
        assert 'id="invitation-sent"' in page and 'id="confirm-link"' not in page
        assert "token=" not in page  # the person never sees the link or the code
        _wait_for(inbox, 1)
        assert inbox.messages[0][0] == ["reza@example.org"]
        subject, body = _mail(inbox, 0)
        assert "Mina" in subject and "Hello Reza" in body and "Nothing else is shared" in body
        link = re.search(r"http://testserver/contacts/confirm\?token=\S+", body)
        code = re.search(r"enter the code (\d{6})", body)
        withdraw = re.search(r"http://testserver/contacts/withdraw\?token=\S+", body)
        assert link and code and withdraw, body

        # the API does not hand the person the token when the invitation can be delivered
        r = client.post(
            "/api/contacts",
            json={"name": "Sam", "channel": "email", "address": "sam@example.org"},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 201 and r.json()["invitation_sent"] is True
        assert "confirm_token" not in r.json() and r.json().get("confirm_url") is None
        _wait_for(inbox, 2)
        assert inbox.messages[1][0] == ["sam@example.org"]

        # the contact agrees: the page asks for the code; a wrong code agrees to nothing
        reza = TestClient(app)
        r = reza.get(link.group(0))
        assert r.status_code == 200 and 'name="code"' in r.text
        form = {"token": _token(link.group(0)), "csrf_token": _csrf(r.text)}
        wrong = "000000" if code.group(1) != "000000" else "111111"
        r = reza.post("/contacts/confirm", data={**form, "code": wrong})
        assert r.status_code == 400 and 'id="confirm-bad-code"' in r.text
        assert client.get("/api/contacts").json()[0]["confirmed"] is False
        r = reza.post("/contacts/confirm", data={**form, "code": code.group(1)})
        assert r.status_code == 200 and 'id="confirm-done"' in r.text
        reza_row = next(c for c in client.get("/api/contacts").json() if c["name"] == "Reza")
        assert reza_row["confirmed"] and reza_row["reachable"] and reza_row["state"] == "agreed"

        # a test message, on demand, and the page then shows the last delivery
        r = client.post(f"/contacts/{reza_row['id']}/test", data={"csrf_token": csrf})
        assert r.status_code == 202 and 'id="test-queued"' in r.text
        _wait_for(inbox, 3)
        assert inbox.messages[2][0] == ["reza@example.org"]
        assert "test" in _mail(inbox, 2)[0].lower()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            row = client.get(f"/api/contacts/{reza_row['id']}").json()
            if row["last_delivery_at"]:
                break
            time.sleep(0.05)
        assert row["last_delivery_at"] and row["last_error"] is None
        assert STRINGS["contact_last_delivery"]["en"] in client.get("/contacts").text

        # the contact withdraws from the link in their e-mail: no more messages, the person sees it
        r = reza.get(withdraw.group(0))
        assert r.status_code == 200 and 'id="withdraw-form"' in r.text
        r = reza.post(
            "/contacts/withdraw",
            data={"token": _token(withdraw.group(0)), "csrf_token": _csrf(r.text)},
        )
        assert r.status_code == 200 and 'id="withdraw-done"' in r.text
        row = client.get(f"/api/contacts/{reza_row['id']}").json()
        assert row["state"] == "withdrawn" and row["confirmed"] is False
        assert STRINGS["contact_withdrew"]["en"] in client.get("/contacts").text
        r = client.post(f"/contacts/{reza_row['id']}/test", data={"csrf_token": csrf})
        assert r.status_code == 409 and len(inbox.messages) == 3


def test_an_smtp_server_that_is_down_shows_on_the_contact(settings: Settings) -> None:
    with TestClient(_app_with_smtp(settings, free_port())) as client:
        csrf = _sign_up_mina(client)
        page = _add(client, csrf, name="Lee", address="lee@example.org")
        assert 'id="invitation-sent"' in page  # e-mail is set up: it is on its way
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            (row,) = client.get("/api/contacts").json()
            if row["last_error"]:
                break
            time.sleep(0.05)
        assert row["last_error"] and row["last_delivery_at"] is None
        assert STRINGS["contact_last_error"]["en"] in client.get("/contacts").text


def test_persian_invitation_page(app: FastAPI, client: TestClient) -> None:
    csrf = _signed_up(client, "fa@example.org")
    link = _link(_add(client, csrf))
    r = TestClient(app).get(link, headers={"Accept-Language": "fa-IR"})
    assert '<html lang="fa" dir="rtl">' in r.text
    assert STRINGS["confirm_button"]["fa"] in r.text


# -- deleting the account ----------------------------------------------------------------------


def test_delete_account_from_settings(app: FastAPI, client: TestClient) -> None:
    csrf = _signed_up(client, "leaving@example.org")
    _add(client, csrf)
    client.post("/chat", data={"text": "a quiet day", "csrf_token": csrf})
    user_id = client.get("/api/me").json()["id"]
    page = client.get("/settings").text
    assert 'id="delete-form"' in page and 'name="confirm" value="yes"' in page

    r = client.post("/account/delete", data={"password": "a long password", "csrf_token": csrf})
    assert r.status_code == 400 and STRINGS["error_delete_confirm"]["en"] in r.text
    r = client.post(
        "/account/delete",
        data={"password": "wrong password", "confirm": "yes", "csrf_token": csrf},
    )
    assert r.status_code == 401 and STRINGS["error_delete_password"]["en"] in r.text
    r = client.post(
        "/account/delete", data={"password": "a long password", "confirm": "yes"}
    )  # no CSRF token
    assert r.status_code == 403
    assert client.get("/api/me").status_code == 200  # still there

    r = client.post(
        "/account/delete",
        data={"password": "a long password", "confirm": "yes", "csrf_token": csrf},
    )
    assert r.status_code == 200 and 'id="goodbye"' in r.text
    assert STRINGS["goodbye_text"]["en"] in r.text and 'id="sign-out"' not in r.text
    assert "hamdel_session" not in client.cookies  # the session ended
    assert client.get("/home", follow_redirects=False).status_code == 303
    assert client.get("/api/me").status_code == 401

    from hamdel.store import repositories as repo
    from hamdel.store.db import transaction

    with transaction(app.state.hamdel.sessions) as db:
        assert set(repo.count_user_rows(db, user_id=user_id).values()) == {0}
    csrf = _csrf(client.get("/login").text)
    r = client.post(
        "/login",
        data={"email": "leaving@example.org", "password": "a long password", "csrf_token": csrf},
    )
    assert r.status_code == 401


def test_goodbye_in_the_person_language(client: TestClient) -> None:
    csrf = _signed_up(client, "khodahafez@example.org")
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    r = client.post(
        "/account/delete",
        data={"password": "a long password", "confirm": "yes", "csrf_token": csrf},
    )
    assert r.status_code == 200 and '<html lang="fa" dir="rtl">' in r.text
    assert STRINGS["goodbye_text"]["fa"] in r.text


def test_sending_the_form_twice_keeps_one_contact(app: FastAPI, client: TestClient) -> None:
    csrf = _signed_up(client, "twice@example.org")
    first = _link(_add(client, csrf))
    second = _link(_add(client, csrf, name="Reza M.", address="Reza@Example.org "))  # a reload
    (contact,) = client.get("/api/contacts").json()
    assert contact["name"] == "Reza M." and contact["confirmed"] is False
    stranger = TestClient(app)
    assert stranger.get(first).status_code == 404  # the new link replaced the old one
    r = stranger.get(second)
    assert r.status_code == 200
    r = stranger.post(
        "/contacts/confirm", data={"token": _token(second), "csrf_token": _csrf(r.text)}
    )
    assert r.status_code == 200
    # once they have agreed, adding them again is refused and changes nothing
    r = client.post(
        "/contacts",
        data={"name": "X", "channel": "email", "address": "reza@example.org", "csrf_token": csrf},
    )
    assert r.status_code == 409 and STRINGS["contact_error_duplicate"]["en"] in r.text
    (contact,) = client.get("/api/contacts").json()
    assert contact["confirmed"] is True and contact["name"] == "Reza M."
    api = client.post(
        "/api/contacts",
        json={"name": "X", "channel": "email", "address": "REZA@example.org"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 409


def test_alert_log_says_what_hamdel_decided_in_the_person_language(
    app: FastAPI, client: TestClient
) -> None:
    from datetime import UTC, datetime

    from hamdel.store import repositories as repo
    from hamdel.store.db import transaction
    from hamdel.store.models import Alert, Contact

    csrf = _signed_up(client, "logbook@example.org")
    assert STRINGS["alert_log_empty"]["en"] in client.get("/contacts").text
    _add(client, csrf)
    user_id = client.get("/api/me").json()["id"]
    with transaction(app.state.hamdel.sessions) as db:
        (contact,) = repo.list_owned(db, Contact, user_id=user_id)
        at = datetime(2026, 12, 1, 20, tzinfo=UTC)
        for status, detail, who in (
            ("suppressed", "not sustained yet: depression at the threshold on 1 of the 2 days "
             "needed within 7 days", None),
            ("sent", "sent by email", contact.id),
            ("failed", "e-mail not sent: connection refused", contact.id),
        ):  # fmt: skip
            repo.add_owned(db, Alert, user_id=user_id, contact_id=who, reason="depression",
                           status=status, detail=detail, created_at=at)  # fmt: skip
    page = client.get("/contacts").text
    assert page.count('data-reason="depression"') == 3
    for key in ("alert_detail_not_sustained", "alert_detail_sent", "alert_status_failed"):
        assert STRINGS[key]["en"] in page
    assert "e-mail not sent: connection refused" in page  # an unknown reason, as written
    assert "2026-12-01 20:00" in page
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    page = client.get("/contacts").text
    assert STRINGS["alert_detail_not_sustained"]["fa"] in page
    assert STRINGS["alert_reason_depression"]["fa"] in page
