"""What a trusted contact receives: an invitation, a test, or an alert that says which case it
is (in danger now, or a hard time for days). In the contact's language; never what the person
wrote, said or scored; always a link to withdraw."""

from __future__ import annotations

from dataclasses import dataclass

from hamdel.core.languages import localize_digits
from hamdel.safety.alerts import CRISIS
from hamdel.safety.resources import country_info
from hamdel.safety.texts import safety_text


@dataclass(frozen=True)
class ContactMessage:
    subject: str
    body: str
    spoken: str | None = None
    """What the voice message says (alerts only)."""


def alert_message(
    *,
    language: str,
    severity: int,
    person_name: str,
    contact_name: str,
    country: str | None,
    withdraw_link: str,
) -> ContactMessage:
    """The alert: "may be in danger now: call them; if you cannot reach them, call emergency
    services (the number for their country)" for a crisis, "has been having a hard time for a
    few days: check in with them" for sustained low mood."""
    lang = "fa" if language == "fa" else "en"
    values = {"name": person_name, "contact": contact_name, "withdraw": withdraw_link}
    if severity >= CRISIS:
        country_name, number = country_info(country, lang)
        if country_name and number:
            body = safety_text(
                lang,
                "contact_danger_body",
                country=country_name,
                emergency=localize_digits(number, lang),
                **values,
            )
        else:
            body = safety_text(lang, "contact_danger_body_no_country", **values)
        return ContactMessage(
            safety_text(lang, "contact_danger_subject", name=person_name),
            body,
            safety_text(lang, "contact_voice_danger", name=person_name),
        )
    return ContactMessage(
        safety_text(lang, "contact_hard_time_subject", name=person_name),
        safety_text(lang, "contact_hard_time_body", **values),
        safety_text(lang, "contact_voice_hard_time", name=person_name),
    )


def invitation_message(
    *, language: str, person_name: str, contact_name: str, link: str, code: str, withdraw_link: str
) -> ContactMessage:
    lang = "fa" if language == "fa" else "en"
    return ContactMessage(
        safety_text(lang, "contact_invite_subject", name=person_name),
        safety_text(
            lang,
            "contact_invite_body",
            name=person_name,
            contact=contact_name,
            link=link,
            code=localize_digits(code, lang),
            withdraw=withdraw_link,
        ),
    )


def test_message(
    *, language: str, person_name: str, contact_name: str, withdraw_link: str
) -> ContactMessage:
    lang = "fa" if language == "fa" else "en"
    return ContactMessage(
        safety_text(lang, "contact_test_subject"),
        safety_text(
            lang,
            "contact_test_body",
            name=person_name,
            contact=contact_name,
            withdraw=withdraw_link,
        ),
    )


def account_message(*, purpose: str, language: str, link: str) -> ContactMessage:
    """To the person themselves: confirm the address of a new account (``confirm``), or a
    sign-up tried with an address that already has one (``again``)."""
    lang = "fa" if language == "fa" else "en"
    return ContactMessage(
        safety_text(lang, f"account_{purpose}_subject"),
        safety_text(lang, f"account_{purpose}_body", link=link),
    )


__all__ = [
    "ContactMessage",
    "account_message",
    "alert_message",
    "invitation_message",
    "test_message",
]
