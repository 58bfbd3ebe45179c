"""The browser's cookies keep one policy (``server.sessions.set_cookie``), and every form that
changes something carries the CSRF token (``_forms.html``)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple 42"


def _cookie(set_cookies: list[str], name: str) -> str:
    return next(h for h in set_cookies if h.startswith(f"{name}="))


def test_page_and_language_cookies_follow_the_policy(tmp_path: Path) -> None:
    from hamdel.core.settings import load_settings
    from hamdel.server.app import create_app

    app = create_app(
        load_settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", cookie_secure=True)
    )
    with TestClient(app, base_url="https://testserver") as c:
        page = c.get("/settings")
        csrf = _cookie(page.headers.get_list("set-cookie"), "hamdel_csrf")
        assert "HttpOnly" not in csrf and "Secure" in csrf and "SameSite=strict" in csrf
        assert "Max-Age" not in csrf  # the page's token lasts as long as the browser
        token = c.cookies["hamdel_csrf"]
        saved = c.post(
            "/settings", data={"language": "fa", "csrf_token": token}, follow_redirects=False
        )
    language = _cookie(saved.headers.get_list("set-cookie"), "hamdel_lang")
    assert saved.status_code == 303 and language.startswith("hamdel_lang=fa;")
    assert "HttpOnly" in language and "Secure" in language and "SameSite=lax" in language
    assert "Max-Age=31536000" in language


def test_every_post_form_carries_the_csrf_token(client: TestClient) -> None:
    client.get("/signup")  # the page sets its CSRF cookie
    token = client.cookies["hamdel_csrf"]
    client.post(
        "/signup", data={"email": "neda@example.org", "password": PASSWORD, "csrf_token": token}
    )
    token = client.cookies["hamdel_csrf"]  # a new one with the session
    for path in ("/home", "/settings", "/contacts", "/profile", "/mood", "/import"):
        html = client.get(path).text
        forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
        assert forms, path
        for form in forms:
            assert f'name="csrf_token" value="{token}"' in form, (path, form[:80])
