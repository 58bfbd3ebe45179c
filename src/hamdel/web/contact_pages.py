"""Trusted contacts: the person's list, and the contact's own confirmation and withdrawal pages."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from hamdel.companion import contacts
from hamdel.companion.alerting import NOT_REACHABLE
from hamdel.companion.contacts import contact_status, person_name
from hamdel.core.errors import ConflictError, ConsentError, InputError, NotFoundError
from hamdel.safety import alerts
from hamdel.safety.delivery import address_problem
from hamdel.safety.texts import safety_text
from hamdel.server.actions import invite_contact
from hamdel.server.deps import DB, AppState, State
from hamdel.server.schemas import ContactIn
from hamdel.store import repositories as repo
from hamdel.store.models import Alert, Contact, User, utcnow
from hamdel.web.pages import SITE_FORM, FormStr, Member, MemberForm, Viewer, redirect, render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


# -- trusted contacts ------------------------------------------------------------------------


def _contacts_page(
    request: Request, db: DB, user: User, state: AppState, **context: Any
) -> HTMLResponse:
    """The person's contacts and alert log (``context``: the status, an error, what was done)."""
    contacts = repo.list_owned(db, Contact, user_id=user.id, limit=100)
    sender = state.components.sender
    response = render(
        request, "contacts.html", state=state, user=user, contacts=contacts,
        statuses={c.id: contact_status(sender, c) for c in contacts},
        base_url_local=state.settings.base_url is None, alerts=_alert_log(db, user, contacts),
        removed=request.query_params.get("removed") == "1", **context,
    )  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # a one-time link may be on the page
    return response


ALERT_LOG_ROWS = 20
_ALERT_DETAILS = (
    (alerts.NOT_SUSTAINED, "alert_detail_not_sustained"),
    (alerts.COOLDOWN, "alert_detail_cooldown"),
    (alerts.UNCONFIRMED, "alert_detail_unconfirmed"),
    (alerts.WITHDRAWN, "alert_detail_withdrawn"),
    (NOT_REACHABLE, "alert_detail_unreachable"),
    ("could not be sent", "alert_detail_failed"),
    (alerts.NOBODY, "alert_detail_nobody"),
    (alerts.SENT_BY, "alert_detail_sent"),
)
"""How a recorded reason begins (:mod:`hamdel.safety.alerts`) -> its words on the page."""


def _alert_log(db: DB, user: User, contacts: list[Contact]) -> list[dict[str, Any]]:
    """The person's latest alert decisions, newest first, for the contacts page: when, why,
    who, what happened, and a known reason as an i18n key (anything else as written)."""
    names = {c.id: c.name for c in contacts}
    rows = []
    for a in repo.list_owned(db, Alert, user_id=user.id, limit=ALERT_LOG_ROWS):
        detail = a.detail or ""
        key = next((k for prefix, k in _ALERT_DETAILS if detail.startswith(prefix)), None)
        rows.append({"at": a.created_at, "reason": a.reason, "status": a.status,
                     "contact": names.get(a.contact_id) if a.contact_id else None,
                     "detail_key": key, "detail": detail})  # fmt: skip
    return rows


@router.get("/contacts", response_class=HTMLResponse)
def contacts_list(request: Request, db: DB, user: Member, state: State) -> Response:
    return _contacts_page(request, db, user, state)


