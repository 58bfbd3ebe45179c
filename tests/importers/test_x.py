"""The X (Twitter) archive: data/tweets.js and its parts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import read_archive
from tests.importers.conftest import Zipper, read

EXPECTED = [
    (
        "1640012345678901234",
        "Work & school this week were too much >_< need a break",
        datetime(2023, 3, 26, 18, 30, 5, tzinfo=UTC),
        "en",
    ),
    (
        "1600000000000000001",
        "دلم برای روزای خوب تنگ شده",
        datetime(2022, 12, 6, 6, 12, 44, tzinfo=UTC),
        "fa",
    ),
    # a reply is the person's words; lang "und": from the letters, the mention aside
    (
        "1600000000000000777",
        "@mina_x مرسی که هستی 💛",
        datetime(2022, 12, 6, 7, 0, 1, tzinfo=UTC),
        "fa",
    ),
]
PART1 = (
    "1200000000000000042",
    "Ich bin so müde heute, wirklich",
    datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC),
    None,
)


def _rows(posts: list) -> list[tuple]:
    return [(p.native_id, p.text, p.posted_at, p.language) for p in posts]


def test_tweets_js_skips_retweets_and_media_only(archives: Path) -> None:
    posts = read("x", archives / "x" / "data" / "tweets.js")
    assert _rows(posts) == EXPECTED
    assert {p.source for p in posts} == {"x"}


def test_the_archive_zip_reads_every_part_in_order(archives: Path, zipped: Zipper) -> None:
    data = archives / "x" / "data"
    archive = zipped(
        "twitter-2024-01-01-abc.zip",
        {
            "Your archive.html": b"<html></html>",
            "data/tweets-part1.js": data / "tweets-part1.js",
            "data/tweets.js": data / "tweets.js",
            "data/like.js": b"window.YTD.like.part0 = []",
            "data/tweets_media/1500000000000000000-FAKEmedia.jpg": b"\xff\xd8\xff",
        },
    )
    assert _rows(read("x", archive)) == [*EXPECTED, PART1]
    assert _rows(read("x", archives / "x")) == [*EXPECTED, PART1]  # the unzipped folder


def test_a_tweet_without_a_date_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    path.write_text(
        'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "hi",'
        ' "created_at": "Wed Oct 10 20:19:24 +0000 2018"}}, {"tweet": {"id_str": "2",'
        ' "full_text": "where is my date"}}]',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"^tweets.js, tweet 2 \(2\): no date$"):
        list(read_archive("x", path))


def test_a_file_that_is_not_an_x_archive(tmp_path: Path, archives: Path) -> None:
    with pytest.raises(
        InputError, match=r"this is not an X archive: outbox.json does not start with window.YTD"
    ):
        list(read_archive("x", archives / "mastodon" / "outbox.json"))
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match=r"this is not an X archive: data/tweets.js not found"):
        list(read_archive("x", folder))


def test_a_closing_semicolon_and_the_older_tweet_js(tmp_path: Path, zipped: Zipper) -> None:
    when = "Wed Oct 10 20:19:24 +0000 2018"
    tweet = f'{{"tweet": {{"id_str": "7", "full_text": "hello", "created_at": "{when}"}}}}'
    archive = zipped("old.zip", {"data/tweet.js": f"window.YTD.tweet.part0 = [{tweet}];\n"})
    assert [p.native_id for p in read("x", archive)] == ["7"]
