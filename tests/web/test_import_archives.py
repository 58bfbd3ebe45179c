"""The import page with archives: kind found from the file, a preview (how many, when,
languages, the first few, how many already here), import or cancel; a chat asks which author is
you; errors in the page language naming the entry; nothing stored before "import"."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.core.settings import Settings
from hamdel.web.i18n import STRINGS
from tests.web.test_pages import _signed_up

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"


def _zip(folder: Path, target: Path) -> bytes:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(folder).as_posix())
    return target.read_bytes()


def _field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} in the page"
    return html.unescape(match.group(1))


def _text(page: str) -> str:
    return html.unescape(page)


def _posts(client: TestClient) -> list[dict]:  # type: ignore[type-arg]
    return client.get("/api/posts?limit=100").json()  # type: ignore[no-any-return]


def test_an_x_archive_zip_is_previewed_then_imported_once(
    client: TestClient, tmp_path: Path
) -> None:
    csrf = _signed_up(client, "x@example.org")
    data = _zip(ARCHIVES / "x", tmp_path / "twitter-2024.zip")
    r = client.post(
        "/import", data={"csrf_token": csrf}, files={"file": ("twitter-2024.zip", data)}
    )
    page = _text(r.text)
    assert r.status_code == 200 and 'id="import-preview"' in page
    n = int(re.search(r"(\d+) posts would be imported", page).group(1))  # type: ignore[union-attr]
    assert n >= 3 and STRINGS["import_kind_found"]["en"].format(kind="X (Twitter)") in page
    assert "Work & school this week were too much" in page and "English" in page
    assert _posts(client) == []  # nothing kept before "import"
    confirm = {
        "csrf_token": csrf,
        "token": _field(page, "token"),
        "source": "x",
        "author": "",
        "action": "import",
    }
    r = client.post("/import/confirm", data=confirm, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/import?done={n}"
    assert len(_posts(client)) == n and {p["source"] for p in _posts(client)} == {"x"}

    r = client.post(
        "/import",
        data={"csrf_token": csrf, "source": "x"},
        files={"file": ("twitter-2024.zip", data)},
    )
    page = _text(r.text)
    assert STRINGS["import_all_already"]["en"].format(n=str(n)) in page
    assert 'id="import-confirm"' not in page  # nothing to import
    r = client.post(
        "/import/confirm", data={**confirm, "token": _field(page, "token")}, follow_redirects=False
    )
    assert r.headers["location"] == f"/import?done=0&already={n}"
    done = _text(client.get(r.headers["location"]).text)
    assert STRINGS["import_done_already"]["en"].format(n=str(n)) in done
    assert len(_posts(client)) == n


def test_a_chat_asks_who_you_are(client: TestClient) -> None:
    csrf = _signed_up(client, "sara@example.org")
    chat = (ARCHIVES / "whatsapp" / "_chat.txt").read_bytes()
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("_chat.txt", chat)})
    page = _text(r.text)
    assert 'id="import-authors"' in page and 'value="Sara"' in page and 'value="Mina"' in page
    token = _field(page, "token")
    r = client.post(
        "/import/author",
        data={"csrf_token": csrf, "token": token, "source": "whatsapp", "author": "Sara"},
    )
    page = _text(r.text)
    assert 'id="import-preview"' in page and "Happy new year" in page and "🥂" not in page
    assert _field(page, "author") == "Sara"
    r = client.post(
        "/import/confirm",
        data={
            "csrf_token": csrf,
            "token": token,
            "source": "whatsapp",
            "author": "Sara",
            "action": "import",
        },
    )
    assert r.status_code == 200 and len(_posts(client)) >= 1
    assert all(p["source"] == "whatsapp" for p in _posts(client))


def test_cancel_keeps_nothing_and_the_file_is_gone(client: TestClient, settings: Settings) -> None:
    csrf = _signed_up(client, "c@example.org")
    mastodon = (ARCHIVES / "mastodon" / "outbox.json").read_bytes()
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("outbox.json", mastodon)})
    token = _field(r.text, "token")
    waiting = list((Path(settings.cache_dir) / "imports").glob(f"*-{token}/*"))
    assert [p.name for p in waiting] == ["outbox.json"]
    r = client.post(
        "/import/confirm", data={"csrf_token": csrf, "token": token, "action": "cancel"}
    )
    assert STRINGS["import_cancelled"]["en"] in _text(r.text) and _posts(client) == []
    assert not waiting[0].exists()


def test_errors_are_in_the_page_language_and_name_the_entry(client: TestClient) -> None:
    csrf = _signed_up(client, "fa@example.org")
    client.post("/settings", data={"language": "fa", "csrf_token": csrf})
    bad = b"id,text,posted_at\na,fine,2026-01-01\nb,also fine,\nc,broken,not-a-date\n"
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("mine.csv", bad)})
    page = _text(r.text)
    assert r.status_code == 422 and STRINGS["import_unreadable"]["fa"] in page
    assert "row 4" in page and 'dir="rtl"' in page and _posts(client) == []
    r = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"file": ("photo.jpg", b"\xff\xd8\xff\xe0 jpeg")},
    )
    assert r.status_code == 422 and STRINGS["import_unknown_kind"]["fa"] in _text(r.text)
    r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("empty.csv", b"")})
    assert r.status_code == 422 and STRINGS["import_empty"]["fa"] in _text(r.text)
    r = client.post(
        "/import",
        data={"csrf_token": csrf, "source": "telegram"},
        files={"file": ("posts.csv", (ARCHIVES / "csv" / "posts.csv").read_bytes())},
    )
    assert r.status_code == 422 and STRINGS["import_unreadable"]["fa"] in _text(r.text)


def test_the_page_shows_the_kinds_and_the_drop_folder(
    client: TestClient, settings: Settings
) -> None:
    _signed_up(client, "d@example.org")
    page = _text(client.get("/import").text)
    for kind in ("telegram", "instagram", "facebook", "x", "mastodon", "whatsapp", "csv"):
        assert f'<option value="{kind}">' in page
    drop = re.search(r'id="import-drop-path">([^<]+)<', page)
    assert drop and Path(drop.group(1)).is_dir()
    assert Path(drop.group(1)).parent == settings.drop_root


@pytest.fixture
def small_app(settings: Settings) -> FastAPI:
    from hamdel.server.app import create_app

    return create_app(settings.model_copy(update={"max_import_bytes": 4096}))


def test_a_file_over_the_limit_is_refused_in_words(small_app: FastAPI, settings: Settings) -> None:
    with TestClient(small_app) as client:
        csrf = _signed_up(client, "big@example.org")
        big = b"text\n" + b"a fine line of text\n" * 400
        r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("big.csv", big)})
        assert r.status_code == 422
        assert STRINGS["import_too_large"]["en"].format(mb="1") in _text(r.text)
        assert not any((Path(settings.cache_dir) / "imports").rglob("big.csv"))
