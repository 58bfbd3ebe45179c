"""Request and response bodies. Inputs forbid unknown fields; strings have length limits."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)

from hamdel.core.languages import MAX_TEXT_CHARS, storable_text

Lang = Literal["en", "fa"]
Password = Annotated[str, StringConstraints(min_length=10, max_length=256)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def _check_value(value: Any, where: str) -> None:
    """Refuse what no database stores: lone surrogates, NUL characters, dates that overflow."""
    if isinstance(value, str):
        if not storable_text(value):
            raise ValueError(f"{where}: invalid text (a NUL character or a lone surrogate)")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: not a number")
    elif isinstance(value, datetime) and value.tzinfo is not None:
        try:
            ok = EARLIEST <= value.astimezone(UTC) < LATEST
        except OverflowError:
            ok = False
        if not ok:
            raise ValueError(f"{where}: the date is out of range (1900-2199)")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_value(k, where)
            _check_value(v, where)
    elif isinstance(value, list | tuple | set):
        for v in value:
            _check_value(v, where)


class Input(BaseModel):
    """Every request body: unknown fields, NaN/infinity, lone surrogates, NUL characters and
    dates outside 1900-2199 are a 422, before anything reads them."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="after")
    def _storable(self) -> Input:
        for name, value in self.__dict__.items():
            _check_value(value, name)
        return self


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# -- auth ----------------------------------------------------------------------------------


class SignUp(Input):
    email: EmailStr
    password: Password
    language: Lang = "en"
    display_name: Name | None = None


class Credentials(Input):
    email: EmailStr
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UserOut(Output):
    id: int
    email: str
    display_name: str | None
    language: str
    created_at: datetime
    speak_replies: bool = False
    """The web app reads every reply aloud."""


class SignedUp(BaseModel):
    detail: str


class AccountConfirmation(Input):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """From the link e-mailed at sign-up (``/account/confirm?token=…``)."""


class PasswordChange(Input):
    current: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    new: Password


class SignedOut(BaseModel):
    signed_out: int
    """How many sessions and tokens were ended."""


class LoginOut(BaseModel):
    user: UserOut
    csrf_token: str


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime


class UserPatch(Input):
    language: Lang | None = None
    display_name: Name | None = None
    speak_replies: bool | None = None


class PasswordConfirm(Input):
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


# -- profile -------------------------------------------------------------------------------


class AttributeIn(Input):
    consent: bool
    value: Any = None


class AttributeOut(Output):
    name: str
    value: Any
    consent: bool
    updated_at: datetime


class AttributeInfo(BaseModel):
    name: str
    description: str
    kind: Literal["choice", "subset", "number", "text", "country", "timezone"] = Field(
        description="what kind of value: one of `options`, a list of them, a number, or text"
    )
    options: list[str] = Field(default_factory=list, description="allowed values (choice/subset)")
    min_items: int | None = Field(default=None, description="subset: fewest values")
    max_items: int | None = Field(default=None, description="subset: most values")
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    max_length: int | None = None


class ProfileOut(BaseModel):
    attributes: list[AttributeOut]
    available: list[AttributeInfo]


# -- records -------------------------------------------------------------------------------


class ContactIn(Input):
    name: Name
    channel: Literal["email", "phone", "apprise", "webhook"] = Field(
        description="email: an e-mail address; phone: +<country code><number>, by the SMS "
        "gateway; apprise: an Apprise URL of their own channel (tgram://, signals://, "
        "matrixs://, ntfys://, ...); webhook: an https:// URL that receives JSON"
    )
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=320)]
    language: Lang | None = Field(
        default=None, description="the contact's language; yours when not given"
    )


class ContactOut(Output):
    id: int
    name: str
    channel: str
    address: str
    language: str | None = None
    confirmed: bool
    created_at: datetime
    confirmed_at: datetime | None
    withdrawn_at: datetime | None = None
    state: Literal["waiting", "agreed", "withdrawn"] = "waiting"
    reachable: bool = False
    problem: str | None = Field(default=None, description="why hamdel cannot reach them now")
    last_delivery_at: datetime | None = None
    last_error: str | None = None


