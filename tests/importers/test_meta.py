"""Instagram's and Facebook's "Download your information" JSON, mojibake and all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import read_archive
from tests.importers.conftest import Zipper, read

INSTAGRAM = [
    ("یه روز آفتابی بعد از مدت\u200cها ☀️", datetime(2023, 3, 27, 6, 53, 20, tzinfo=UTC), "fa"),
    ("Weekend with friends 🎉\nfeeling lighter", datetime(2023, 3, 28, 10, 40, tzinfo=UTC), "en"),
    ("Café au lait and a long walk", datetime(2023, 7, 22, 4, 26, 40, tzinfo=UTC), "en"),
]
FACEBOOK = [
    (
        "حالم این روزا خوب نیست، ولی دارم تلاش می\u200cکنم 💪",
        datetime(2022, 12, 2, 16, 53, 20, tzinfo=UTC),
        "fa",
    ),
    ("This article says it all", datetime(2022, 12, 3, 20, 40, tzinfo=UTC), "en"),
    (
        "Naïve me thought Monday would be easier 😅",
        datetime(2022, 12, 6, 4, 13, 20, tzinfo=UTC),
        "en",
    ),
]


def _rows(posts: list) -> list[tuple]:
    return [(p.text, p.posted_at, p.language) for p in posts]


def test_instagram_captions_mended_across_parts(archives: Path, zipped: Zipper) -> None:
    content = archives / "instagram" / "your_instagram_activity" / "content"
    assert b"\\u00d8" in (content / "posts_1.json").read_bytes()  # the fixture is mojibake
    posts = read("instagram", archives / "instagram")
    assert _rows(posts) == INSTAGRAM
    ids = [p.native_id for p in posts]
    assert len(set(ids)) == 3 and all(i.startswith("d:") for i in ids)
    archive = zipped(
        "instagram-sara-2024-01-01-AbCdEf.zip",
        {
            "your_instagram_activity/content/posts_1.json": content / "posts_1.json",
            "your_instagram_activity/content/posts_2.json": content / "posts_2.json",
            "media/posts/202303/1_n_17900000000000002.jpg": b"\xff\xd8\xff",
        },
    )
    assert read("instagram", archive) == posts
    older = zipped("old.zip", {"content/posts_1.json": content / "posts_1.json"})
    assert _rows(read("instagram", older)) == INSTAGRAM[:2]
    assert read("instagram", content / "posts_1.json") == posts[:2]  # the bare file


def test_facebook_posts_mended_titles_and_photos_left_out(archives: Path, zipped: Zipper) -> None:
    posts_dir = archives / "facebook" / "your_facebook_activity" / "posts"
    bare = posts_dir / "your_posts__check_ins__photos_and_videos_1.json"
    posts = read("facebook", bare)
    assert _rows(posts) == FACEBOOK
    older = zipped(
        "facebook-sara.zip", {"posts/your_posts_1.json": bare, "posts/album/0.json": b"{}"}
    )
    assert read("facebook", older) == posts


def test_a_post_without_a_date_is_named(tmp_path: Path) -> None:
    path = tmp_path / "your_posts_1.json"
    path.write_text(
        '[{"timestamp": 1670000000, "data": [{"post": "a"}]}, {"data": [{"post": "b"}]}]'
    )
    with pytest.raises(InputError, match=r"^your_posts_1.json, post 2: no date$"):
        list(read_archive("facebook", path))


def test_the_same_words_twice_get_two_ids(tmp_path: Path) -> None:
    path = tmp_path / "posts_1.json"
    same = '{"media": [{"uri": "a.jpg", "creation_timestamp": 1680000000, "title": "again"}]}'
    path.write_text(f"[{same}, {same}]")
    first, second = read("instagram", path)
    assert first.text == second.text and first.native_id != second.native_id


def test_not_a_list_of_posts(archives: Path) -> None:
    with pytest.raises(InputError, match="this is not an Instagram archive"):
        list(read_archive("instagram", archives / "telegram" / "result.json"))
    with pytest.raises(
        InputError, match=r"this is not a Facebook archive: posts/your_posts_1.json"
    ):
        list(read_archive("facebook", archives / "instagram"))
