"""The profile page: every attribute with its consent, validation before any write, withdrawal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hamdel.core.errors import InputError
from hamdel.core.profile import ATTRIBUTES, validate_attribute
from hamdel.web.forms import SECTIONS, every_attribute_in_a_section
from hamdel.web.i18n import STRINGS
from tests.web.test_pages import _csrf, _signed_up


def _profile(client: TestClient) -> dict[str, Any]:
    return {a["name"]: a for a in client.get("/api/profile").json()["attributes"]}


# -- the metadata says what the validators accept --------------------------------------------


@pytest.mark.parametrize("name", sorted(ATTRIBUTES))
def test_metadata_matches_the_validator(name: str) -> None:
    a = ATTRIBUTES[name]
    if a.kind == "choice":
        for option in a.options:
            assert validate_attribute(name, option) == option
        with pytest.raises(InputError):
            validate_attribute(name, "not-an-option")
    elif a.kind == "subset":
        upper = a.max_items if a.max_items is not None else len(a.options)
        assert validate_attribute(name, list(a.options[:upper])) == list(a.options[:upper])
        if a.min_items:
            with pytest.raises(InputError):
                validate_attribute(name, [])
        else:
            assert validate_attribute(name, []) == []
        if upper < len(a.options):
            with pytest.raises(InputError):
                validate_attribute(name, list(a.options[: upper + 1]))
    elif a.kind == "number":
        assert a.minimum is not None and a.maximum is not None
        validate_attribute(name, a.minimum)
        validate_attribute(name, a.maximum)
        for outside in (a.minimum - 1, a.maximum + 1):
            with pytest.raises(InputError):
                validate_attribute(name, outside)
        if a.integer:
            with pytest.raises(InputError):
                validate_attribute(name, a.minimum + 0.5)
    elif a.kind == "text":
        assert a.max_length
        validate_attribute(name, "x" * a.max_length)
        with pytest.raises(InputError):
            validate_attribute(name, "x" * (a.max_length + 1))
    elif a.kind == "country":
        assert validate_attribute(name, "ir") == "IR"
    else:
        assert a.kind == "timezone"
        assert validate_attribute(name, "Asia/Tehran") == "Asia/Tehran"
    # the page has a label, a reason, and a label for every option, in both languages
    for key in (f"attr_{name}", f"why_{name}", *(f"opt_{name}_{o}" for o in a.options)):
        assert key in STRINGS, key


def test_every_attribute_is_on_the_page_once() -> None:
    assert every_attribute_in_a_section(ATTRIBUTES)
    assert len(SECTIONS) == 6


def test_api_lists_the_options(client: TestClient) -> None:
    _signed_up(client, "meta@example.org")
    available = {a["name"]: a for a in client.get("/api/profile").json()["available"]}
    assert available["risk_habits"]["kind"] == "subset"
    assert available["risk_habits"]["options"] == ["smoking", "alcohol", "other"]
    kinds = available["preferred_message_kinds"]
    assert (kinds["min_items"], kinds["max_items"]) == (1, 2)
    assert available["messages_per_day"] == {
        **available["messages_per_day"],
        "kind": "number",
        "minimum": 0,
        "maximum": 10,
        "integer": True,
    }
    assert available["timezone"]["kind"] == "timezone"
    assert available["age_range"]["options"] == ["18-26", "27-35", "36-43", "other"]


# -- the page --------------------------------------------------------------------------------


def test_profile_page_lists_everything_and_nothing_is_ticked(client: TestClient) -> None:
    _signed_up(client, "empty@example.org")
    assert 'href="/profile"' in client.get("/home").text  # linked from the nav
    page = client.get("/profile").text
    for name in ATTRIBUTES:
        assert f'id="attr-{name}"' in page
        assert STRINGS[f"why_{name}"]["en"] in page
    assert " checked" not in page  # least collection: nothing pre-ticked, nothing pre-chosen
    assert 'name="risk_habits" value="alcohol"' in page and 'type="checkbox"' in page
    # a text field: browsers refuse Persian digits in type="number"; the server checks 0..10
    assert 'type="text" name="messages_per_day"' in page and 'inputmode="numeric"' in page
    assert 'list="timezone-names"' in page and '<option value="Asia/Tehran">' in page
    assert 'data-suggest="device"' in page


def _form(csrf: str, **values: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {"csrf_token": csrf}
    for name, value in values.items():
        data[f"share_{name}"] = "1"
        data[name] = value
    return data


def test_save_validate_and_withdraw(client: TestClient) -> None:
    csrf = _signed_up(client, "profile@example.org")
    r = client.post(
        "/profile",
        data=_form(
            csrf,
            age_range="27-35",
            risk_habits=["alcohol", "smoking"],
            sleep_hours="7.5",
            messages_per_day="2",
            preferred_message_kinds=["calm", "relaxing"],
            country="ir",
            region="Isfahan",
            timezone="Asia/Tehran",
        ),
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/profile?saved=1"
    stored = _profile(client)
    assert {n: a["value"] for n, a in stored.items()} == {
        "age_range": "27-35",
        "risk_habits": ["smoking", "alcohol"],
        "sleep_hours": 7.5,
        "messages_per_day": 2,
        "preferred_message_kinds": ["calm", "relaxing"],
        "country": "IR",
        "region": "Isfahan",
        "timezone": "Asia/Tehran",
    }
    assert all(a["consent"] for a in stored.values())
    page = client.get("/profile?saved=1").text
    assert STRINGS["profile_saved"]["en"] in page
    assert re.search(r'name="share_age_range" value="1"\s+checked', page)
    assert re.search(r'value="27-35"\s+checked', page)
    assert "1480" in page.split("<footer>")[1].split("</ul>")[0].split("<li>")[1]  # Iran first

    # one invalid field: nothing at all is written, errors sit next to their fields, values kept
    r = client.post(
        "/profile",
        data=_form(
            csrf,
            age_range="27-35",
            gender="female",
            messages_per_day="11",
            preferred_message_kinds=["happy", "calm", "relaxing"],
            timezone="Mars/Olympus",
            sleep_hours="7.5",
        ),
    )
    assert r.status_code == 400
    assert STRINGS["profile_not_saved"]["en"] in r.text
    assert 'id="error-messages_per_day"' in r.text and "from 0 to 10" in r.text
    assert 'id="error-preferred_message_kinds"' in r.text and "from 1 to 2" in r.text
    assert 'id="error-timezone"' in r.text and 'value="Mars/Olympus"' in r.text
    assert 'value="11"' in r.text  # what the person typed stays in the field
    assert 'id="error-gender"' not in r.text and 'id="error-age_range"' not in r.text
    assert _profile(client) == stored  # no gender, no withdrawal: nothing changed

    # shared but left empty is an error, not a silent skip
    r = client.post("/profile", data={**_form(csrf, country=""), "csrf_token": csrf})
    assert r.status_code == 400 and 'id="error-country"' in r.text

    # unticking "share" withdraws consent and erases the value
    r = client.post(
        "/profile",
        data=_form(csrf, age_range="27-35", risk_habits=["alcohol", "smoking"]),
        follow_redirects=False,
    )
    assert r.status_code == 303
    after = _profile(client)
    assert after["age_range"] == {**after["age_range"], "consent": True, "value": "27-35"}
    for name in ("sleep_hours", "country", "timezone", "region", "messages_per_day"):
        assert after[name]["consent"] is False and after[name]["value"] is None, name
    assert "gender" not in after  # never shared: no row at all


def test_errors_in_persian_with_persian_digits(client: TestClient) -> None:
    csrf = _signed_up(client, "farsi@example.org")
    settings_csrf = _csrf(client.get("/settings").text)
    client.post("/settings", data={"language": "fa", "csrf_token": settings_csrf})
    r = client.post("/profile", data=_form(csrf, sleep_hours="۲۰", messages_per_day="۳"))
    assert r.status_code == 400 and '<html lang="fa" dir="rtl">' in r.text
    assert "عددی بین ۰ تا ۱۶ بنویسید." in r.text
    assert STRINGS["profile_not_saved"]["fa"] in r.text
    r = client.post(
        "/profile",
        data=_form(csrf, sleep_hours="۷٫۵", messages_per_day="۳"),
        follow_redirects=False,
    )
    assert r.status_code == 303  # Persian digits and decimal separator are understood
    stored = _profile(client)
    assert stored["sleep_hours"]["value"] == 7.5 and stored["messages_per_day"]["value"] == 3


def test_profile_form_needs_csrf_and_a_session(client: TestClient) -> None:
    assert client.get("/profile", follow_redirects=False).status_code == 303
    csrf = _signed_up(client, "csrf@example.org")
    r = client.post("/profile", data={**_form(csrf, age_range="18-26"), "csrf_token": "forged"})
    assert r.status_code == 403 and _profile(client) == {}
    data = _form(csrf, age_range="18-26")
    del data["csrf_token"]
    assert client.post("/profile", data=data).status_code == 403
    assert _profile(client) == {}
