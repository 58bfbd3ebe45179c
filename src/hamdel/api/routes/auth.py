"""/api/auth: sign-up, sign-in (cookie or bearer token), sign-out; /api/me."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from hamdel.core.errors import NotFoundError
from hamdel.server.actions import limited_sign_in, limited_sign_up
from hamdel.server.deps import DB, CurrentPrincipal, State
from hamdel.server.schemas import (
    AccountConfirmation,
    Credentials,
    LoginOut,
    PasswordChange,
    SignedOut,
    SignedUp,
    SignUp,
    TokenOut,
    UserOut,
    UserPatch,
)
from hamdel.server.security import SESSION_COOKIE
from hamdel.server.sessions import (
    SIGNED_UP,
    SIGNED_UP_CONFIRM,
    change_password,
    confirm_account,
    end_session,
    issue_token,
    sign_out_everywhere,
    start_browser_session,
)

router = APIRouter(tags=["auth"])


@router.post("/api/auth/signup", status_code=status.HTTP_202_ACCEPTED, response_model=SignedUp)
def signup(body: SignUp, db: DB, request: Request, state: State) -> SignedUp:
    """Create an account, then sign in. Nothing else about you is asked for or stored. The
    answer is the same whether or not the address already had an account (no one can learn who
    uses hamdel from it). A password must be hard to guess (strength, not length); 5 sign-ups an
    hour per address. Where the server sends e-mail, the address is confirmed first: a link
    goes to it (or, for a taken address, a note to its owner), and the account signs in once
    the link was opened (``POST /api/auth/confirm``)."""
    limited_sign_up(db, request, state, body)
    return SignedUp(detail=SIGNED_UP_CONFIRM if state.settings.confirms_email else SIGNED_UP)


@router.post("/api/auth/confirm", response_model=SignedUp)
def confirm(body: AccountConfirmation, db: DB) -> SignedUp:
    """Confirm a new account's address with the token of the e-mailed link (valid two days,
    once); then sign in. 404 for an unknown, used or expired token."""
    if confirm_account(db, token=body.token) is None:
        raise NotFoundError("this confirmation link is unknown, used or expired")
    return SignedUp(detail="address confirmed: sign in to continue")


@router.post("/api/auth/login", response_model=LoginOut)
def login(
    body: Credentials, db: DB, request: Request, response: Response, state: State
) -> LoginOut:
    """Browser sign-in: sets the HttpOnly session cookie and returns the CSRF token to send back
    in ``X-CSRF-Token`` on every request that changes something. Limited per address and per
    account (429 with Retry-After)."""
    user = limited_sign_in(db, request, state, email=body.email, password=body.password)
    csrf = start_browser_session(db, user=user, response=response, settings=state.settings)
    return LoginOut(user=UserOut.model_validate(user), csrf_token=csrf)


@router.post("/api/auth/token", response_model=TokenOut)
def token(body: Credentials, db: DB, request: Request, state: State) -> TokenOut:
    """API clients: exchange credentials for a bearer token (``Authorization: Bearer …``).
    Limited like sign-in."""
    user = limited_sign_in(db, request, state, email=body.email, password=body.password)
    raw, expires = issue_token(db, user=user, kind="api", settings=state.settings)
    return TokenOut(access_token=raw, expires_at=expires)


@router.post("/api/auth/password", response_model=SignedOut)
def password(body: PasswordChange, principal: CurrentPrincipal, db: DB) -> SignedOut:
    """Change your password (the current one is needed); every other session and token is
    signed out, this one stays."""
    user = db.merge(principal.user)
    ended = change_password(
        db, user=user, current=body.current, new=body.new, keep_token=principal.token_hash
    )
    return SignedOut(signed_out=ended)


@router.post("/api/auth/logout-everywhere", response_model=SignedOut)
def logout_everywhere(principal: CurrentPrincipal, db: DB, response: Response) -> SignedOut:
    """End every session and revoke every token, this one included (a lost phone, a shared
    computer)."""
    ended = sign_out_everywhere(db, user=db.merge(principal.user))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return SignedOut(signed_out=ended)


@router.post("/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, db: DB, response: Response) -> Response:
    """End this session (or revoke this bearer token)."""
    end_session(db, token_hash_value=principal.token_hash, response=response)
    response.status_code = status.HTTP_204_NO_CONTENT
    return response


@router.get("/api/me", response_model=UserOut)
def me(principal: CurrentPrincipal) -> UserOut:
    return UserOut.model_validate(principal.user)


@router.patch("/api/me", response_model=UserOut)
def patch_me(body: UserPatch, principal: CurrentPrincipal, db: DB) -> UserOut:
    user = db.merge(principal.user)
    if body.language is not None:
        user.language = body.language
    if "display_name" in body.model_fields_set:
        user.display_name = body.display_name
    if body.speak_replies is not None:
        user.speak_replies = body.speak_replies
    db.flush()
    return UserOut.model_validate(user)
