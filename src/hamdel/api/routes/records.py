"""User-scoped records: contacts, posts, observations, messages, alerts, feedback.

Every query filters by the signed-in user's id; another user's record is "not found".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import BaseModel

from hamdel.companion import contacts, study
from hamdel.core.errors import InputError, NotFoundError
from hamdel.server.actions import invite_contact
from hamdel.server.deps import (
    DB,
    AppState,
    CurrentPrincipal,
    Principal,
    State,
    UserId,
    optional_principal,
)
from hamdel.server.schemas import (
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
from hamdel.store import repositories as repo
from hamdel.store.models import (
    Alert,
    Base,
    Contact,
    DeliveredMessage,
    Feedback,
    Observation,
    Post,
    utcnow,
)

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


_owned_routes(Post, PostOut, "/api/posts", "posts", deletable=True)
_owned_routes(Observation, ObservationOut, "/api/observations", "observations", deletable=True)
_owned_routes(DeliveredMessage, MessageOut, "/api/messages", "messages", deletable=False)
_owned_routes(Alert, AlertOut, "/api/alerts", "alerts", deletable=False)
_owned_routes(Feedback, FeedbackOut, "/api/feedback", "feedback", deletable=True)


def contact_out(state: AppState, contact: Contact) -> ContactOut:
    """A contact with whether hamdel can reach them and how the last message went."""
    status_ = contacts.contact_status(state.components.sender, contact)
    return ContactOut.model_validate(contact).model_copy(
        update={
            "state": status_.state,
            "reachable": status_.reachable,
            "problem": status_.problem,
            "last_delivery_at": status_.last_delivery_at,
            "last_error": status_.last_error,
        }
    )


@router.get("/api/contacts", response_model=list[ContactOut], tags=["contacts"])
def list_contacts(
    user_id: UserId, db: DB, state: State, limit: Limit = 100, offset: Offset = 0
) -> list[ContactOut]:
    """Your contacts, each with `state` (waiting, agreed, withdrawn), `reachable` and
    `problem` (why hamdel cannot reach them now), and the last delivery."""
    rows = repo.list_owned(db, Contact, user_id=user_id, limit=limit, offset=offset)
    return [contact_out(state, c) for c in rows]


@router.get("/api/contacts/{item_id}", response_model=ContactOut, tags=["contacts"])
def get_contact(item_id: ItemId, user_id: UserId, db: DB, state: State) -> ContactOut:
    row = repo.get_owned(db, Contact, user_id=user_id, item_id=item_id)
    if row is None:
        raise NotFoundError(f"contacts {item_id} not found")
    return contact_out(state, row)


@router.delete("/api/contacts/{item_id}", status_code=204, tags=["contacts"])
def delete_contact(item_id: ItemId, user_id: UserId, db: DB) -> Response:
    if not repo.delete_owned(db, Contact, user_id=user_id, item_id=item_id):
        raise NotFoundError(f"contacts {item_id} not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/contacts", status_code=201, response_model=ContactCreated, tags=["contacts"])
def create_contact(
    body: ContactIn, principal: CurrentPrincipal, db: DB, state: State
) -> ContactCreated:
    """Register someone to be warned. They must agree themselves before any alert can reach
    them: the invitation goes to them with a code only they receive (`invitation_sent`). When
    their channel cannot deliver (`problem` says why), you get `confirm_url` to pass on by
    hand; it refuses your own session."""
    invitation = invite_contact(db, state, user=principal.user, body=body)
    return ContactCreated(
        **contact_out(state, invitation.contact).model_dump(),
        invitation_sent=invitation.sent,
        confirm_url=invitation.link,
    )


@router.post("/api/contacts/{item_id}/test", status_code=202, tags=["contacts"])
def test_contact(
    item_id: ItemId, principal: CurrentPrincipal, db: DB, state: State
) -> dict[str, str]:
    """Send a test message to a contact who agreed (it says that nothing is wrong)."""
    contacts.send_test(
        db, state.components.sender, user=principal.user, contact_id=item_id, now=utcnow()
    )
    return {"status": "queued"}


@router.post("/api/contacts/confirm", response_model=dict[str, str], tags=["contacts"])
def confirm_contact(
    body: ContactConfirm,
    db: DB,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> dict[str, str]:
    """Called by the contact (no account needed) with the link's token and the code they were
    sent: agree to be warned. The person who invited them cannot (403)."""
    contacts.confirm(
        db,
        token=body.token,
        code=body.code,
        viewer_id=principal.user.id if principal is not None else None,
        now=utcnow(),
    )
    return {"status": "confirmed"}


@router.post("/api/contacts/withdraw", response_model=dict[str, str], tags=["contacts"])
def withdraw_contact(body: ContactConfirm, db: DB) -> dict[str, str]:
    """Called by the contact with the withdraw link's token: no more messages."""
    contacts.withdraw(db, token=body.token, now=utcnow())
    return {"status": "withdrawn"}


@router.post("/api/posts", status_code=201, response_model=PostOut, tags=["posts"])
def create_post(body: PostIn, user_id: UserId, db: DB) -> PostOut:
    if not body.text.strip():
        raise InputError("the post is empty")
    post = repo.add_owned(db, Post, user_id=user_id, **body.model_dump())
    return PostOut.model_validate(post)


@router.post("/api/feedback", status_code=201, response_model=FeedbackOut, tags=["feedback"])
def create_feedback(body: FeedbackIn, user_id: UserId, db: DB) -> FeedbackOut:
    """Rate a suggestion or message: `satisfaction` 1 (very dissatisfied) .. 5 (very
    satisfied), or the fast path `rating` +1 / -1 (a thumb: "satisfied" 4 / "dissatisfied" 2
    on the scale). A second rating of the same delivered item replaces the first."""
    rated = study.rate(
        db,
        user_id=user_id,
        item_kind=body.item_kind,
        item_id=body.item_id,
        satisfaction=body.satisfaction,
        thumb=body.rating,
        now=utcnow(),
    )
    return FeedbackOut.model_validate(rated.to_dict())
