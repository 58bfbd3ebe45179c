"""The profile: what the person chose to share, each attribute with its own consent."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hamdel.server.deps import DB, AppState, State
from hamdel.store import repositories as repo
from hamdel.store.models import User
from hamdel.web import forms
from hamdel.web.i18n import translator
from hamdel.web.pages import Member, MemberForm, redirect, render

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


# -- profile: what the person chose to share, one consent each -------------------------------


def _profile_page(
    request: Request, user: User, state: AppState, fields: dict[str, forms.Field], **context: Any
) -> HTMLResponse:
    """The form with ``fields``: the stored values, or the values sent with their errors."""
    return render(
        request, "profile.html", state=state, user=user, sections=forms.SECTIONS, fields=fields,
        share_prefix=forms.SHARE_PREFIX, timezones=forms.timezone_names(),
        suggested_timezone=forms.suggested_timezone(user.language), **context,
    )  # fmt: skip


@router.get("/profile", response_class=HTMLResponse)
def profile_form(request: Request, db: DB, user: Member, state: State) -> Response:
    stored = {a.name: (a.consent, a.value) for a in repo.list_profile(db, user_id=user.id)}
    return _profile_page(request, user, state, forms.fields_from_stored(stored))


@router.post("/profile", response_class=HTMLResponse)
async def profile_submit(request: Request, db: DB, user: MemberForm, state: State) -> Response:
    """Save the whole form: every field is validated first, nothing is written if one is wrong.
    An unticked "share" withdraws consent and erases a stored value."""
    form = await request.form()
    single = {k: v for k, v in form.items() if isinstance(v, str)}
    lists = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
    submission = forms.read_profile_form(single, lists, translator(user.language), user.language)
    if not submission.valid:
        return _profile_page(
            request, user, state, submission.fields, status=400, error="profile_not_saved"
        )
    stored = {a.name: a for a in repo.list_profile(db, user_id=user.id)}
    for name, value in submission.shared.items():
        repo.set_profile_attribute(db, user_id=user.id, name=name, value=value, consent=True)
    for name in submission.withheld:
        if name in stored and stored[name].consent:
            repo.set_profile_attribute(db, user_id=user.id, name=name, value=None, consent=False)
    return redirect("/profile?saved=1")
