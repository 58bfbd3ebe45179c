"""A posts export is checked before anything is kept, and read row by row: an export over the
limit is refused without holding all of it as rows (the fuzzing run's memory peak)."""

from __future__ import annotations

import pytest

from hamdel.companion.posts import MAX_POSTS_PER_IMPORT, parse_posts_csv
from hamdel.core.errors import InputError


def test_rows_dates_languages_and_blank_lines() -> None:
    data = "text,posted_at,language\nhello,2026-11-01T10:00:00Z,en\n\n,,\nسلام,,fa\n".encode()
    posts = parse_posts_csv(data)
    assert [(t, lang) for t, _, lang in posts] == [("hello", "en"), ("سلام", "fa")]
    assert posts[0][1] is not None and posts[1][1] is None


def test_over_the_limit_is_refused_whole() -> None:
    ok = "text\n" + "".join(f"post {i}\n" for i in range(MAX_POSTS_PER_IMPORT))
    assert len(parse_posts_csv(ok.encode())) == MAX_POSTS_PER_IMPORT
    with pytest.raises(InputError, match=f"at most {MAX_POSTS_PER_IMPORT}"):
        parse_posts_csv((ok + "one too many\n").encode())
    with pytest.raises(InputError, match="at most"):
        parse_posts_csv(("text\n" + "x\n" * 300_000).encode())


def test_not_text_and_not_utf8_are_said_plainly() -> None:
    with pytest.raises(InputError, match="not a text file"):
        parse_posts_csv(b"text\nhel\x00lo\n")
    with pytest.raises(InputError, match="not UTF-8"):
        parse_posts_csv(b"text\n\xff\xfe broken\n")
