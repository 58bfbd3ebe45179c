"""User-scoped records: contacts, posts, observations, messages, alerts, feedback.

Every query filters by the signed-in user's id; another user's record is "not found".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from pydantic import BaseModel

from hamdel.api.deps import DB, AppState, CurrentPrincipal, UserId, get_state
from hamdel.api.schemas import (
    AlertOut,
    ContactConfirm,
    ContactCreated,
    ContactIn,
    ContactOut,
    FeedbackIn,
    FeedbackOut,
    MessageOut,
    ObservationOut,
    PostIn,
    PostOut,
)
from hamdel.api.security import new_token, token_hash
from hamdel.core.errors import ConflictError, InputError, NotFoundError
from hamdel.safety.outbound import check_url
from hamdel.store import repositories as repo
from hamdel.store.models import (
    Alert,
    Base,
    Contact,
    DeliveredMessage,
    Feedback,
    Observation,
    Post,
    User,
)
from hamdel.web.invitations import confirm_link, send_invitation

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
ItemId = Annotated[int, Path(ge=1, le=2**62)]


def _owned_routes(
    model: type[Base], out: type[BaseModel], path: str, tag: str, *, deletable: bool
) -> None:
    """list / get (and delete) for one user-scoped table."""

    def list_items(
        user_id: UserId, db: DB, limit: Limit = 100, offset: Offset = 0
    ) -> list[BaseModel]:
        rows = repo.list_owned(db, model, user_id=user_id, limit=limit, offset=offset)
        return [out.model_validate(r) for r in rows]

    def get_item(item_id: ItemId, user_id: UserId, db: DB) -> BaseModel:
        row = repo.get_owned(db, model, user_id=user_id, item_id=item_id)
        if row is None:
            raise NotFoundError(f"{tag} {item_id} not found")
        return out.model_validate(row)

    router.add_api_route(
        path,
        list_items,
        methods=["GET"],
        response_model=list[out],  # type: ignore[valid-type]
        tags=[tag],
        name=f"list_{tag}",
    )
    router.add_api_route(
        f"{path}/{{item_id}}",
        get_item,
        methods=["GET"],
        response_model=out,
        tags=[tag],
        name=f"get_{tag}",
    )
    if deletable:

        def delete_item(item_id: ItemId, user_id: UserId, db: DB) -> Response:
            if not repo.delete_owned(db, model, user_id=user_id, item_id=item_id):
                raise NotFoundError(f"{tag} {item_id} not found")
            return Response(status_code=status.HTTP_204_NO_CONTENT)

        router.add_api_route(
            f"{path}/{{item_id}}",
            delete_item,
            methods=["DELETE"],
            status_code=204,
            tags=[tag],
            name=f"delete_{tag}",
            response_class=Response,
        )


_owned_routes(Contact, ContactOut, "/api/contacts", "contacts", deletable=True)
_owned_routes(Post, PostOut, "/api/posts", "posts", deletable=True)
_owned_routes(Observation, ObservationOut, "/api/observations", "observations", deletable=True)
_owned_routes(DeliveredMessage, MessageOut, "/api/messages", "messages", deletable=False)
_owned_routes(Alert, AlertOut, "/api/alerts", "alerts", deletable=False)
_owned_routes(Feedback, FeedbackOut, "/api/feedback", "feedback", deletable=True)


ADDRESS_PROBLEMS = {
    "email": "an e-mail contact needs a valid e-mail address",
    "webhook": "a webhook contact needs an https:// address on the public internet",
}


def contact_address_problem(
    channel: str, address: str, *, allow_private: bool = False
) -> str | None:
    """``"email"`` or ``"webhook"`` when the address does not fit the channel, else None."""
    if channel == "email" and ("@" not in address or " " in address):
        return "email"
    if channel == "webhook":
        try:  # literal addresses only: the name may not resolve yet; delivery checks again
            check_url(address, allow_private=allow_private, resolve=False)
        except InputError:
            return "webhook"
    return None


def _same_address(channel: str, a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return a.lower() == b.lower() if channel == "email" else a == b


def add_contact(
    db: DB, *, user_id: int, body: ContactIn, allow_private: bool = False
) -> tuple[Contact, str]:
    """Store a contact awaiting confirmation; returns it and the one-time token (only hashed).

    Adding a contact that is already waiting (a form sent twice, a page reloaded) keeps one
    row: its name is updated and a new one-time link replaces the old one. Adding a contact
    who has already agreed raises :class:`~hamdel.core.errors.ConflictError` (HTTP 409)."""
    problem = contact_address_problem(body.channel, body.address, allow_private=allow_private)
    if problem is not None:
        raise InputError(ADDRESS_PROBLEMS[problem])
    raw = new_token()
    for existing in repo.list_owned(db, Contact, user_id=user_id, limit=1000):
        if existing.channel == body.channel and _same_address(
            body.channel, existing.address, body.address
        ):
            if existing.confirmed:
                raise ConflictError(
                    "this contact is already on your list and has agreed to be warned"
                )
            existing.name = body.name
            existing.confirm_token_hash = token_hash(raw)
            db.flush()
            return existing, raw
    contact = repo.add_owned(
        db,
        Contact,
        user_id=user_id,
        name=body.name,
        channel=body.channel,
        address=body.address,
        confirm_token_hash=token_hash(raw),
    )
    return contact, raw


def person_name(user: User) -> str:
    """How a contact knows the person: their display name, else their e-mail address."""
    return user.display_name or user.email


def invite_contact(
    state: AppState, *, user: User, contact: Contact, link: str
) -> tuple[bool, str | None]:
    """E-mail the invitation to an e-mail contact when SMTP is configured (never raises)."""
    if contact.channel != "email":
        return False, None
    return send_invitation(
        state.components.channels,
        address=contact.address,
        language=user.language,
        person_name=person_name(user),
        contact_name=contact.name,
        link=link,
    )


@router.post("/api/contacts", status_code=201, response_model=ContactCreated, tags=["contacts"])
def create_contact(
    body: ContactIn,
    principal: CurrentPrincipal,
    db: DB,
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
) -> ContactCreated:
    """Register someone to be warned. They must confirm with the one-time token before any alert
    can reach them: give them `confirm_url` (or the token). When SMTP is configured, hamdel also
    e-mails the invitation to an e-mail contact (`invitation_emailed`; a failure to send is
    reported in `invitation_error`, the contact is stored all the same)."""
    contact, raw = add_contact(
        db,
        user_id=principal.user.id,
        body=body,
        allow_private=state.settings.outbound_allow_private,
    )
    link = confirm_link(str(request.base_url), raw)
    sent, error = invite_contact(state, user=principal.user, contact=contact, link=link)
    return ContactCreated(
        **ContactOut.model_validate(contact).model_dump(),
        confirm_token=raw,
        confirm_url=link,
        invitation_emailed=sent,
        invitation_error=error,
    )


@router.post("/api/contacts/confirm", response_model=dict[str, str], tags=["contacts"])
def confirm_contact(body: ContactConfirm, db: DB) -> dict[str, str]:
    """Called by the contact (no account needed): agree to be warned."""
    contact = repo.confirm_contact(db, token_hash=token_hash(body.token))
    if contact is None:
        raise NotFoundError("this confirmation link is invalid or was already used")
    return {"status": "confirmed"}


@router.post("/api/posts", status_code=201, response_model=PostOut, tags=["posts"])
def create_post(body: PostIn, user_id: UserId, db: DB) -> PostOut:
    if not body.text.strip():
        raise InputError("the post is empty")
    post = repo.add_owned(
        db,
        Post,
        user_id=user_id,
        text=body.text,
        language=body.language,
        source=body.source,
        posted_at=body.posted_at,
    )
    return PostOut.model_validate(post)


@router.post("/api/feedback", status_code=201, response_model=FeedbackOut, tags=["feedback"])
def create_feedback(body: FeedbackIn, user_id: UserId, db: DB) -> FeedbackOut:
    row = repo.add_owned(
        db,
        Feedback,
        user_id=user_id,
        item_kind=body.item_kind,
        item_id=body.item_id,
        rating=body.rating,
    )
    return FeedbackOut.model_validate(row)
