"""What all readers share: zips and zip bombs, detection, progress, the public names."""

from __future__ import annotations

from pathlib import Path

import pytest

import hamdel.importers as importers
from hamdel.core.errors import InputError
from hamdel.importers import SOURCES, _files, detect_source, list_authors, read_archive
from hamdel.importers._common import language_of, mend_mojibake
from tests.importers.conftest import Zipper


def test_exported_names_exist() -> None:
    for name in importers.__all__:
        assert hasattr(importers, name), name


def test_a_zip_bomb_is_refused_before_reading(zipped: Zipper) -> None:
    bomb = zipped("bomb.zip", {"result.json": b"{" + b" " * (20 * 1024**2) + b"}"})
    with pytest.raises(InputError, match=r"result.json: compressed \d+ times, refused"):
        list(read_archive("telegram", bomb))


def test_too_much_uncompressed_data_is_refused(
    archives: Path, zipped: Zipper, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zipped("big.zip", {"outbox.json": archives / "mastodon" / "outbox.json"})
    monkeypatch.setattr(_files, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(InputError, match="larger than 0 GB uncompressed"):
        list(read_archive("mastodon", archive))


def test_progress_runs_up_to_the_total(archives: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = archives / "telegram" / "result.json"
    list(read_archive("telegram", path, progress=lambda done, total: seen.append((done, total))))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("telegram/result.json", "telegram"),
        ("telegram/chat/result.json", "telegram"),
        ("x/data/tweets.js", "x"),
        ("x", "x"),
        ("mastodon/outbox.json", "mastodon"),
        ("instagram", "instagram"),
        ("instagram/your_instagram_activity/content/posts_1.json", "instagram"),
        ("facebook", "facebook"),
        ("whatsapp/_chat.txt", "whatsapp"),
        ("whatsapp/persian_phone.txt", "whatsapp"),
        ("csv/posts.csv", "csv"),
    ],
)
def test_detect_by_name(archives: Path, relative: str, expected: str) -> None:
    assert detect_source(archives / relative) == expected


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("telegram/result.json", "telegram"),
        ("telegram/chat/result.json", "telegram"),
        ("x/data/tweets.js", "x"),
        ("mastodon/outbox.json", "mastodon"),
        ("instagram/your_instagram_activity/content/posts_2.json", "instagram"),
        (
            "facebook/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
            "facebook",
        ),
        ("whatsapp/WhatsApp Chat with Ali.txt", "whatsapp"),
        ("whatsapp/_chat.txt", "whatsapp"),
        ("whatsapp/persian_phone.txt", "whatsapp"),
        ("csv/posts.csv", "csv"),
    ],
)
def test_detect_by_the_first_bytes_of_a_renamed_upload(
    archives: Path, tmp_path: Path, relative: str, expected: str
) -> None:
    upload = tmp_path / "upload-7f3a"
    upload.write_bytes((archives / relative).read_bytes())
    assert detect_source(upload) == expected
    # and the reader takes the renamed file too
    author = {"telegram/chat/result.json": "Sara"}.get(relative)
    if expected == "whatsapp":
        author = list_authors("whatsapp", upload)[0][0]
    assert list(read_archive(expected, upload, author=author))


def test_detect_inside_zips(archives: Path, zipped: Zipper, tmp_path: Path) -> None:
    assert detect_source(zipped("a.zip", {"DataExport/result.json": b"{}"})) == "telegram"
    assert detect_source(zipped("b.zip", {"data/tweets.js": b""})) == "x"
    assert detect_source(zipped("c.zip", {"outbox.json": b"", "actor.json": b""})) == "mastodon"
    assert (
        detect_source(zipped("d.zip", {"your_instagram_activity/content/posts_1.json": b""}))
        == "instagram"
    )
    assert detect_source(zipped("e.zip", {"posts/your_posts_1.json": b""})) == "facebook"
    assert detect_source(zipped("f.zip", {"_chat.txt": b""})) == "whatsapp"
    assert detect_source(zipped("g.zip", {"readme.md": b""})) is None
    persian = (archives / "whatsapp" / "persian_phone.txt").read_bytes()
    named_in_persian = zipped("h.zip", {"چت واتس‌اپ با مامان.txt": persian})
    assert detect_source(named_in_persian) == "whatsapp"
    assert [p.text for p in read_archive("whatsapp", named_in_persian, author="مامان")] == [
        "خدا رو شکر عزیزم"
    ]
    other = tmp_path / "notes.txt"
    other.write_text("just some notes\n", encoding="utf-8")
    assert detect_source(other) is None
    assert detect_source(tmp_path / "missing.zip") is None


def test_unknown_source_and_authors_of_a_one_person_archive(archives: Path) -> None:
    with pytest.raises(InputError, match="unknown archive kind 'myspace'"):
        read_archive("myspace", archives)
    with pytest.raises(InputError, match="have one author"):
        list_authors("x", archives / "x")
    assert set(SOURCES) == {"csv", "telegram", "instagram", "facebook", "x", "mastodon", "whatsapp"}


def test_mojibake_mended_only_where_it_round_trips() -> None:
    persian = "سلام دنیا 😀"
    broken = persian.encode("utf-8").decode("latin-1")
    assert mend_mojibake(broken) == persian
    assert mend_mojibake(persian) == persian  # already right: kept
    assert mend_mojibake("café") == "café"  # real Latin-1 that is not UTF-8: kept
    assert mend_mojibake("plain") == "plain"


def test_language_declared_or_from_the_letters() -> None:
    assert language_of("anything", "fa") == "fa"
    assert language_of("anything", "en-GB") == "en"
    assert language_of("Ich bin müde", "de") is None
    assert language_of("حالم خوب نیست", "und") == "fa"
    assert language_of("@someone https://t.co/x حالم خوب نیست") == "fa"
    assert language_of("😀 123") is None


@pytest.mark.parametrize(
    ("source", "relative", "message"),
    [
        ("telegram", "x/data/tweets.js", "this is not a Telegram export: tweets.js is not JSON"),
        ("instagram", "csv/posts.csv", "this is not an Instagram archive: posts.csv is not JSON"),
        ("mastodon", "whatsapp/_chat.txt", "this is not a Mastodon archive: _chat.txt has no"),
        ("x", "csv/posts.csv", "this is not an X archive: posts.csv does not start with"),
        ("whatsapp", "telegram/result.json", "this is not a WhatsApp chat export: the first line"),
    ],
)
def test_a_file_of_another_kind_is_named_so(
    archives: Path, source: str, relative: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        list(read_archive(source, archives / relative, author="A"))
