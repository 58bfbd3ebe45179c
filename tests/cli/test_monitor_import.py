"""``hamdel monitor import`` and ``drop-folder``: an archive imported once (twice adds nothing),
a malformed one refused with exit code 2 and nothing stored, chats by author, Mastodon fetched
from a local fake server. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.cli import app
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import repositories as repo
from hamdel.store.imports import count_posts
from tests.companion.mastodon_fake import fake_mastodon

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
runner = CliRunner()


@pytest.fixture
def person(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[object, int]]:
    """(sessions, user id) of t@x.org on a migrated database the CLI is pointed at."""
    from hamdel.core.settings import get_settings
    from hamdel.jobs import monitor

    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with transaction(sessions) as db:
        uid = repo.create_user(
            db, email="t@x.org", password_hash="x", language="en", display_name=None
        ).id
    monkeypatch.setenv("HAMDEL_DATABASE_URL", database_url)
    monkeypatch.setenv("HAMDEL_DROP_DIR", str(tmp_path / "drop"))
    caches = (get_settings, monitor.sessions_for)
    for cached in caches:
        cached.cache_clear()
    yield sessions, uid
    for cached in caches:
        cached.cache_clear()
    monitor.sessions_for.cache_clear()
    engine.dispose()


def _count(sessions: object, uid: int) -> int:
    with transaction(sessions) as db:  # type: ignore[arg-type]
        return count_posts(db, user_id=uid)


def test_an_archive_is_imported_once(person: tuple[object, int]) -> None:
    sessions, uid = person
    first = runner.invoke(app, ["monitor", "import", "--user", "T@x.org", str(ARCHIVES / "x")])
    assert first.exit_code == 0, first.output
    n = _count(sessions, uid)
    assert n > 0 and first.stdout.strip() == f"{n} new posts imported, 0 already there"
    again = runner.invoke(
        app, ["monitor", "import", "--user", "t@x.org", "--source", "x", str(ARCHIVES / "x")]
    )
    assert again.stdout.strip() == f"0 new posts imported, {n} already there"
    assert _count(sessions, uid) == n
    as_json = runner.invoke(
        app, ["monitor", "import", "--user", "t@x.org", "--json", str(ARCHIVES / "x")]
    )
    assert json.loads(as_json.stdout) == {
        "source": "x",
        "read": n,
        "new": 0,
        "already": n,
        "repeated": 0,
    }


def test_a_malformed_archive_exits_2_naming_the_entry(
    person: tuple[object, int], tmp_path: Path
) -> None:
    sessions, uid = person
    bad = tmp_path / "posts.csv"
    bad.write_text("text,posted_at\nfine,2026-01-01\nalso fine,\nbroken,not-a-date\n")
    result = runner.invoke(app, ["monitor", "import", "--user", "t@x.org", str(bad)])
    assert result.exit_code == 2 and "row 4" in result.stderr
    assert _count(sessions, uid) == 0
    odd = tmp_path / "notes.bin"
    odd.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["monitor", "import", "--user", "t@x.org", str(odd)])
    assert result.exit_code == 2 and "name its kind" in result.stderr
    result = runner.invoke(app, ["monitor", "import", "--user", "no@x.org", str(bad)])
    assert result.exit_code == 2 and "no account" in result.stderr


def test_a_chat_needs_the_author(person: tuple[object, int]) -> None:
    sessions, uid = person
    chat = str(ARCHIVES / "whatsapp" / "_chat.txt")
    result = runner.invoke(app, ["monitor", "import", "--user", "t@x.org", chat])
    assert result.exit_code == 2 and "Sara" in result.stderr and "Mina" in result.stderr
    result = runner.invoke(
        app, ["monitor", "import", "--user", "t@x.org", chat, "--author", "Sara"]
    )
    assert result.exit_code == 0 and _count(sessions, uid) > 0


def test_mastodon_posts_are_fetched_once(person: tuple[object, int]) -> None:
    sessions, uid = person
    with fake_mastodon() as (url, _):
        args = [
            "monitor",
            "import",
            "--user",
            "t@x.org",
            "--source",
            "mastodon",
            "--instance",
            url,
            "--account",
            "sara",
        ]
        first = runner.invoke(app, args)
        again = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == "4 new posts imported, 0 already there"
    assert again.stdout.strip() == "0 new posts imported, 4 already there"
    assert _count(sessions, uid) == 4
    wrong = runner.invoke(app, ["monitor", "import", "--user", "t@x.org", "--instance", url])
    assert wrong.exit_code == 2 and "--account" in wrong.stderr


def test_drop_folder_is_shown(person: tuple[object, int], tmp_path: Path) -> None:
    _, uid = person
    result = runner.invoke(app, ["monitor", "drop-folder", "--user", "t@x.org"])
    assert result.exit_code == 0
    folder = Path(result.stdout.strip())
    assert folder.is_dir() and folder.parent == tmp_path / "drop"
    assert folder.name.startswith(f"{uid}-")
