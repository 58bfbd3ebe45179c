"""/api/profile: attributes the person chose to share, one consent each."""

from __future__ import annotations

from fastapi import APIRouter, Path, Response, status

from hamdel.core.errors import InputError, NotFoundError
from hamdel.core.profile import ATTRIBUTES, Attribute, validate_attribute
from hamdel.server.deps import DB, UserId
from hamdel.server.schemas import AttributeIn, AttributeInfo, AttributeOut, ProfileOut
from hamdel.store import repositories as repo

router = APIRouter(tags=["profile"])
AttrName = Path(pattern=r"^[a-z_]{1,64}$", description="one of the names listed under `available`")


@router.get("/api/profile", response_model=ProfileOut)
def get_profile(user_id: UserId, db: DB) -> ProfileOut:
    stored = repo.list_profile(db, user_id=user_id)
    return ProfileOut(
        attributes=[AttributeOut.model_validate(a) for a in stored],
        available=[_info(a) for a in ATTRIBUTES.values()],
    )


def _info(a: Attribute) -> AttributeInfo:
    subset = a.kind == "subset"
    return AttributeInfo(
        name=a.name,
        description=a.description,
        kind=a.kind,
        options=list(a.options),
        min_items=a.min_items if subset else None,
        max_items=(a.max_items if a.max_items is not None else len(a.options)) if subset else None,
        minimum=a.minimum,
        maximum=a.maximum,
        integer=a.integer,
        max_length=a.max_length,
    )


@router.put("/api/profile/{name}", response_model=AttributeOut)
def put_attribute(body: AttributeIn, user_id: UserId, db: DB, name: str = AttrName) -> AttributeOut:
    """Share a value (``consent: true`` with a value) or refuse (``consent: false`` erases it)."""
    if body.consent:
        if body.value is None:
            raise InputError(f"profile attribute {name!r} needs a value when consent is given")
        value = validate_attribute(name, body.value)
    elif name not in ATTRIBUTES:
        raise InputError(f"unknown profile attribute {name!r}; known: {', '.join(ATTRIBUTES)}")
    else:
        value = None
    attribute = repo.set_profile_attribute(
        db, user_id=user_id, name=name, value=value, consent=body.consent
    )
    return AttributeOut.model_validate(attribute)


@router.delete("/api/profile/{name}", status_code=status.HTTP_204_NO_CONTENT)
def delete_attribute(user_id: UserId, db: DB, name: str = AttrName) -> Response:
    if not repo.delete_profile_attribute(db, user_id=user_id, name=name):
        raise NotFoundError(f"no profile attribute {name!r} stored")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
