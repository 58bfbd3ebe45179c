"""Trusted contacts: adding one, the contact's own consent, withdrawing, a test message, and
whether each can actually be reached. The api and web faces both call these.

The contact's consent is the contact's: when their channel can deliver, the invitation goes to
them with a link and a code that only they receive (the person never sees either). When it
cannot, the person gets the link to pass on by hand, and the link refuses the person's own
signed-in session. Every message to a contact carries their link to withdraw.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from hamdel.companion.courier import CONFIRM_PATH, link, queue_message
from hamdel.core.errors import ConflictError, ConsentError, InputError, NotFoundError
from hamdel.safety.delivery import Sender, address_problem
from hamdel.store import Session
from hamdel.store import repositories as repo
from hamdel.store.models import Contact, User


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def person_name(user: User) -> str:
    """How a contact knows the person: their display name, else their e-mail address."""
    return user.display_name or user.email


@dataclass(frozen=True)
class ContactStatus:
    """Whether hamdel can reach a contact, and how it went last time."""

    state: str
    """"waiting" (has not agreed), "agreed" or "withdrawn"."""
    reachable: bool
    problem: str | None
    problem_key: str | None
    """The problem as a translatable key: "no_email", "no_sms" or "address"."""
    last_delivery_at: datetime | None
    last_error: str | None


def contact_status(sender: Sender, contact: Contact) -> ContactStatus:
    problem = sender.problem(contact.channel, contact.address)
    state = (
        "withdrawn"
        if contact.withdrawn_at is not None
        else ("agreed" if contact.confirmed else "waiting")
    )
    return ContactStatus(
        state=state,
        reachable=problem is None,
        problem=problem,
        problem_key=sender.problem_kind(contact.channel, contact.address),
        last_delivery_at=contact.last_delivery_at,
        last_error="the last message could not be delivered" if contact.last_error else None,
    )


@dataclass(frozen=True)
class Invitation:
    contact: Contact
    sent: bool
    """The invitation is on its way to the contact (their channel can deliver)."""
    link: str | None
    """Only when it cannot be delivered: the person passes this link on by hand."""
    problem: str | None
    """Why the contact cannot be reached now (also: why no alert could reach them)."""
    problem_key: str | None = None


def _same_address(channel: str, a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return a.lower() == b.lower() if channel == "email" else a == b


def add_contact(
    db: Session,
    sender: Sender,
    *,
    user: User,
    name: str,
    channel: str,
    address: str,
    language: str | None,
    base_url: str,
    now: datetime,
) -> Invitation:
    """Store a contact awaiting their consent and invite them.

    Adding a contact who is already waiting (a form sent twice) keeps one row with a new
    invitation. Raises :class:`InputError` for an address that does not fit the channel,
    :class:`ConflictError` for a contact who has already agreed."""
    bad = address_problem(channel, address, allow_private=sender.allow_private)
    if bad is not None:
        raise InputError(bad)
    token, code = secrets.token_urlsafe(32), f"{secrets.randbelow(10**6):06d}"
    problem = sender.problem(channel, address)
    contact = next(
        (
            c
            for c in repo.list_owned(db, Contact, user_id=user.id, limit=1000)
            if c.channel == channel and _same_address(channel, c.address, address)
        ),
        None,
    )
    if contact is not None and contact.confirmed:
        raise ConflictError("this contact is already on your list and has agreed to be warned")
    if contact is None:
        contact = repo.add_owned(
            db,
            Contact,
            user_id=user.id,
            name=name,
            channel=channel,
            address=address.strip(),
            language=language,
            withdraw_token=secrets.token_urlsafe(32),
            created_at=now,
        )
    contact.name, contact.language = name, language
    contact.withdrawn_at = None
    contact.confirm_token_hash = _hash(token)
    # a code only the contact receives; with no channel to send it, the link alone serves
    contact.confirm_code_hash = _hash(code) if problem is None else None
    db.flush()
    if problem is None:
        queue_message(
            db,
            user_id=user.id,
            contact_id=contact.id,
            purpose="invitation",
            now=now,
            secret={"token": token, "code": code},
        )
        return Invitation(contact, True, None, None)
    return Invitation(
        contact,
        False,
        link(base_url, CONFIRM_PATH, token),
        problem,
        sender.problem_kind(channel, address),
    )


def invited(db: Session, token: str) -> tuple[Contact, User] | None:
    """The waiting contact an invitation link names, and the person who asked."""
    if not 10 <= len(token) <= 200:
        return None
    contact = repo.contact_by_token(db, token_hash=_hash(token))
    owner = repo.get_user(db, user_id=contact.user_id) if contact is not None else None
    return (contact, owner) if contact is not None and owner is not None else None


def needs_code(contact: Contact) -> bool:
    return contact.confirm_code_hash is not None


def confirm(
    db: Session, *, token: str, code: str, viewer_id: int | None, now: datetime
) -> tuple[Contact, User]:
    """The contact agrees. Refused for the person themself (signed in as the owner), without
    the code the contact was sent, or with a spent or unknown link."""
    found = invited(db, token)
    if found is None:
        raise NotFoundError("this link is invalid or was already used")
    contact, owner = found
    if viewer_id is not None and viewer_id == owner.id:
        raise ConsentError(
            "this link is for your contact to open, not for you: only they can agree"
        )
    if contact.confirm_code_hash is not None and not secrets.compare_digest(
        contact.confirm_code_hash, _hash(code.strip().translate(_DIGITS))
    ):
        raise InputError("the code does not match the one in the invitation")
    repo.confirm_contact(db, contact=contact, now=now)
    return contact, owner


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def withdrawing(db: Session, token: str) -> tuple[Contact, User] | None:
    if not 10 <= len(token) <= 200:
        return None
    contact = repo.contact_by_withdraw_token(db, token=token)
    owner = repo.get_user(db, user_id=contact.user_id) if contact is not None else None
    return (contact, owner) if contact is not None and owner is not None else None


def withdraw(db: Session, *, token: str, now: datetime) -> tuple[Contact, User]:
    """The contact withdraws: no alert reaches them any more (the person sees they withdrew)."""
    found = withdrawing(db, token)
    if found is None:
        raise NotFoundError("this link is invalid")
    repo.withdraw_contact(db, contact=found[0], now=now)
    return found


def send_test(db: Session, sender: Sender, *, user: User, contact_id: int, now: datetime) -> None:
    """Queue a test message to a contact who agreed and can be reached."""
    contact = repo.get_owned(db, Contact, user_id=user.id, item_id=contact_id)
    if contact is None:
        raise NotFoundError("no such contact")
    if not contact.confirmed:
        raise ConflictError("this contact has not agreed yet (or withdrew)")
    problem = sender.problem(contact.channel, contact.address)
    if problem is not None:
        raise ConflictError(f"this contact cannot be reached: {problem}")
    queue_message(db, user_id=user.id, contact_id=contact.id, purpose="test", now=now)


__all__ = [
    "ContactStatus",
    "Invitation",
    "add_contact",
    "confirm",
    "contact_status",
    "invited",
    "needs_code",
    "person_name",
    "send_test",
    "withdraw",
    "withdrawing",
]
