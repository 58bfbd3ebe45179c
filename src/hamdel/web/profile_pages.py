"""The profile: what the person chose to share, each attribute with its own consent."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hamdel.server.deps import DB
from hamdel.store import repositories as repo
from hamdel.store.models import (
    User,
)
from hamdel.web.forms import (
    SECTIONS,
    SHARE_PREFIX,
    Field,
    fields_from_stored,
    read_profile_form,
    suggested_timezone,
    timezone_names,
)
from hamdel.web.i18n import translator
from hamdel.web.pages import (
    Member,
    MemberForm,
    State,
    redirect,
    render,
)

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


# -- profile: what the person chose to share, one consent each -------------------------------


def _profile_page(
    request: Request,
    db: DB,
    user: User,
    state: State,
    *,
    fields: dict[str, Field] | None = None,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    if fields is None:
        stored = {a.name: (a.consent, a.value) for a in repo.list_profile(db, user_id=user.id)}
        fields = fields_from_stored(stored)
    return render(
        request,
        "profile.html",
        state=state,
        user=user,
        status=status,
        error=error,
        sections=SECTIONS,
        fields=fields,
        share_prefix=SHARE_PREFIX,
        timezones=timezone_names(),
        suggested_timezone=suggested_timezone(user.language),
    )


@router.get("/profile", response_class=HTMLResponse)
def profile_form(request: Request, db: DB, user: Member, state: State) -> Response:
    return _profile_page(request, db, user, state)


@router.post("/profile", response_class=HTMLResponse)
async def profile_submit(request: Request, db: DB, user: MemberForm, state: State) -> Response:
    """Save the whole form: every field is validated first, nothing is written if one is wrong.
    An unticked "share" withdraws consent and erases a stored value."""
    form = await request.form()
    single = {k: v for k, v in form.items() if isinstance(v, str)}
    lists = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}
    submission = read_profile_form(single, lists, translator(user.language), user.language)
    if not submission.valid:
        return _profile_page(
            request, db, user, state, fields=submission.fields, status=400,
            error="profile_not_saved",
        )  # fmt: skip
    stored = {a.name: a for a in repo.list_profile(db, user_id=user.id)}
    for name, value in submission.shared.items():
        repo.set_profile_attribute(db, user_id=user.id, name=name, value=value, consent=True)
    for name in submission.withheld:
        if name in stored and stored[name].consent:
            repo.set_profile_attribute(db, user_id=user.id, name=name, value=None, consent=False)
    return redirect("/profile?saved=1")
