"""Fetching a person's own public Mastodon posts from a real (fake, local) Mastodon HTTP server:
paged, boosts left out, replies and content warnings kept, the same ids as the archive's, so
fetching again (or after importing the archive) adds nothing. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hamdel.companion.import_mastodon import fetch_own_posts
from hamdel.companion.imports import gather, import_archive, store
from hamdel.core.errors import InputError
from hamdel.store import repositories as repo
from hamdel.store import transaction
from tests.companion.mastodon_fake import fake_mastodon


def test_own_posts_are_fetched_page_by_page() -> None:
    pages: list[int] = []
    with fake_mastodon() as (url, fake):
        posts = list(fetch_own_posts(url, "@sara", progress=lambda done, _: pages.append(done)))
    assert [p.native_id.rsplit("/", 1)[1] for p in posts] == ["105", "103", "102", "101"]
    assert pages == [3, 6]  # two pages, the second through the Link header
    assert any("max_id=103" in r for r in fake.requests)
    assert all("exclude_reblogs" in r for r in fake.requests if "statuses" in r)
    first, persian, reply, warned = posts
    assert first.text == "Long day.\nGlad it is over" and first.language == "en"
    assert persian.language == "fa" and reply.text.startswith("@friend")
    assert warned.text == "hard week\n\nthe spoiler body"
    assert first.posted_at is not None and first.posted_at.utcoffset() is not None
    assert first.posted_at.isoformat().startswith("2026-11-22T10:00:00")


def test_unknown_account_or_server_is_an_input_error() -> None:
    with fake_mastodon() as (url, _), pytest.raises(InputError, match="no account 'nobody'"):
        list(fetch_own_posts(url, "nobody"))
    with pytest.raises(InputError, match="give the server's address"):
        list(fetch_own_posts("mastodon.social", "sara"))


def test_fetching_again_or_after_the_archive_adds_nothing(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid = repo.create_user(
            db, email="s@x.org", password_hash="x", language="en", display_name=None
        ).id
    outbox = {  # the archive holds one of the posts the API serves, by the same id
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": [
            {
                "type": "Create",
                "published": "2026-11-21T10:00:00Z",
                "object": {
                    "id": "https://fake.social/users/sara/statuses/103",
                    "type": "Note",
                    "published": "2026-11-21T10:00:00Z",
                    "content": "<p>امروز کمی خسته‌ام</p>",
                    "contentMap": {"fa": "<p>امروز کمی خسته‌ام</p>"},
                },
            }
        ],
    }
    (tmp_path / "outbox.json").write_text(json.dumps(outbox), encoding="utf-8")
    assert (
        import_archive(sessions, user_id=uid, source=None, path=tmp_path / "outbox.json").new == 1
    )
    with fake_mastodon() as (url, _):
        first = store(
            sessions, user_id=uid, gathered=gather(fetch_own_posts(url, "sara"), source="mastodon")
        )
        again = store(
            sessions, user_id=uid, gathered=gather(fetch_own_posts(url, "sara"), source="mastodon")
        )
    assert (first.new, first.already) == (3, 1)
    assert (again.new, again.already) == (0, 4)
