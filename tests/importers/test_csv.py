"""The generic CSV of posts (the rules of the old parse_posts_csv, read row by row)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import read_archive
from tests.importers.conftest import Zipper, read


def test_rows_with_ids_dates_and_languages(archives: Path, zipped: Zipper) -> None:
    path = archives / "csv" / "posts.csv"
    posts = read("csv", path)
    assert [(p.native_id, p.text, p.posted_at, p.language) for p in posts] == [
        (
            "p1",
            "Slept badly again, but the morning walk helped",
            datetime(2024, 1, 5, 8, 0, tzinfo=timezone(timedelta(hours=3, minutes=30))),
            "en",
        ),
        ("p2", "امروز بهتر بودم", datetime(2024, 1, 6, tzinfo=UTC), "fa"),
        (
            "d:" + posts[2].native_id[2:],
            "No id here, a digest is made",
            datetime(2024, 1, 8, 21, tzinfo=UTC),
            "en",
        ),
    ]
    assert posts[2].native_id.startswith("d:") and len(posts[2].native_id) == 34
    assert read("csv", zipped("posts.zip", {"export/posts.csv": path})) == posts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,date\nfine,2024-01-01\nbad,yesterday\n", "row 3: 'yesterday' is not a date"),
        ("text,language\nhello,de\n", "row 2: language 'de'; use en or fa"),
        ("title,date\nx,2024-01-01\n", "no text column: name one of text, post"),
        ("text\n", "the export has no posts"),
        ("text,date\n\n,2024-01-01\n", "every post in the export is empty"),
        ("text,date\n" + "a" * 20_001 + ",\n", "row 2: a post of 20001 characters is too long"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_archive("csv", path))


def test_not_text(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(b"text\n\xff\xfe\x00bad\n")
    with pytest.raises(InputError, match=r"not UTF-8 text|not a text file"):
        list(read_archive("csv", path))
