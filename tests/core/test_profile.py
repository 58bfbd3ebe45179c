from __future__ import annotations

import pytest

from hamdel.core.errors import InputError
from hamdel.core.profile import ATTRIBUTES, validate_attribute


def test_values_are_normalised() -> None:
    assert validate_attribute("country", "ir") == "IR"
    assert validate_attribute("risk_habits", ["alcohol", "smoking", "alcohol"]) == [
        "smoking",
        "alcohol",
    ]
    assert validate_attribute("messages_per_day", 3.0) == 3
    assert validate_attribute("region", "  Tehran ") == "Tehran"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("age_range", "12-17"),
        ("sleep_hours", 30),
        ("sleep_hours", True),
        ("messages_per_day", 2.5),
        ("preferred_message_kinds", []),
        ("preferred_message_kinds", ["happy", "calm", "relaxing"]),
        ("country", "Iran"),
        ("risk_habits", "alcohol"),
        ("nonexistent", 1),
    ],
)
def test_bad_values_name_the_attribute(name: str, value: object) -> None:
    with pytest.raises(InputError, match=name):
        validate_attribute(name, value)


def test_every_attribute_has_a_description() -> None:
    assert all(a.description for a in ATTRIBUTES.values())
