"""Importing posts from the browser: check, see, import or cancel; nothing kept before "import"."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hamdel.web.i18n import STRINGS
from tests.web.test_pages import _signed_up

CSV = (
    "text,posted_at,language\n"
    '"A long week, glad it is over",2026-11-02T10:00:00+00:00,en\n'
    "امروز کمی خسته‌ام,2026-11-20T18:00:00+00:00,fa\n"
    "Coffee with an old friend,2026-12-01T09:30:00+00:00,en\n"
).encode()


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]+)"', html)
    assert match, "no preview token"
    return match.group(1)


def test_preview_then_import_or_cancel(client: TestClient) -> None:
    csrf = _signed_up(client, "posts@example.org")
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("export.csv", CSV)})
    assert r.status_code == 200 and 'id="import-preview"' in r.text
    assert STRINGS["import_preview"]["en"].format(n="3") in r.text
    assert (
        "2 Nov 2026" in r.text and "1 Dec 2026" in r.text and "Coffee with an old friend" in r.text
    )
    assert client.get("/api/posts").json() == []  # nothing kept before "import"
    token = _token(r.text)
    confirm = {"token": token, "action": "import", "csrf_token": csrf}
    r = client.post("/import/confirm", data=confirm, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/import?done=3"
    assert len(client.get("/api/posts").json()) == 3
    r = client.post("/import/confirm", data={"token": token, "action": "import",
                                             "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 404 and len(client.get("/api/posts").json()) == 3  # once

    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("export.csv", CSV)})
    r = client.post("/import/confirm", data={"token": _token(r.text), "action": "cancel",
                                             "csrf_token": csrf})  # fmt: skip
    assert STRINGS["import_cancelled"]["en"] in r.text and len(client.get("/api/posts").json()) == 3


def test_a_bad_file_is_refused_in_words_and_another_person_cannot_use_the_preview(
    client: TestClient, app
) -> None:  # type: ignore[no-untyped-def]
    csrf = _signed_up(client, "bad@example.org")
    r = client.post("/import", data={"csrf_token": csrf},
                    files={"file": ("x.csv", b"\x00\x01binary")})  # fmt: skip
    assert r.status_code == 422 and STRINGS["import_unreadable"]["en"] in r.text
    assert client.post("/import", files={"file": ("e.csv", CSV)}).status_code == 403
    token = _token(client.post("/import", data={"csrf_token": csrf},
                               files={"file": ("e.csv", CSV)}).text)  # fmt: skip
    other = TestClient(app)
    other_csrf = _signed_up(other, "other@example.org")
    r = other.post("/import/confirm", data={"token": token, "action": "import",
                                            "csrf_token": other_csrf})  # fmt: skip
    assert r.status_code == 404 and other.get("/api/posts").json() == []
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("e.csv", CSV)})
    assert STRINGS["import_preview"]["fa"].format(n="۳") in r.text and "۱۴۰۵" in r.text
