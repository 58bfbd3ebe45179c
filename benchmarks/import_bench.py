"""Archive import: a ~100 MB Telegram export and a ~100 MB X archive read with ``read_archive``;
posts, seconds, posts/s and how much the process's peak memory grew while reading.

    .venv/bin/python -m benchmarks.import_bench [--mb 100] [--keep] [--write]

Both archives are generated in a temporary folder (Persian and English messages, a person's own
among others', service messages, forwards, media, retweets; X in two parts, zipped as X hands it
out). The peak (``VmHWM``) is reset before each read (``/proc/self/clear_refs``), so the growth
is what reading took: far below the file's size shows the reading streams. ``--keep`` holds
every post read in a list, as the importer does before storing; without it they are counted and
dropped. ``--write`` puts the table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hamdel.importers import read_archive

ME = 123456789
TEXTS = [
    "long day at work, glad it's over",
    "امروز خیلی خسته‌ام ولی خوبم",
    "I can't sleep again, my head is too loud",
    "دلم برای خونه تنگ شده 😔",
    "had a good walk with Mina this morning",
    "حوصله‌ی هیچ کاری رو ندارم، فقط می‌خوام بخوابم",
    "exam tomorrow & I haven't started <panic>",
]


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in kB (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _telegram_message(rng: random.Random, chat: int, number: int, when: datetime) -> dict[str, Any]:
    mine = rng.random() < 0.5
    sender = (
        {"from": "Sara", "from_id": f"user{ME}"} if mine else {"from": "Reza", "from_id": "user5"}
    )
    text = rng.choice(TEXTS)
    msg: dict[str, Any] = {
        "id": number,
        "type": "message",
        "date": when.replace(tzinfo=None).isoformat(),
        "date_unixtime": str(int(when.timestamp())),
        **sender,
    }
    roll = rng.random()
    if roll < 0.05:
        msg = {"id": number, "type": "service", "date": msg["date"], "actor": "Sara",
               "actor_id": f"user{ME}", "action": "phone_call", "text": ""}  # fmt: skip
    elif roll < 0.15:
        msg |= {"photo": "(File not included. Change data exporting settings to download.)",
                "width": 1280, "height": 960, "text": "", "text_entities": []}  # fmt: skip
    elif roll < 0.25:
        parts = [text, {"type": "bold", "text": " really"}, "!"]
        msg |= {"text": parts, "text_entities": [{"type": "plain", "text": text},
                {"type": "bold", "text": " really"}, {"type": "plain", "text": "!"}]}  # fmt: skip
    else:
        if roll > 0.95:
            msg["forwarded_from"] = "Daily News"
        msg |= {"text": text, "text_entities": [{"type": "plain", "text": text}]}
    return msg


def make_telegram(folder: Path, size: int, rng: random.Random) -> Path:
    """A Telegram Desktop full export of about ``size`` bytes, written as it goes."""
    path = folder / "result.json"
    when = datetime(2019, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "about": "Here is the data you requested.",\n')
        out.write(f' "personal_information": {{"user_id": {ME}, "first_name": "Sara"}},\n')
        out.write(' "chats": {\n  "about": "This page lists all chats.",\n  "list": [\n')
        chat, number = 0, 0
        while out.tell() < size:
            chat += 1
            out.write(("" if chat == 1 else ",\n") + f'   {{"name": "chat {chat}", ')
            out.write(f'"type": "personal_chat", "id": {1000 + chat}, "messages": [\n')
            for i in range(5000):
                number += 1
                when += timedelta(seconds=rng.randint(5, 600))
                msg = _telegram_message(rng, chat, number, when)
                text = json.dumps(msg, ensure_ascii=False, indent=1)
                out.write(("" if i == 0 else ",\n") + text)
            out.write("\n   ]}")
        out.write("\n  ]\n }\n}\n")
    return path


def _tweet(rng: random.Random, number: int, when: datetime) -> dict[str, Any]:
    text = rng.choice(TEXTS).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if rng.random() < 0.15:
        text = "RT @someone: " + text
    media = rng.random() < 0.1
    if media:
        text = "https://t.co/AbCdEfGhIj"
    entities: dict[str, Any] = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    if media:
        entities["media"] = [{"url": "https://t.co/AbCdEfGhIj", "type": "photo",
                              "media_url_https": "https://pbs.twimg.com/media/x.jpg",
                              "id_str": str(number), "indices": ["0", "23"]}]  # fmt: skip
    lang = "fa" if any("\u0600" <= c <= "\u06ff" for c in text) else rng.choice(["en", "und"])
    tid = str(1_000_000_000_000_000_000 + number)
    return {"tweet": {
        "edit_info": {"initial": {"editTweetIds": [tid], "editableUntil": when.isoformat(),
                                  "editsRemaining": "5", "isEditEligible": True}},
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": entities, "display_text_range": ["0", str(len(text))],
        "favorite_count": str(rng.randint(0, 50)), "id_str": tid, "truncated": False,
        "retweet_count": "0", "id": tid,
        "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False, "full_text": text, "lang": lang,
    }}  # fmt: skip


def make_x(folder: Path, size: int, rng: random.Random) -> Path:
    """An X archive zip of about ``size`` uncompressed bytes: tweets.js and tweets-part1.js."""
    data = folder / "x" / "data"
    data.mkdir(parents=True)
    when = datetime(2015, 1, 1, tzinfo=UTC)
    number = 0
    for part, name in enumerate(("tweets.js", "tweets-part1.js")):
        with (data / name).open("w", encoding="utf-8") as out:
            out.write(f"window.YTD.tweets.part{part} = [\n")
            first = True
            while out.tell() < size // 2:
                number += 1
                when += timedelta(minutes=rng.randint(1, 300))
                text = json.dumps(_tweet(rng, number, when), ensure_ascii=False, indent=2)
                out.write(("" if first else ",\n") + text)
                first = False
            out.write("\n]")
    archive = folder / "twitter-2024-01-01-bench.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in ("tweets.js", "tweets-part1.js"):
            zf.write(data / name, f"data/{name}")
    return archive


def measure(source: str, path: Path, keep: bool) -> dict[str, Any]:
    """Read ``path``; posts, seconds, posts/s, peak memory growth (MB)."""
    kept: list[Any] = []
    count = 0
    rss_before = _status("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    for post in read_archive(source, path):
        count += 1
        if keep:
            kept.append(post)
    seconds = time.perf_counter() - started
    growth = (_status("VmHWM") - rss_before) / 1024
    return {"posts": count, "seconds": round(seconds, 2), "posts_per_s": round(count / seconds),
            "peak_growth_mb": round(growth, 1)}  # fmt: skip


def _size_mb(path: Path) -> float:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return sum(i.file_size for i in zf.infolist()) / 1024**2
    return path.stat().st_size / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=100, help="size of each archive (MB)")
    parser.add_argument("--keep", action="store_true", help="hold every post read in a list")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    rng = random.Random(20)
    rows = []
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = Path(tmp)
        makers: list[tuple[str, Callable[[Path, int, random.Random], Path]]] = [
            ("telegram", make_telegram),
            ("x", make_x),
        ]
        for source, make in makers:
            warm = folder / f"warm-{source}"
            warm.mkdir()
            measure(source, make(warm, 64 * 1024, rng), False)  # modules loaded, caches warm
            path = make(folder, args.mb * 1024**2, rng)
            row = {"source": source, "file": path.name, "mb": round(_size_mb(path), 1)}
            row |= measure(source, path, args.keep)
            rows.append(row)
            print(json.dumps(row))
    table = [
        "| archive | file | MB (uncompressed) | posts kept | seconds | posts/s | peak growth |",
        "|---|---|---:|---:|---:|---:|---:|",
        *[
            f"| {r['source']} | {r['file']} | {r['mb']} | {r['posts']:,} | {r['seconds']} | "
            f"{r['posts_per_s']:,} | {r['peak_growth_mb']} MB |"
            for r in rows
        ],
    ]
    note = "posts held in a list" if args.keep else "posts counted, not held"
    markdown = f"## Archive import (`import_bench.py`)\n\n{note}; one core.\n\n" + "\n".join(table)
    print(markdown)
    if args.write:
        from benchmarks._report import write_section

        write_section("import_bench", markdown)


if __name__ == "__main__":
    main()
