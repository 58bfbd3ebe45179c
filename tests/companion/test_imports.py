"""The import use case on SQLite and PostgreSQL: the person's own posts kept with their time and
language, twice adds nothing (even two imports at once), a malformed archive stores nothing and
names the entry, and the monitor reads what was imported."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamdel.companion import Components, Signal
from hamdel.companion.imports import (
    gather,
    import_archive,
    preview,
    read_posts,
    relabel,
    store,
)
from hamdel.companion.posts import analyze_pending_posts
from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import InputError
from hamdel.importers import ArchivePost
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.imports import count_posts
from hamdel.store.models import Observation, Post

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"


def _person(sessions, email: str = "p@x.org") -> int:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email=email, password_hash="x", language="en", display_name=None
        )
        return user.id


def _posts(sessions, uid: int) -> list[Post]:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        return sorted(repo.list_owned(db, Post, user_id=uid, limit=1000), key=lambda p: p.id)


def test_twice_adds_nothing_and_keeps_time_and_language(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    first = import_archive(sessions, user_id=uid, source=None, path=ARCHIVES / "x")
    assert (first.source, first.new, first.already) == ("x", first.read, 0) and first.new >= 3
    again = import_archive(sessions, user_id=uid, source="x", path=ARCHIVES / "x")
    assert (again.new, again.already) == (0, first.read)
    stored = _posts(sessions, uid)
    assert len(stored) == first.read and all(p.analyzed_at is None for p in stored)
    expected = {p.native_id: p for p in read_posts("x", ARCHIVES / "x").posts}
    for post in stored:
        archived = expected[post.native_id or ""]
        assert post.source == "x" and post.text == archived.text
        assert post.posted_at == archived.posted_at and post.language == archived.language


def test_a_chat_keeps_only_the_chosen_author(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    chat = ARCHIVES / "whatsapp" / "_chat.txt"
    with pytest.raises(InputError, match="author"):
        import_archive(sessions, user_id=uid, source="whatsapp", path=chat)
    report = import_archive(sessions, user_id=uid, source=None, path=chat, author="Sara")
    assert report.new >= 1
    assert import_archive(sessions, user_id=uid, source=None, path=chat, author="Sara").new == 0
    assert "🥂" not in {p.text for p in _posts(sessions, uid)}  # Mina's


def test_a_malformed_archive_stores_nothing_and_loses_nothing(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    good = import_archive(sessions, user_id=uid, source=None, path=ARCHIVES / "csv" / "posts.csv")
    bad = tmp_path / "later.csv"
    bad.write_text("id,text,posted_at\nn1,fine,2026-01-01\nn2,also fine,\nn3,broken,not-a-date\n")
    with pytest.raises(InputError, match="row 4"):
        import_archive(sessions, user_id=uid, source=None, path=bad)
    assert len(_posts(sessions, uid)) == good.new  # nothing of the bad one, the old ones kept


def test_too_many_posts_are_refused_before_anything_is_stored(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    with pytest.raises(InputError, match="more than 2 posts"):
        import_archive(sessions, user_id=uid, source="x", path=ARCHIVES / "x", limit=2)
    assert _posts(sessions, uid) == []


def test_preview_counts_what_is_already_there(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    gathered = read_posts("csv", ARCHIVES / "csv" / "posts.csv")
    before = preview(sessions, user_id=uid, gathered=gathered)
    assert (before.posts, before.already, before.new) == (len(gathered.posts), 0, before.posts)
    assert before.first is not None and before.last is not None and before.first <= before.last
    assert dict(before.languages).keys() <= {"en", "fa", "?"} and before.sample
    store(sessions, user_id=uid, gathered=gathered)
    after = preview(sessions, user_id=uid, gathered=gathered)
    assert (after.already, after.new) == (after.posts, 0)
    other = _person(sessions, "other@x.org")  # another person's posts are not theirs
    assert preview(sessions, user_id=other, gathered=gathered).already == 0


def test_repeated_ids_are_kept_once_and_bad_posts_are_named() -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    posts = [ArchivePost("x", "1", "a", when, "en"), ArchivePost("x", "1", "a", when, "en")]
    assert gather(posts, source="x").repeated == 1 and len(gather(posts, source="x").posts) == 1
    with pytest.raises(InputError, match="post 2"):
        gather([posts[0], ArchivePost("x", "2", "nul\x00", when, None)], source="x")
    with pytest.raises(InputError, match="no post of yours"):
        gather([], source="x")
    assert relabel(gather(posts, source="x"), "mastodon").posts[0].source == "mastodon"


def test_two_imports_at_once_store_each_post_once(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    gathered = read_posts("x", ARCHIVES / "x")
    start, errors, reports = threading.Barrier(3), [], []

    def run() -> None:
        start.wait()
        try:
            reports.append(store(sessions, user_id=uid, gathered=gathered))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(r.new for r in reports) == len(gathered.posts)
    with transaction(sessions) as db:
        assert count_posts(db, user_id=uid, source="x") == len(gathered.posts)


class _Reader:
    def __call__(self, text: str, language: str) -> Signal:
        scores = {e.value: (0.9 if e.value == "neutral" else 0.02) for e in EMOTIONS}
        return Signal(source="text", emotion_scores=scores, depression_p=0.1, stress_p=0.1)


def test_the_monitor_reads_imported_posts_at_their_own_time(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uid = _person(sessions)
    shutil.copytree(ARCHIVES / "mastodon", tmp_path / "m")
    report = import_archive(sessions, user_id=uid, source=None, path=tmp_path / "m")
    components = Components(crisis=lambda text: Signal(source="text"), text=_Reader())
    assert analyze_pending_posts(sessions, components).read == report.new
    with transaction(sessions) as db:
        seen = repo.list_owned(db, Observation, user_id=uid, limit=100)
    stored = {p.id: p for p in _posts(sessions, uid)}
    assert len(seen) == report.new
    for observation in seen:
        post = stored[observation.details["post_id"]]
        assert observation.observed_at == post.posted_at and post.analyzed_at is not None
