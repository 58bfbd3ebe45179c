"""/api/chat: one written turn with the companion."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import StringConstraints

from hamdel.api.deps import DB, AppState, CurrentPrincipal, get_state
from hamdel.api.schemas import Input, Lang
from hamdel.companion import text_turn
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
    """Write to hamdel. A message with crisis language gets crisis resources and nothing else;
    otherwise an acknowledgement, coping suggestions and perhaps a supportive message.
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
