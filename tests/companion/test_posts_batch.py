"""Imported posts read in batches: the same observations as one post at a time (shipped
models, a mixed set with crisis lines in both languages), each post recorded once with two
concurrent readers (SQLite and PostgreSQL), a bad post marked while the rest of its batch is
recorded, and the progress callback."""

from __future__ import annotations

import csv
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hamdel.companion import Components, Signal
from hamdel.companion.components import load_sentiment, load_text
from hamdel.companion.posts import analyze_pending_posts
from hamdel.companion.reading import PostText, TextRead, read_texts
from hamdel.companion.service import read_text
from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import HamdelError, TextError
from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Observation, Post

DATA = Path(__file__).resolve().parents[2] / "data" / "text"


def _rows(name: str, n: int, **where: str) -> list[str]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if all(r.get(k) == v for k, v in where.items())]
    return [r["text"] for r in rows[:n]]


MIXED = (
    _rows("crisis_outcome_blind", 12, language="en", expected="crisis")
    + _rows("crisis_outcome_blind", 12, language="fa", expected="crisis")
    + _rows("crisis_outcome_blind", 8, language="en", expected="check_in")
    + _rows("crisis_outcome_blind", 8, language="fa", expected="check_in")
    + _rows("crisis_outcome_blind", 6, language="en", expected="none")
    + _rows("crisis_outcome_blind", 6, language="fa", expected="none")
    + _rows("chat_everyday_train_a", 10, language="en")
    + _rows("chat_everyday_train_a", 10, language="fa")
    + _rows("en_depression_blind", 4)
    + ["this traffic is killing me", "دارم از خنده می‌میرم", "😢😢", "12345", "ok"]
)


@pytest.fixture(scope="module")
def shipped() -> Components:
    reader = load_text(None)
    return Components(crisis=reader.check, text=reader, sentiment=load_sentiment())


def test_mixed_set_has_every_outcome(shipped: Components) -> None:
    outcomes = {(s.crisis, s.check_in) for s in (shipped.crisis(t) for t in MIXED)}
    assert outcomes == {(True, False), (False, True), (False, False)}


def test_batch_reads_each_text_as_one_by_one(shipped: Components) -> None:
    profile = {"age_range": "27-35", "gender": "female"}
    items = [PostText(t, "auto", profile) for t in MIXED]
    items += [PostText(t, "fa") for t in MIXED[:6]] + [PostText("   "), PostText("\x00\x01")]
    batch = read_texts(shipped, items)
    for item, got in zip(items, batch, strict=True):
        try:
            one = read_text(shipped, item.text, item.language, item.profile)
        except TextError:
            assert isinstance(got, TextError)
            continue
        assert got == one, item.text
    assert sum(isinstance(r, TextRead) and r.signal.crisis for r in batch) >= 24


def _import(sessions: Any, texts: list[str], *, days_ago: float = 0.0) -> int:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC) - timedelta(days=days_ago)
    with transaction(sessions) as db:
        user = repo.create_user(
            db, email="reader@x.org", password_hash="x", language="en", display_name=None
        )
        for i, text in enumerate(texts):
            db.add(Post(user_id=user.id, source="csv", text=text, native_id=str(i),
                        posted_at=now - timedelta(minutes=i)))  # fmt: skip
        return user.id


def _observed(sessions: Any, uid: int) -> dict[int, Observation]:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        rows = repo.list_owned(db, Observation, user_id=uid, limit=10_000)
    return {int(o.details["post_id"]): o for o in rows}


