"""`hamdel recommend --user`: a stored person's consented profile, deliveries and feedback."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.cli import app
from hamdel.knowledge import allowed, user_graph
from hamdel.recommend import SuggestionCorpus
from hamdel.store import make_engine, make_session_factory, transaction, upgrade
from hamdel.store import repositories as repo
from hamdel.store.models import DeliveredMessage, Feedback


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from hamdel.core.settings import get_settings

    url = f"sqlite:///{tmp_path / 'h.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as db:
        person = repo.create_user(
            db, email="nima@example.org", password_hash="x", language="fa", display_name=None
        )
        repo.set_profile_attribute(
            db, user_id=person.id, name="risk_habits", value=["alcohol"], consent=True
        )
        repo.set_profile_attribute(
            db, user_id=person.id, name="context", value="travel", consent=True
        )
        uid = person.id
    engine.dispose()
    monkeypatch.setenv("HAMDEL_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url, uid
    get_settings.cache_clear()


def _run(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["recommend", "--emotion", "sadness", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_stored_profile_rules_novelty_and_feedback_apply(stored) -> None:  # type: ignore[no-untyped-def]
    url, uid = stored
    person = user_graph({"risk_habits": ["alcohol"], "context": "travel"})
    corpus = SuggestionCorpus.load()
    first = _run("--user", "nima@example.org", "--seed", "1")
    ids = [s["id"] for s in first["suggestions"]]
    assert len(ids) == 3
    assert all(allowed(corpus.get(i), person).allowed for i in ids)  # type: ignore[arg-type]

    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as db:
        repo.add_owned(
            db, DeliveredMessage, user_id=uid, kind="suggestion", item_id=ids[0],
            intensity=None, language="fa", text="x", delivered_at=datetime.now(UTC),
        )  # fmt: skip
        for _ in range(20):
            repo.add_owned(
                db, Feedback, user_id=uid, item_kind="suggestion", item_id=ids[1], rating=-1
            )
    engine.dispose()
    again = [s["id"] for s in _run("--user", str(uid), "--seed", "1")["suggestions"]]
    assert ids[0] not in again  # delivered today: novelty keeps it out
    assert ids[1] not in again  # twenty thumbs down


def test_unknown_person_is_a_clear_error(stored) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["recommend", "--emotion", "anger", "--user", "nobody@x.org"])
    assert result.exit_code == 2 and "no person" in result.output
