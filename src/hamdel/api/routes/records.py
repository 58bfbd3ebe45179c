"""User-scoped records: contacts, posts, observations, messages, alerts, feedback.

Every query filters by the signed-in user's id; another user's record is "not found".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel

from hamdel.api.deps import DB, UserId
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
from hamdel.core.errors import InputError, NotFoundError
from hamdel.store import repositories as repo
from hamdel.store.models import (
    Alert,
    Base,
    Contact,
    DeliveredMessage,
    Feedback,
    Observation,
    Post,
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


_owned_routes(Contact, ContactOut, "/api/contacts", "contacts", deletable=True)
_owned_routes(Post, PostOut, "/api/posts", "posts", deletable=True)
_owned_routes(Observation, ObservationOut, "/api/observations", "observations", deletable=True)
_owned_routes(DeliveredMessage, MessageOut, "/api/messages", "messages", deletable=False)
_owned_routes(Alert, AlertOut, "/api/alerts", "alerts", deletable=False)
_owned_routes(Feedback, FeedbackOut, "/api/feedback", "feedback", deletable=True)


@router.post("/api/contacts", status_code=201, response_model=ContactCreated, tags=["contacts"])
def create_contact(body: ContactIn, user_id: UserId, db: DB) -> ContactCreated:
    """Register someone to be warned. They must confirm with the one-time token before any alert
    can reach them; give it to them (or let hamdel e-mail it when SMTP is configured)."""
    if body.channel == "email" and ("@" not in body.address or " " in body.address):
        raise InputError("an e-mail contact needs a valid e-mail address")
    if body.channel == "webhook" and not body.address.startswith("https://"):
        raise InputError("a webhook contact needs an https:// address")
    raw = new_token()
    contact = repo.add_owned(
        db,
        Contact,
        user_id=user_id,
        name=body.name,
        channel=body.channel,
        address=body.address,
        confirm_token_hash=token_hash(raw),
    )
    return ContactCreated(**ContactOut.model_validate(contact).model_dump(), confirm_token=raw)


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
