"""/api/chat: one written turn with the companion."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import StringConstraints

from hamdel.api.deps import DB, AppState, CurrentPrincipal, get_state
from hamdel.api.schemas import Input, Lang
from hamdel.companion import answer_check_in, text_turn
from hamdel.store.models import utcnow

router = APIRouter(tags=["companion"])


class ChatIn(Input):
    text: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    language: Lang | None = None


@router.post("/api/chat", response_model=dict[str, Any])
def chat(
    body: ChatIn,
    principal: CurrentPrincipal,
    db: DB,
    state: Annotated[AppState, Depends(get_state)],
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
    state: Annotated[AppState, Depends(get_state)],
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
