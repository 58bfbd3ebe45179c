"""Depression scores stored before the models were calibrated keep the rule they were stored
under: a model update must not turn yesterday's ordinary scores into a warning to a family."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hamdel.store import repositories as repo
from hamdel.store import transaction
from hamdel.store.models import Observation

NOW = datetime(2026, 12, 7, 18, tzinfo=UTC)


def test_raw_scores_count_at_the_old_rule_calibrated_at_the_new(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as db:
        uid = repo.create_user(
            db, email="d@x.org", password_hash="x", language="en", display_name=None
        ).id
        for days, p, calibrated in ((1, 0.70, False), (2, 0.85, False), (3, 0.70, True)):
            repo.add_owned(
                db, Observation, user_id=uid, observed_at=NOW - timedelta(days=days),
                source="chat", depression_p=p, calibrated=calibrated,
            )  # fmt: skip
    with transaction(sessions) as db:
        since = NOW - timedelta(days=7)
        # day 1 (raw 0.70) does not count at 0.65; day 2 (raw 0.85) and day 3 (calibrated) do
        assert repo.depression_days(db, user_id=uid, threshold=0.65, since=since) == 2
        assert repo.depression_days(db, user_id=uid, threshold=0.9, since=since) == 1
    with transaction(sessions) as db:  # new rows are calibrated unless told otherwise
        row = repo.add_owned(db, Observation, user_id=uid, observed_at=NOW, source="chat")
        db.flush()
        assert row.calibrated is True
