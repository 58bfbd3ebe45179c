"""WhatsApp's chat export: Android and iPhone layouts, day or month first, Persian phones."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.core.errors import InputError
from hamdel.importers import list_authors, read_archive
from hamdel.importers._whatsapp_dates import jalali_to_gregorian
from tests.importers.conftest import Zipper, read

ANDROID = "WhatsApp Chat with Ali.txt"


def _rows(posts: list) -> list[tuple]:
    return [(p.text, p.posted_at, p.language) for p in posts]


def test_android_month_first_twelve_hour(archives: Path) -> None:
    posts = read("whatsapp", archives / "whatsapp" / ANDROID, author="Sara")
    assert _rows(posts) == [
        ("Happy new year almost!", datetime(2020, 12, 31, 23, 59, tzinfo=UTC), "en"),
        (
            "This year I want to sleep more\nand worry less.",
            datetime(2021, 1, 1, 0, 1, tzinfo=UTC),
            "en",
        ),
        ("ok", datetime(2021, 1, 1, 0, 1, tzinfo=UTC), "en"),
        ("ok", datetime(2021, 1, 1, 0, 1, tzinfo=UTC), "en"),
        ("Couldn't sleep again", datetime(2021, 1, 2, 9, 15, tzinfo=UTC), "en"),
    ]
    ids = [p.native_id for p in posts]
    assert len(set(ids)) == 5  # the two "ok"s in the same minute differ
    assert ids[3] == ids[2] + ":1"


def test_iphone_day_first_with_marks(archives: Path, zipped: Zipper) -> None:
    bare = archives / "whatsapp" / "_chat.txt"
    posts = read("whatsapp", bare, author="Sara")
    assert _rows(posts) == [
        (
            "Happy new year, I hope this one is kinder",
            datetime(2021, 1, 1, 0, 0, 5, tzinfo=UTC),
            "en",
        ),
        (
            "first line\nsecond line\n\nthird line after a blank one",
            datetime(2021, 1, 2, 8, 30, tzinfo=UTC),
            "en",
        ),
        ("سلام، صبح بخیر", datetime(2021, 1, 13, 7, 5, 9, tzinfo=UTC), "fa"),
    ]
    archive = zipped(
        "WhatsApp Chat - Familie.zip",
        {"_chat.txt": bare, "00000007-PHOTO-2021-01-02-08-31-00.jpg": b"\xff\xd8\xff"},
    )
    assert read("whatsapp", archive, author="Sara") == posts
    # a "~ Name" (not in the contacts) is matched without its tilde
    assert [p.text for p in read("whatsapp", bare, author="~ Mina")] == ["🥂", "ok"]


def test_persian_phone_digits_am_pm_and_solar_hijri(archives: Path) -> None:
    path = archives / "whatsapp" / "persian_phone.txt"
    assert list_authors("whatsapp", path) == [("سارا", 2), ("مامان", 1)]
    posts = read("whatsapp", path, author="سارا")
    assert _rows(posts) == [
        ("سلام مامان، امروز حالم بهتره", datetime(2024, 1, 1, 10, 31, tzinfo=UTC), "fa"),
        ("نمی\u200cدونم چرا دوباره\nدلم گرفته", datetime(2024, 1, 2, 23, 50, tzinfo=UTC), "fa"),
    ]


def test_the_author_is_required_and_the_people_listed(archives: Path) -> None:
    path = archives / "whatsapp" / ANDROID
    assert list_authors("whatsapp", path) == [("Sara", 5), ("Ali", 2), ("Reza", 1)]
    with pytest.raises(InputError, match=r"choose your name \(author\) among: Sara, Ali, Reza"):
        list(read_archive("whatsapp", path))
    with pytest.raises(InputError, match="no messages from Nobody in this chat"):
        list(read_archive("whatsapp", path, author="Nobody"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # every field <= 12: the reading that keeps the messages in order wins (month first)
        (
            [
                "[01/02/21, 9:00:00 AM] A: one",
                "[01/03/21, 9:00:00 AM] A: two",
                "[02/01/21, 9:00:00 AM] A: three",
            ],
            [
                datetime(2021, 1, 2, 9, tzinfo=UTC),
                datetime(2021, 1, 3, 9, tzinfo=UTC),
                datetime(2021, 2, 1, 9, tzinfo=UTC),
            ],
        ),
        # ... or day first
        (
            [
                "02/01/2021, 21:00 - A: one",
                "03/01/2021, 21:00 - A: two",
                "01/02/2021, 21:00 - A: three",
            ],
            [
                datetime(2021, 1, 2, 21, tzinfo=UTC),
                datetime(2021, 1, 3, 21, tzinfo=UTC),
                datetime(2021, 2, 1, 21, tzinfo=UTC),
            ],
        ),
        # one day only: dotted dates are day first
        (["05.06.21, 10:00 - A: one"], [datetime(2021, 6, 5, 10, tzinfo=UTC)]),
        # one day only, slashes and AM/PM: month first (the US)
        (["05/06/21, 10:00 PM - A: one"], [datetime(2021, 5, 6, 22, tzinfo=UTC)]),
    ],
)
def test_day_or_month_first_when_every_date_fits_both(
    tmp_path: Path, lines: list[str], expected: list[datetime]
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.posted_at for p in read("whatsapp", path, author="A")] == expected


def test_mixed_orders_and_bad_dates_are_named(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("13/01/21, 10:00 - A: x\n01/13/21, 10:00 - A: y\n", encoding="utf-8")
    with pytest.raises(InputError, match="mix day-first and month-first"):
        list(read_archive("whatsapp", path, author="A"))
    path.write_text("1/1/21, 10:00 - A: x\n2/30/21, 10:00 - A: y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^chat.txt, line 2: 2/30/21 10:00 is not a date$"):
        list(read_archive("whatsapp", path, author="A"))


def test_not_a_chat(tmp_path: Path, archives: Path) -> None:
    with pytest.raises(InputError, match="this is not a WhatsApp chat export"):
        list(read_archive("whatsapp", archives / "csv" / "posts.csv", author="A"))


def test_solar_hijri_dates() -> None:
    assert jalali_to_gregorian(1399, 10, 11) == (2020, 12, 31)
    assert jalali_to_gregorian(1403, 1, 1) == (2024, 3, 20)
    assert jalali_to_gregorian(1402, 12, 29) == (2024, 3, 19)