def _what(o: Observation) -> tuple[Any, ...]:
    d = o.details
    return (o.emotion, o.emotion_scores, o.depression_p, o.stress_p, o.sentiment,
            o.stress_level, d["crisis"], d["crisis_outcome"], d["reasons"], d["evidence"],
            d["language"], d["intensity"], d["theme"], d["notes"])  # fmt: skip


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_monitor_records_the_same_in_batches(sessions, shipped: Components) -> None:  # type: ignore[no-untyped-def]
    uid = _import(sessions, MIXED, days_ago=30)  # old posts: recorded, nobody warned
    report = analyze_pending_posts(sessions, shipped, limit=None, batch_size=1)
    assert report.read == len(MIXED) and report.failed == 0
    one_by_one = {pid: _what(o) for pid, o in _observed(sessions, uid).items()}
    with transaction(sessions) as db:  # read them again, in batches this time
        for post in repo.list_owned(db, Post, user_id=uid, limit=10_000):
            post.analyzed_at = None
        for o in repo.list_owned(db, Observation, user_id=uid, limit=10_000):
            db.delete(o)
    report = analyze_pending_posts(sessions, shipped, limit=None, batch_size=32)
    assert report.read == len(MIXED)
    assert {pid: _what(o) for pid, o in _observed(sessions, uid).items()} == one_by_one


class _Reader:
    """A fast stand-in text reader; it cannot read one marked text (a failing post)."""

    def __call__(self, text: str, language: str) -> Signal:
        if "unreadable" in text:
            raise TextError("this post cannot be read")
        scores = {e.value: (0.9 if e.value == "neutral" else 0.02) for e in EMOTIONS}
        return Signal(source="text", emotion_scores=scores, depression_p=0.1, stress_p=0.1)


def _calm(text: str) -> Signal:
    return Signal(source="text", language="en")


def test_two_concurrent_readers_record_each_post_once(sessions) -> None:  # type: ignore[no-untyped-def]
    uid = _import(sessions, [f"post number {i}" for i in range(150)])
    components = Components(crisis=_calm, text=_Reader())
    start, errors, reports = threading.Barrier(2), [], []

    def run() -> None:
        start.wait()
        try:
            reports.append(analyze_pending_posts(sessions, components, limit=None, batch_size=16))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with transaction(sessions) as db:
        rows = repo.list_owned(db, Observation, user_id=uid, limit=1000)
        pending = [
            p for p in repo.list_owned(db, Post, user_id=uid, limit=1000) if not p.analyzed_at
        ]
    ids = [int(o.details["post_id"]) for o in rows]
    assert len(ids) == len(set(ids)) == 150 and pending == []
    assert sum(r.read for r in reports) == 150


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("real", [False, True])
def test_a_bad_post_is_marked_and_its_batch_recorded(  # type: ignore[no-untyped-def]
    sessions, shipped: Components, real: bool
) -> None:
    texts = [f"an ordinary day, number {i}" for i in range(10)]
    texts[4] = "\x01\x02\x03" if real else "unreadable post"
    uid = _import(sessions, texts)
    components = shipped if real else Components(crisis=_calm, text=_Reader())
    report = analyze_pending_posts(sessions, components, limit=None, batch_size=10)
    assert (report.read, report.failed) == (9, 1)
    assert report.reasons == [f"post {min(_observed(sessions, uid)) + 4}: TextError"]
    observed = _observed(sessions, uid)
    assert len(observed) == 9
    with transaction(sessions) as db:
        assert all(p.analyzed_at for p in repo.list_owned(db, Post, user_id=uid, limit=100))
    assert analyze_pending_posts(sessions, components).read == 0  # never retried


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_progress_is_reported_per_batch(sessions) -> None:  # type: ignore[no-untyped-def]
    _import(sessions, [f"post {i}" for i in range(45)])
    calls: list[tuple[int, int]] = []
    components = Components(crisis=_calm, text=_Reader())
    report = analyze_pending_posts(
        sessions, components, limit=None, batch_size=20, progress=lambda d, t: calls.append((d, t))
    )
    assert report.read == 45
    assert calls == [(0, 45), (20, 45), (40, 45), (45, 45)]
    calls.clear()
    analyze_pending_posts(sessions, components, progress=lambda d, t: calls.append((d, t)))
    assert calls == []  # nothing pending: no bar
    with pytest.raises(ValueError, match="batch_size"):
        analyze_pending_posts(sessions, components, batch_size=0)


def test_errors_come_back_in_place() -> None:
    components = Components(crisis=_calm, text=_Reader())
    got = read_texts(components, [PostText("fine"), PostText("unreadable"), PostText("ok")])
    assert [type(r) for r in got] == [TextRead, TextError, TextRead]
    assert isinstance(got[1], HamdelError)