@router.post("/contacts", response_class=HTMLResponse)
def contacts_add(
    request: Request,
    db: DB,
    user: MemberForm,
    state: State,
    name: Annotated[str, Form(max_length=400)] = "",
    channel: FormStr = "",
    address: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Add a contact (the same checks as ``POST /api/contacts``): the invitation goes to the
    contact; when it cannot, the page shows the link to pass on and why."""
    form = {"name": name, "channel": channel, "address": address}
    bad: dict[str, str] = {}
    body: ContactIn | None = None
    if channel not in ("email", "phone", "apprise", "webhook"):
        bad["channel"] = "contact_error_channel"
    try:
        body = ContactIn.model_validate(
            {**form, "channel": "email" if "channel" in bad else channel}
        )
    except ValidationError as exc:
        for e in exc.errors():
            field = str(e["loc"][0])
            bad.setdefault(field, f"contact_error_{field}")
    allow = state.settings.outbound_allow_private
    if (
        body is not None
        and not bad
        and address_problem(body.channel, body.address, allow_private=allow)
    ):
        bad["address"] = f"contact_error_{body.channel}"
    if body is None or bad:
        return _contacts_page(
            request, db, user, state, status=400, error="error_form", bad=bad, form=form
        )
    try:
        invitation = invite_contact(db, state, user=user, body=body)
    except ConflictError:
        bad["address"] = "contact_error_duplicate"
        return _contacts_page(
            request, db, user, state, status=409, error="error_form", bad=bad, form=form
        )
    return _contacts_page(
        request, db, user, state, status=201, created=invitation.contact, invitation=invitation
    )


ContactId = Annotated[int, PathParam(ge=1, le=2**62)]


@router.post("/contacts/{contact_id}/test", response_class=HTMLResponse)
def contacts_test(
    request: Request, contact_id: ContactId, db: DB, user: MemberForm, state: State
) -> Response:
    """Send a test message to a contact who agreed."""
    try:
        contacts.send_test(
            db, state.components.sender, user=user, contact_id=contact_id, now=utcnow()
        )
    except NotFoundError:
        return _contacts_page(request, db, user, state, status=404, error="contact_not_found")
    except ConflictError:
        return _contacts_page(request, db, user, state, status=409, error="contact_test_refused")
    return _contacts_page(request, db, user, state, status=202, tested=contact_id)


@router.post("/contacts/{contact_id}/delete", response_class=HTMLResponse)
def contacts_delete(
    request: Request, contact_id: ContactId, db: DB, user: MemberForm, state: State
) -> Response:
    """Remove one of your own contacts; anyone else's is "not found"."""
    if not repo.delete_owned(db, Contact, user_id=user.id, item_id=contact_id):
        return _contacts_page(request, db, user, state, status=404, error="contact_not_found")
    return redirect("/contacts?removed=1")


# -- the page a contact opens (no account) ---------------------------------------------------

TokenParam = Annotated[str, Query(max_length=200)]
TokenForm = Annotated[str, Form(max_length=200)]


def _confirm_page(request: Request, state: AppState, **context: Any) -> HTMLResponse:
    response = render(request, "confirm.html", state=state, user=None, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _said(contact: Contact, owner: User, key: str, **names: str) -> str:
    """A sentence of the contact's page, in the contact's language (else the person's)."""
    return safety_text(contact.language or owner.language, key, **names)


def _asking(token: str, contact: Contact, owner: User) -> dict[str, Any]:
    """What the contact's page says: who asked, about which address, whether a code is due."""
    return {"token": token, "person": person_name(owner), "contact": contact,
            "needs_code": contacts.needs_code(contact)}  # fmt: skip


@router.get("/contacts/confirm", response_class=HTMLResponse)
def contact_confirm_page(
    request: Request, db: DB, viewer: Viewer, state: State, token: TokenParam = ""
) -> Response:
    """Says who asked and what it means, and asks for the code the contact was sent. Confirms
    nothing: link scanners fetch pages too. The person who asked (``viewer``: whoever is signed
    in on this browser) may not agree for a contact."""
    found = contacts.invited(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    if viewer is not None and viewer.id == owner.id:
        return _confirm_page(request, state, status=403, not_yours=True, contact=contact)
    return _confirm_page(request, state, **_asking(token, contact, owner))


@router.post("/contacts/confirm", response_class=HTMLResponse, dependencies=[SITE_FORM])
def contact_confirm_submit(
    request: Request,
    db: DB,
    viewer: Viewer,
    state: State,
    token: TokenForm = "",
    code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """The contact agrees, with the code they were sent. ``viewer`` is read from the session
    cookie alone: a form post carries no CSRF header, and a check that failed on that must not
    make the person "nobody"."""
    found = contacts.invited(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    viewer_id = viewer.id if viewer is not None else None
    try:
        contacts.confirm(db, token=token, code=code, viewer_id=viewer_id, now=utcnow())
    except ConsentError:
        return _confirm_page(request, state, status=403, not_yours=True, contact=contact)
    except InputError:
        again = _asking(token, contact, owner)
        return _confirm_page(request, state, status=400, error="confirm_bad_code", **again)
    return _confirm_page(request, state, done=True, person=person_name(owner))


@router.get("/contacts/withdraw", response_class=HTMLResponse)
def contact_withdraw_page(
    request: Request, db: DB, state: State, token: TokenParam = ""
) -> Response:
    """The contact's own page to stop hamdel's messages (asks; the button withdraws)."""
    found = contacts.withdrawing(db, token)
    if found is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = found
    return _confirm_page(
        request, state, withdraw=True, token=token, contact=contact,
        question=_said(contact, owner, "contact_withdraw_question", name=person_name(owner)),
        button=_said(contact, owner, "contact_withdraw_button"),
    )  # fmt: skip


@router.post("/contacts/withdraw", response_class=HTMLResponse, dependencies=[SITE_FORM])
def contact_withdraw_submit(
    request: Request, db: DB, state: State, token: TokenForm = ""
) -> Response:
    if contacts.withdrawing(db, token) is None:
        return _confirm_page(request, state, status=404, invalid=True)
    contact, owner = contacts.withdraw(db, token=token, now=utcnow())
    said = _said(contact, owner, "contact_withdrawn", name=person_name(owner))
    return _confirm_page(request, state, withdrawn=True, said=said)
