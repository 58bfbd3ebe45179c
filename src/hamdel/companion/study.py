"""The recommender study: who takes part, which variant they get, their ratings and surveys.

A person who agrees is given one of the design's four ways of choosing suggestions and
messages (:data:`ARMS`), balanced: the variant with the fewest current participants, ties at
random, decided under a lock that serialises every assignment (so concurrent joins stay
balanced, PostgreSQL included). Safety rules apply in every variant. Leaving deletes the
participation and the person is back on the product's variant (:data:`PRODUCT_VARIANT`); their
ratings stay theirs but no longer count in the study.

Ratings are 5-point satisfaction (1 very dissatisfied .. 5 very satisfied) on every delivered
suggestion and message. The thumbs stay as a fast path: up means "satisfied" (4 on the scale),
down "dissatisfied" (2) — :data:`THUMB_SATISFACTION`; they are stored as ``rating`` ±1 with
``satisfaction`` empty, so the report can tell them from a chosen 4 or 2. The recommender's
bandit reads ``rating``: +1 for 4–5, −1 for 1–2, 0 (neutral) for 3.

The usability survey (:data:`SURVEY_ITEMS`, each 1..5) is offered to participants who rated at
least :data:`SURVEY_MIN_RATINGS` items since joining, at most once every :data:`SURVEY_EVERY`
(answered or dismissed). The report is in :mod:`hamdel.companion.study_report`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from hamdel.core.errors import InputError, NotFoundError
from hamdel.core.jsonable import jsonable
from hamdel.recommend.content_based import VARIANT as CONTENT_BASED
from hamdel.recommend.request import VARIANTS
from hamdel.store import repositories as repo
from hamdel.store import study as store

if TYPE_CHECKING:
    from hamdel.store import Session

logger = logging.getLogger(__name__)

ARMS: tuple[str, ...] = VARIANTS
"""The engine's four variants, the product's first."""
PRODUCT_VARIANT = ARMS[0]
CONTENT_VARIANT = CONTENT_BASED
"""The design's "traditional" content-based recommender: measured (simulation, offline
proxies, the report where it has data), not an arm people are assigned to."""
THUMB_SATISFACTION = {1: 4, -1: 2}
"""What a thumb means on the 5-point scale: up "satisfied" (4), down "dissatisfied" (2)."""
SATISFACTION_LABELS = {
    1: "very dissatisfied",
    2: "dissatisfied",
    3: "neither",
    4: "satisfied",
    5: "very satisfied",
}
SURVEY_ITEMS = ("easy", "fitted", "timing", "keep", "overall")
"""easy to use; suggestions fitted my feelings; messages came at good times; would keep using
it; overall satisfaction (the texts are in ``data/web/study_*.toml``)."""
SURVEY_EVERY = timedelta(days=14)
SURVEY_MIN_RATINGS = 5


@dataclass(frozen=True)
class Participation:
    """The person's place in the study (``None`` from :func:`participation`: not in it)."""

    variant: str
    assigned_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Rated:
    """A stored rating."""

    id: int
    item_kind: str
    item_id: str
    rating: int
    satisfaction: int | None
    variant: str | None
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item_kind": self.item_kind,
            "item_id": self.item_id,
            "rating": self.rating,
            "satisfaction": self.satisfaction,
            "variant": self.variant,
            "created_at": self.at.isoformat(),
        }


def participation(db: Session, *, user_id: int) -> Participation | None:
    found = store.get_participant(db, user_id=user_id)
    return None if found is None else Participation(found.variant, found.assigned_at)


def variant_for(db: Session, *, user_id: int) -> str:
    """The variant that chooses this person's suggestions and messages now."""
    found = store.get_participant(db, user_id=user_id)
    return found.variant if found is not None else PRODUCT_VARIANT


def choose_arm(counts: Mapping[str, int], rng: random.Random, arms: tuple[str, ...] = ARMS) -> str:
    """The arm with the fewest participants; ties broken at random."""
    fewest = min(counts.get(a, 0) for a in arms)
    return rng.choice([a for a in arms if counts.get(a, 0) == fewest])


def join(
    db: Session, *, user_id: int, now: datetime, rng: random.Random | None = None
) -> Participation:
    """Put the person in the study (already in: their variant is kept). Takes the person's lock
    and then the study's: assignments happen one at a time, so arms stay balanced."""
    if repo.lock_user(db, user_id=user_id) is None:
        raise NotFoundError("no such person")
    store.lock_study(db)
    found = store.get_participant(db, user_id=user_id)
    if found is not None:
        return Participation(found.variant, found.assigned_at)
    arm = choose_arm(store.arm_counts(db), rng or random.SystemRandom())
    added = store.add_participant(db, user_id=user_id, variant=arm, assigned_at=now)
    logger.info("study joined", extra={"fields": {"user_id": user_id, "variant": arm}})
    return Participation(added.variant, added.assigned_at)


def leave(db: Session, *, user_id: int) -> bool:
    """Leave the study: the person is back on the product's variant. False: was not in it."""
    left = store.delete_participant(db, user_id=user_id)
    if left:
        logger.info("study left", extra={"fields": {"user_id": user_id}})
    return left


