"""Drop folders: the monitor imports complete archives, moves them to done/ or refused/ (with a
note in the person's language), never twice; an unguessable folder per person; one person's bad
file stops no one else. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from hamdel.companion.import_drop import (
    AUTHOR_FILE,
    folder_name,
    owner_of,
    person_folder,
    pick_up,
)
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.imports import count_posts

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"


def _person(sessions, email: str, language: str = "en") -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return repo.create_user(
            db, email=email, password_hash="x", language=language, display_name=None
        ).id


def _count(sessions, uid: int) -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return count_posts(db, user_id=uid)


def _aged(path: Path, seconds: float = 600) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_folders_are_per_person_and_cannot_be_forged(tmp_path: Path) -> None:
    root = tmp_path / "drop"
    one, two = person_folder(root, 1), person_folder(root, 2)
    assert one.is_dir() and one != two and one.name.startswith("1-")
    assert owner_of(root, one.name) == 1 and owner_of(root, two.name) == 2
    assert owner_of(root, "1-" + "0" * 20) is None and owner_of(root, "2-" + one.name[2:]) is None
    assert owner_of(root, "done") is None and owner_of(root, "1") is None
    assert (root / ".key").stat().st_mode & 0o077 == 0  # the key is the server's alone
    assert folder_name(tmp_path / "elsewhere", 1) != one.name  # another key, another name


def test_pickup_imports_moves_and_never_twice(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "drop"
    uid = _person(sessions, "p@x.org")
    folder = person_folder(root, uid)
    _aged(Path(shutil.copy(ARCHIVES / "csv" / "posts.csv", folder / "posts.csv")))
    (folder / "tweets.zip.part").write_bytes(b"still copying")
    fresh = folder / "fresh.csv"
    fresh.write_text("text\njust written\n")  # changed a moment ago: still being copied?
    report = pick_up(sessions, root=root, settle_seconds=60)
    assert (report.imported, report.refused, report.failed) == (1, 0, 0)
    assert report.new_posts == _count(sessions, uid) > 0
    assert (folder / "done" / "posts.csv").is_file() and not (folder / "posts.csv").exists()
    assert (folder / "tweets.zip.part").exists() and fresh.exists()  # left for later
    assert pick_up(sessions, root=root, settle_seconds=60).imported == 0  # nothing twice
    _aged(fresh)
    shutil.copy(ARCHIVES / "csv" / "posts.csv", folder / "posts.csv")  # the same one again
    _aged(folder / "posts.csv")
    again = pick_up(sessions, root=root, settle_seconds=60)
    assert (again.imported, again.new_posts) == (2, 1)  # only fresh.csv's post is new
    assert len(list((folder / "done").iterdir())) == 3


def test_a_refused_file_gets_a_note_in_the_persons_language(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "drop"
    fa = person_folder(root, _person(sessions, "fa@x.org", "fa"))
    en_id = _person(sessions, "en@x.org")
    en = person_folder(root, en_id)
    (fa / "mine.csv").write_text("id,text,posted_at\na,fine,2026-01-01\nb,broken,nope\n")
    (fa / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an archive")
    shutil.copy(ARCHIVES / "csv" / "posts.csv", en / "posts.csv")  # the other person's is fine
    report = pick_up(sessions, root=root, settle_seconds=0)
    assert (report.imported, report.refused) == (1, 2) and _count(sessions, en_id) > 0
    note = (fa / "refused" / "mine.csv.why.txt").read_text(encoding="utf-8")
    assert "همدل نتوانست mine.csv را بیاورد" in note and "row 3" in note
    assert (fa / "refused" / "mine.csv").is_file() and not (fa / "mine.csv").exists()
    kinds = (fa / "refused" / "photo.jpg.why.txt").read_text(encoding="utf-8")
    assert "تلگرام" in kinds  # what hamdel can read, in Persian


def test_a_chat_is_read_with_the_name_in_author_txt(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "drop"
    uid = _person(sessions, "sara@x.org")
    folder = person_folder(root, uid)
    shutil.copy(ARCHIVES / "whatsapp" / "_chat.txt", folder / "_chat.txt")
    assert pick_up(sessions, root=root, settle_seconds=0).refused == 1
    assert "author.txt" in (folder / "refused" / "_chat.txt.why.txt").read_text()
    (folder / AUTHOR_FILE).write_text("Sara\n", encoding="utf-8")
    shutil.move(folder / "refused" / "_chat.txt", folder / "_chat.txt")
    report = pick_up(sessions, root=root, settle_seconds=0)
    assert report.imported == 1 and report.new_posts == _count(sessions, uid) > 0
    assert (folder / AUTHOR_FILE).exists()  # kept for the next chat


def test_folders_of_no_one_are_left_alone(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "drop"
    uid = _person(sessions, "p@x.org")
    forged = root / f"{uid}-{'a' * 20}"
    forged.mkdir(parents=True)
    shutil.copy(ARCHIVES / "csv" / "posts.csv", forged / "posts.csv")
    gone = person_folder(root, 999)  # an account that no longer exists
    shutil.copy(ARCHIVES / "csv" / "posts.csv", gone / "posts.csv")
    assert pick_up(sessions, root=root, settle_seconds=0).imported == 0
    assert (forged / "posts.csv").exists() and (gone / "posts.csv").exists()
    assert _count(sessions, uid) == 0
    assert pick_up(sessions, root=tmp_path / "missing").imported == 0


def test_the_job_picks_up_with_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdel.core.settings import get_settings
    from hamdel.jobs import monitor, run_task
    from hamdel.store import make_engine, make_session_factory, upgrade

    url = f"sqlite:///{tmp_path / 'drop.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    uid = _person(sessions, "p@x.org")
    root = tmp_path / "drop"
    shutil.copy(ARCHIVES / "csv" / "posts.csv", person_folder(root, uid) / "posts.csv")
    monkeypatch.setenv("HAMDEL_DATABASE_URL", url)
    monkeypatch.setenv("HAMDEL_DROP_DIR", str(root))
    monkeypatch.setenv("HAMDEL_DROP_SETTLE_SECONDS", "0")
    for cached in (get_settings, monitor.sessions_for):
        cached.cache_clear()
    try:
        report = run_task("hamdel.imports.drop", {})
    finally:
        for cached in (get_settings, monitor.sessions_for):
            cached.cache_clear()
        engine.dispose()
    assert report["imported"] == 1 and report["new_posts"] > 0


def test_the_notes_exist_in_both_languages_with_the_same_placeholders() -> None:
    import re
    import tomllib

    from hamdel.companion.import_drop import TEXTS_DIR

    tables = {}
    for lang in ("en", "fa"):
        with (TEXTS_DIR / f"texts_{lang}.toml").open("rb") as handle:
            tables[lang] = tomllib.load(handle)
    assert tables["en"].keys() == tables["fa"].keys()
    for key, english in tables["en"].items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", tables["fa"][key]))


@pytest.mark.parametrize(
    "module",
    [
        "hamdel.companion.imports",
        "hamdel.companion.import_drop",
        "hamdel.companion.import_mastodon",
        "hamdel.store.imports",
    ],
)
def test_exported_names_exist(module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    assert all(hasattr(mod, name) for name in mod.__all__)
