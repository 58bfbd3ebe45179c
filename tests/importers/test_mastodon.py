"""The Mastodon archive's outbox.json."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import read_archive
from hamdel.importers._mastodon import html_to_text
from tests.importers.conftest import Zipper, read

EXPECTED = [
    (
        "https://mastodon.social/users/sara/statuses/110100000000000001",
        "First day of spring & I finally went outside.\nFelt good.\n\n"
        "Reading https://example.org/essays/walking now, thanks @mina #spring",
        datetime(2023, 4, 1, 10, 0, tzinfo=UTC),
        "en",
    ),
    (
        "https://mastodon.social/users/sara/statuses/110100000000000003",
        "سلامت روان\n\nامشب هم خوابم نمی\u200cبره.\n\nفکرای تکراری ول\u200cکن نیستن",
        datetime(2023, 4, 3, 21, 15, 30, tzinfo=UTC),
        "fa",
    ),
]


def test_outbox_keeps_notes_and_skips_boosts_media_and_bare_urls(archives: Path) -> None:
    posts = read("mastodon", archives / "mastodon" / "outbox.json")
    assert [(p.native_id, p.text, p.posted_at, p.language) for p in posts] == EXPECTED


def test_the_archive_zip(archives: Path, zipped: Zipper) -> None:
    archive = zipped(
        "archive-20240101120000-0123456789abcdef.zip",
        {
            "actor.json": b'{"type": "Person"}',
            "outbox.json": archives / "mastodon" / "outbox.json",
            "likes.json": b'{"orderedItems": []}',
        },
    )
    assert [p.text for p in read("mastodon", archive)] == [e[1] for e in EXPECTED]


def test_html_becomes_plain_text() -> None:
    assert html_to_text("<p>a &lt;b&gt;<br>c</p><p>d</p>") == "a <b>\nc\n\nd"


def test_the_first_bad_item_is_named(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_text(
        '{"type": "OrderedCollection", "orderedItems": ['
        '{"type": "Create", "object": {"id": "https://x.example/s/1", "type": "Note",'
        ' "content": "<p>fine</p>", "published": "2024-01-01T00:00:00Z"}},'
        '{"type": "Create", "object": {"id": "https://x.example/s/2", "type": "Note",'
        ' "content": "<p>when?</p>"}}]}',
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"^outbox.json, item 2 \(https://x.example/s/2\): no date$"
    ):
        list(read_archive("mastodon", path))


def test_not_an_outbox(archives: Path) -> None:
    with pytest.raises(InputError, match="this is not a Mastodon archive"):
        list(read_archive("mastodon", archives / "telegram" / "result.json"))
