"""``POST /api/uploads/posts`` with archives: any kind (given or detected), a chat's author,
twice adds nothing, a malformed archive is a 422 naming the entry with nothing stored; the form
fields are in the OpenAPI document."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.helpers import Person

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
URL = "/api/uploads/posts"


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _posts(person: Person) -> list[dict]:  # type: ignore[type-arg]
    return person.client.get("/api/posts?limit=100", headers=person.headers).json()  # type: ignore[no-any-return]


def test_an_archive_is_imported_once_whatever_its_kind(bob: Person) -> None:
    data = _zip(ARCHIVES / "instagram")
    files = {"file": ("instagram-sara.zip", data, "application/zip")}
    r = bob.client.post(URL, files=files, headers=bob.headers)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["source"] == "instagram" and body["imported"] == body["posts"] >= 1
    assert body["already"] == 0 and body["read"] == "now"
    again = bob.client.post(URL, files=files, data={"source": "instagram"}, headers=bob.headers)
    assert again.status_code == 202
    assert (again.json()["imported"], again.json()["already"]) == (0, body["posts"])
    assert again.json()["read"] == "nothing new to read"
    assert len(_posts(bob)) == body["posts"]


def test_a_chat_needs_its_author(bob: Person) -> None:
    chat = (ARCHIVES / "telegram" / "chat" / "result.json").read_bytes()
    files = {"file": ("result.json", chat, "application/json")}
    r = bob.client.post(URL, files=files, headers=bob.headers)
    assert r.status_code == 422 and "Sara" in r.json()["detail"] and "Mina" in r.json()["detail"]
    r = bob.client.post(URL, files=files, data={"author": "Sara"}, headers=bob.headers)
    assert r.status_code == 202 and r.json()["source"] == "telegram", r.text
    assert len(_posts(bob)) == r.json()["imported"] >= 1


def test_a_malformed_archive_stores_nothing_and_names_the_entry(bob: Person) -> None:
    good = {"file": ("posts.csv", (ARCHIVES / "csv" / "posts.csv").read_bytes(), "text/csv")}
    kept = bob.client.post(URL, files=good, headers=bob.headers).json()["imported"]
    tweets = (ARCHIVES / "x" / "data" / "tweets.js").read_text(encoding="utf-8")
    broken = tweets.replace('"full_text"', '"full_text" : 12, "ignored"', 1)
    bad = {"file": ("tweets.js", broken.encode(), "text/javascript")}
    r = bob.client.post(URL, files=bad, data={"source": "x"}, headers=bob.headers)
    assert r.status_code == 422 and "tweets.js, tweet 1: " in r.json()["detail"]
    assert len(_posts(bob)) == kept  # nothing of the bad one; nothing lost
    r = bob.client.post(
        URL, files={"file": ("a.bin", b"\x00\x01", "application/x")}, headers=bob.headers
    )
    assert r.status_code == 422 and "name its kind" in r.json()["detail"]
    r = bob.client.post(URL, files=good, data={"source": "myspace"}, headers=bob.headers)
    assert r.status_code == 422 and len(_posts(bob)) == kept


def test_the_form_fields_are_documented(app: FastAPI, client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"][URL]["post"]
    ref = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"file", "source", "author"} <= schema["properties"].keys()
    assert "telegram" in str(schema["properties"]["source"]) and "detected" in str(
        schema["properties"]["source"]
    )
    assert "Telegram Desktop" in operation["description"]
