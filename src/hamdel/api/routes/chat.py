"""/api/chat: one written turn with the companion."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, StringConstraints

from hamdel.companion import answer_check_in, text_turn
from hamdel.companion.thread import page as thread_page
from hamdel.core.languages import MAX_TEXT_CHARS
from hamdel.server.deps import DB, CurrentPrincipal, State
from hamdel.server.schemas import Input, Lang
from hamdel.store.models import utcnow

router = APIRouter(tags=["companion"])


class ChatIn(Input):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS)]
    language: Lang | None = None


@router.post("/api/chat", response_model=dict[str, Any])
def chat(
    body: ChatIn,
    principal: CurrentPrincipal,
    db: DB,
    state: State,
) -> dict[str, Any]:
    """Write to hamdel. Clear crisis language gets crisis resources and nothing else (the reply
    says whether contacts were told); uncertain language gets the normal reply plus a direct
    question in ``check_in`` (answer it at ``/api/check-ins/{id}``); otherwise an
    acknowledgement, coping suggestions and perhaps a supportive message.
    hamdel is not a therapist."""
    user = db.merge(principal.user)
    reply = text_turn(
        db,
        state.components,
        user=user,
        text=body.text,
        language=body.language,
        now=utcnow(),
        seed=secrets.randbelow(2**31),
    )
    return reply.to_dict()


class CheckInAnswer(Input):
    answer: Literal["yes", "no"]


@router.post("/api/check-ins/{check_in_id}", response_model=dict[str, Any])
def check_in(
    check_in_id: Annotated[int, Path(ge=1, le=2**62)],
    body: CheckInAnswer,
    principal: CurrentPrincipal,
    db: DB,
    state: State,
) -> dict[str, Any]:
    """Answer the direct question of a check-in (``check_in.id`` of a chat reply). "yes" gets
    crisis resources and warns the contacts who agreed; "no" is recorded and the conversation
    goes on. 404 for an unknown question, 409 when it was already answered."""
    user = db.merge(principal.user)
    reply = answer_check_in(
        db,
        state.components,
        user=user,
        check_in_id=check_in_id,
        yes=body.answer == "yes",
        now=utcnow(),
    )
    return reply.to_dict()


class ThreadItemOut(BaseModel):
    id: int
    at: str = Field(description="when, ISO 8601 in UTC")
    role: Literal["person", "hamdel"]
    kind: str = Field(
        description="person: text, voice, heart, answer; hamdel: reply, crisis, message"
    )
    language: str | None
    text: str = Field(description="what was written or heard, or hamdel's words")
    suggestions: list[dict[str, Any]] = []
    message: dict[str, Any] | None = None
    check_in: dict[str, Any] | None = Field(
        default=None, description="a question asked in this reply; `open` until answered"
    )
    crisis: dict[str, Any] | None = Field(
        default=None, description="crisis resources shown with this reply (current lines)"
    )
    emotion: str | None = None


class ThreadOut(BaseModel):
    items: list[ThreadItemOut] = Field(description="oldest first")
    earlier: int | None = Field(description="pass as `before` for the page before this one")


@router.get("/api/thread", response_model=ThreadOut)
def thread(
    principal: CurrentPrincipal,
    db: DB,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ThreadOut:
    """The conversation, both sides, a page at a time (newest page first)."""
    found = thread_page(db, user_id=principal.user.id, before=before, limit=limit)
    return ThreadOut(
        items=[ThreadItemOut(**item.to_dict()) for item in found.items], earlier=found.earlier
    )
