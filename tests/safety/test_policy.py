"""The alert policy and the crisis resources, exhaustively over small random worlds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamdel.safety import AlertPolicy, ContactRef, alert_message, crisis_resources, decide

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
contacts_st = st.lists(
    st.builds(
        ContactRef,
        id=st.integers(1, 10_000),
        name=st.text(min_size=1, max_size=5),
        channel=st.sampled_from(["email", "webhook", "sms"]),
        address=st.just("x@y.org"),
        confirmed=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda c: c.id,
)


@given(
    contacts=contacts_st,
    p=st.floats(0, 1),
    hours_ago=st.one_of(st.none(), st.floats(0, 100)),
)
def test_only_confirmed_contacts_outside_cooldown_are_ever_sent(
    contacts: list[ContactRef], p: float, hours_ago: float | None
) -> None:
    policy = AlertPolicy(threshold=0.8, cooldown=timedelta(hours=24))
    last = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    decisions = decide(policy, depression_p=p, contacts=contacts, last_sent_at=last, now=NOW)
    sent = {d.contact_id for d in decisions if d.action == "send"}
    confirmed = {c.id for c in contacts if c.confirmed}
    assert sent <= confirmed
    if p < 0.8:
        assert decisions == []
    elif last is not None and NOW - last < timedelta(hours=24):
        assert sent == set() and len(decisions) == 1 and "cooldown" in decisions[0].reason
    else:
        assert sent == confirmed
        assert {d.contact_id for d in decisions if d.action == "suppress"} >= (
            {c.id for c in contacts} - confirmed
        )
        assert decisions  # something is always recorded once the threshold is crossed


@given(contacts=contacts_st, days=st.integers(0, 7), min_days=st.integers(1, 4))
def test_depression_must_be_sustained_before_anyone_is_warned(
    contacts: list[ContactRef], days: int, min_days: int
) -> None:
    policy = AlertPolicy(min_days=min_days)
    decisions = decide(policy, depression_p=0.95, contacts=contacts, last_sent_at=None,
                       now=NOW, days_at_threshold=days)  # fmt: skip
    sent = {d.contact_id for d in decisions if d.action == "send"}
    if days < min_days:
        assert sent == set() and len(decisions) == 1
        assert decisions[0].reason.startswith("not sustained yet")
    else:
        assert sent == {c.id for c in contacts if c.confirmed}


def test_crisis_is_never_held_back_by_the_sustained_rule() -> None:
    sam = ContactRef(1, "Sam", "email", "s@x.org", True)
    decisions = decide(AlertPolicy(min_days=3), depression_p=1.0, contacts=[sam],
                       last_sent_at=None, now=NOW, days_at_threshold=None)  # fmt: skip
    assert [(d.contact_id, d.action) for d in decisions] == [(1, "send")]


def test_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        AlertPolicy(threshold=0)
    with pytest.raises(ValueError):
        AlertPolicy(cooldown=timedelta(hours=-1))
    with pytest.raises(ValueError):
        AlertPolicy(min_days=0)
    with pytest.raises(ValueError):
        AlertPolicy(window=timedelta(0))


def test_alert_text_reveals_nothing_but_the_name() -> None:
    subject, body = alert_message(language="fa", person_name="مریم", contact_name="علی")
    assert "مریم" in subject and "علی" in body
    subject, body = alert_message(language="en", person_name="Mary", contact_name="Ali")
    assert "Mary" in subject and "Ali" in body and "not a medical service" in body


@pytest.mark.parametrize(
    ("country", "lang", "first"),
    [
        ("IR", "fa", "۱۴۸۰"),
        ("US", "en", "988"),
        (None, "fa", "۱۴۸۰"),
        (None, "en", "988"),
        ("ir", "en", "1480"),
        ("DE", "en", "1480"),
    ],
)
def test_crisis_resources_put_the_persons_country_first(
    country: str | None, lang: str, first: str
) -> None:
    res = crisis_resources(country, lang)
    assert first in res.lines[0].contact
    assert {line.country for line in res.lines} >= {"IR", "US"}
    assert res.message and res.emergency and res.language == lang
