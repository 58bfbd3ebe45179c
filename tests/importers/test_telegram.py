"""Telegram Desktop's result.json, the full export and one chat's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import list_authors, read_archive
from tests.importers.conftest import Zipper, read


def test_full_export_keeps_only_what_the_person_wrote(archives: Path) -> None:
    posts = read("telegram", archives / "telegram" / "result.json")
    assert [(p.native_id, p.text, p.posted_at, p.language) for p in posts] == [
        ("555001:10", "سلام رضا، عیدت مبارک 🌸", datetime(2023, 3, 21, 9, 15, tzinfo=UTC), "fa"),
        (
            "555001:14",
            "I read every page of https://example.org/book and still can't sleep",
            datetime(2023, 3, 21, 20, 42, 30, tzinfo=UTC),
            "en",
        ),
        (
            "4000123:3",
            "امشب نمیام خونه، خیلی خسته\u200cام\nفردا زنگ می\u200cزنم",
            datetime(2022, 11, 2, 18, 6, 40, tzinfo=UTC),
            "fa",
        ),
        (
            "1500900100:77",
            "I'm leaving the club, sorry everyone",
            datetime(2021, 6, 1, 8, 0, tzinfo=UTC),
            "en",
        ),
    ]
    assert {p.source for p in posts} == {"telegram"}


def test_single_chat_needs_the_author_and_names_the_people(archives: Path) -> None:
    path = archives / "telegram" / "chat" / "result.json"
    with pytest.raises(InputError, match=r"choose your name \(author\) among: Mina, Sara"):
        list(read_archive("telegram", path))
    assert list_authors("telegram", path) == [("Mina", 2), ("Sara", 2)]
    posts = read("telegram", path, author="Sara")
    assert [(p.native_id, p.text, p.posted_at, p.language) for p in posts] == [
        # no date_unixtime (older Telegram Desktop): the local time is taken as UTC
        (
            "777002:502",
            "نه زیاد، این روزا همه چی سنگینه",
            datetime(2020, 9, 1, 22, 41, 15, tzinfo=UTC),
            "fa",
        ),
        (
            "777002:504",
            "Feeling better today, @mina!",
            datetime(2024, 2, 10, 9, 0, tzinfo=UTC),
            "en",
        ),
    ]
    mina = read("telegram", path, author="Mina")
    assert [p.native_id for p in mina] == ["777002:501", "777002:505"]


def test_an_unknown_author_is_refused(archives: Path) -> None:
    with pytest.raises(InputError, match="no messages from Nobody"):
        list(
            read_archive(
                "telegram", archives / "telegram" / "chat" / "result.json", author="Nobody"
            )
        )


def test_zipped_export_folder_reads_the_same(archives: Path, zipped: Zipper) -> None:
    bare = read("telegram", archives / "telegram" / "result.json")
    archive = zipped(
        "Telegram Desktop.zip",
        {
            "DataExport_2024-01-01/result.json": archives / "telegram" / "result.json",
            "DataExport_2024-01-01/export_results.html": b"<html></html>",
        },
    )
    assert read("telegram", archive) == bare


def test_a_zip_without_result_json_is_not_a_telegram_export(zipped: Zipper) -> None:
    archive = zipped("x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = []"})
    with pytest.raises(InputError, match=r"this is not a Telegram export: result.json not found"):
        list(read_archive("telegram", archive))


def test_the_first_bad_message_is_named(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        '{"name": "A", "type": "personal_chat", "id": 9, "messages": ['
        '{"id": 1, "type": "message", "date": "2024-01-01T10:00:00", "from": "A", "text": "ok"},'
        '{"id": 2, "type": "message", "from": "A", "text": "no date here"},'
        '{"id": 3, "type": "message", "from": "A", "text": "nor here"}]}',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"^result.json, chat 9 message 2: no date$"):
        list(read_archive("telegram", path, author="A"))


def test_broken_json_and_other_files_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "result.json"
    broken.write_text('{"name": "A", "id": 1, "messages": [{"id": 1,', encoding="utf-8")
    with pytest.raises(InputError, match=r"result.json: not valid JSON"):
        list(read_archive("telegram", broken, author="A"))
    other = tmp_path / "outbox.json"
    other.write_text('{"type": "OrderedCollection", "orderedItems": []}', encoding="utf-8")
    with pytest.raises(InputError, match="this is not a Telegram export"):
        list(read_archive("telegram", other))


def test_a_post_over_20000_characters_is_named(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    long = "x " * 10_001
    path.write_text(
        '{"personal_information": {"user_id": 5}, "chats": {"list": [{"id": 8, "messages": ['
        '{"id": 4, "type": "message", "date_unixtime": "1700000000", "from_id": "user5",'
        f' "text": "{long}"}}'
        "]}]}}",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"result.json, chat 8 message 4: a post of 20001 characters"
    ):
        list(read_archive("telegram", path))