def rating_of(satisfaction: int) -> int:
    """+1 for 4–5, −1 for 1–2, 0 for 3 (what the recommender's bandit reads)."""
    return 1 if satisfaction >= 4 else -1 if satisfaction <= 2 else 0


def rate(
    db: Session,
    *,
    user_id: int,
    item_kind: str,
    item_id: str,
    now: datetime,
    satisfaction: int | None = None,
    thumb: int | None = None,
) -> Rated:
    """Store a 5-point ``satisfaction`` or a ``thumb`` (+1/−1) on a delivered item; a second
    rating of the same delivery replaces the first. The variant recorded is the one that chose
    the item (the reply's thread entry says), else the person's current one.

    Raises
    ------
    InputError
        Not exactly one of ``satisfaction`` (1..5) and ``thumb`` (±1), or a bad item.
    """
    if item_kind not in ("suggestion", "message") or not 0 < len(item_id) <= 64:
        raise InputError(f"rating: unknown item {item_kind!r} {item_id[:64]!r}")
    if (satisfaction is None) == (thumb is None):
        raise InputError("rating: give either a satisfaction (1..5) or a thumb (+1 or -1)")
    if satisfaction is not None and satisfaction not in SATISFACTION_LABELS:
        raise InputError(f"rating of {item_id!r}: satisfaction must be 1..5, not {satisfaction}")
    if thumb is not None and thumb not in THUMB_SATISFACTION:
        raise InputError(f"rating of {item_id!r}: a thumb is +1 or -1, not {thumb}")
    rating = rating_of(satisfaction) if satisfaction is not None else int(thumb or 0)
    variant = store.item_variant(db, user_id=user_id, item_id=item_id) or variant_for(
        db, user_id=user_id
    )
    row = store.save_rating(
        db, user_id=user_id, item_kind=item_kind, item_id=item_id, rating=rating,
        satisfaction=satisfaction, variant=variant, now=now,
    )  # fmt: skip
    return Rated(row.id, row.item_kind, row.item_id, row.rating, row.satisfaction, row.variant, now)


def item_ratings(db: Session, *, user_id: int) -> dict[str, store.ItemRating]:
    """The person's latest rating of each recently rated item (what the page shows as chosen)."""
    return store.latest_ratings(db, user_id=user_id)


def survey_due(db: Session, *, user_id: int, now: datetime) -> bool:
    """Whether to offer the survey now: a participant, ≥ 5 items rated since joining, and no
    survey answered or dismissed in the last 14 days."""
    found = store.get_participant(db, user_id=user_id)
    if found is None:
        return False
    last = store.last_survey_at(db, user_id=user_id)
    if last is not None and now - last < SURVEY_EVERY:
        return False
    rated = store.ratings_since(db, user_id=user_id, since=found.assigned_at)
    return rated >= SURVEY_MIN_RATINGS


def answer_survey(
    db: Session, *, user_id: int, answers: Mapping[str, int], language: str, now: datetime
) -> None:
    """Store the survey's answers (each item 1..5; an item may be left out, not all)."""
    found = store.get_participant(db, user_id=user_id)
    if found is None:
        raise NotFoundError("the survey is for people taking part in the study")
    unknown = sorted(set(answers) - set(SURVEY_ITEMS))
    if unknown:
        raise InputError(f"survey: unknown question(s) {', '.join(unknown)}")
    for key, value in answers.items():
        if isinstance(value, bool) or value not in SATISFACTION_LABELS:
            raise InputError(f"survey: the answer to {key!r} must be 1..5")
    if not answers:
        raise InputError("survey: answer at least one question, or dismiss it")
    store.add_survey(
        db, user_id=user_id, variant=found.variant, language=_lang(language),
        answers={k: int(answers[k]) for k in SURVEY_ITEMS if k in answers}, at=now,
    )  # fmt: skip


def dismiss_survey(db: Session, *, user_id: int, language: str, now: datetime) -> None:
    """Not now: the survey is offered again after :data:`SURVEY_EVERY` (stored as a survey
    with no answers, which the report skips)."""
    found = store.get_participant(db, user_id=user_id)
    if found is None:
        return
    store.add_survey(
        db, user_id=user_id, variant=found.variant, language=_lang(language),
        answers={"dismissed": True}, at=now,
    )  # fmt: skip


def _lang(language: str) -> str:
    return "fa" if language == "fa" else "en"


__all__ = [
    "ARMS",
    "CONTENT_VARIANT",
    "PRODUCT_VARIANT",
    "SATISFACTION_LABELS",
    "SURVEY_EVERY",
    "SURVEY_ITEMS",
    "SURVEY_MIN_RATINGS",
    "THUMB_SATISFACTION",
    "Participation",
    "Rated",
    "answer_survey",
    "choose_arm",
    "dismiss_survey",
    "item_ratings",
    "join",
    "leave",
    "participation",
    "rate",
    "rating_of",
    "survey_due",
    "variant_for",
]