class ContactCreated(ContactOut):
    invitation_sent: bool = Field(
        description="the invitation, with a code only the contact receives, is on its way to them"
    )
    confirm_url: str | None = Field(
        default=None,
        description="only when the invitation cannot be delivered: pass this link on by hand "
        "(it refuses your own signed-in session)",
    )


class ContactConfirm(Input):
    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    code: Annotated[str, StringConstraints(max_length=20)] = ""


class PostIn(Input):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS)]
    language: Lang | None = None
    source: Literal["chat", "facebook", "x", "mastodon", "csv"] = "chat"
    posted_at: AwareDatetime | None = None


class PostOut(Output):
    id: int
    source: str
    text: str
    language: str | None
    posted_at: datetime | None
    created_at: datetime


class ObservationOut(Output):
    id: int
    source: str
    observed_at: datetime
    emotion: str | None
    emotion_scores: dict[str, Any] | None
    depression_p: float | None
    stress_p: float | None
    sentiment: float | None
    stress_level: str | None
    details: dict[str, Any] | None


class MessageOut(Output):
    id: int
    kind: str
    item_id: str
    intensity: str | None
    language: str
    text: str
    delivered_at: datetime


class AlertOut(Output):
    id: int
    contact_id: int | None
    reason: str
    status: str
    detail: str | None
    created_at: datetime


class FeedbackIn(Input):
    """A rating of a delivered suggestion or message: ``satisfaction`` 1 (very dissatisfied)
    .. 5 (very satisfied), or the fast path ``rating`` +1 (thumb up, "satisfied") / -1 (thumb
    down, "dissatisfied"); exactly one. A second rating of the same item replaces the first."""

    item_kind: Literal["suggestion", "message"]
    item_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    rating: Literal[-1, 1] | None = None
    satisfaction: Annotated[int, Field(ge=1, le=5, strict=True)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> FeedbackIn:
        if (self.rating is None) == (self.satisfaction is None):
            raise ValueError("give either satisfaction (1..5) or rating (+1 or -1)")
        return self


class FeedbackOut(Output):
    id: int
    item_kind: str
    item_id: str
    rating: int
    """+1 (satisfaction 4-5 or a thumb up), 0 (3), -1 (1-2 or a thumb down)."""
    satisfaction: int | None = None
    """1..5; none for a thumb."""
    created_at: datetime


class StudyOut(BaseModel):
    """Whether you take part in the recommender study (which of the four ways chooses your
    suggestions is not shown while you take part, so it cannot colour your ratings; your
    export lists it)."""

    taking_part: bool
    since: datetime | None = None
    survey_due: bool = False
    survey_questions: list[str] = []


class SurveyIn(Input):
    """The study's short survey: each question 1 (not at all) .. 5 (very much), or
    ``dismiss`` to skip it (it comes back in 14 days)."""

    answers: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=32)],
        Annotated[int, Field(ge=1, le=5, strict=True)],
    ] = {}
    dismiss: bool = False


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: str
    jobs: str
    crisis_check: str = "ok"


__all__ = [
    "AccountConfirmation",
    "AlertOut",
    "AttributeIn",
    "AttributeInfo",
    "AttributeOut",
    "ContactConfirm",
    "ContactCreated",
    "ContactIn",
    "ContactOut",
    "Credentials",
    "FeedbackIn",
    "FeedbackOut",
    "Health",
    "Input",
    "Lang",
    "LoginOut",
    "MessageOut",
    "Name",
    "ObservationOut",
    "Output",
    "Password",
    "PasswordChange",
    "PasswordConfirm",
    "PostIn",
    "PostOut",
    "ProfileOut",
    "SignUp",
    "SignedOut",
    "SignedUp",
    "StudyOut",
    "SurveyIn",
    "TokenOut",
    "UserOut",
    "UserPatch",
]
