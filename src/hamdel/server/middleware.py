"""ASGI middleware: request size limits, JSON content type on the API, security headers."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


async def _reject(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse bodies over the limit (413) — by Content-Length up front, or while streaming.

    ``upload_prefixes`` get ``upload_limit`` instead of ``limit`` (audio and HRV uploads);
    the exact ``import_paths`` get ``import_limit`` (archives of posts, up to 100 MB).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        upload_limit: int,
        upload_prefixes: tuple[str, ...] = (),
        import_limit: int | None = None,
        import_paths: tuple[str, ...] = (),
    ) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit
        self.upload_prefixes = upload_prefixes
        self.import_limit = upload_limit if import_limit is None else import_limit
        self.import_paths = frozenset(import_paths)

    def _limit(self, path: str) -> int:
        if path in self.import_paths:
            return self.import_limit
        return self.upload_limit if path.startswith(self.upload_prefixes) else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = self._limit(path)
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reject(send, 400, "invalid Content-Length header")
                return
            if size > limit:
                await _reject(send, 413, f"request body too large: {size} bytes, limit {limit}")
                return
        received = 0
        started = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer 413 now and tell the app the client went away; whatever the app
                    # tries to send afterwards is dropped, and nothing was read whole.
                    refused = True
                    if not started:
                        await _reject(send, 413, f"request body too large: limit {limit} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


class JsonContentTypeMiddleware:
    """API requests that carry a body must declare JSON (415 otherwise) — except upload routes."""

    def __init__(
        self, app: ASGIApp, *, prefix: str = "/api/", exempt: tuple[str, ...] = ()
    ) -> None:
        self.app, self.prefix, self.exempt = app, prefix, exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and scope["path"].startswith(self.prefix)
            and not scope["path"].startswith(self.exempt)
        ):
            headers = dict(scope.get("headers", []))
            has_body = headers.get(b"content-length", b"0") not in (b"0", b"") or (
                b"transfer-encoding" in headers
            )
            ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if has_body and ctype != b"application/json":
                shown = ctype.decode("latin-1") or "none"
                await _reject(send, 415, f"send JSON (Content-Type: application/json), not {shown}")
                return
        await self.app(scope, receive, send)


SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"media-src 'self' blob:; frame-ancestors 'none'; form-action 'self'",
    ),
]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, skip_prefixes: tuple[str, ...] = ()) -> None:
        self.app, self.skip = app, skip_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra: list[Any] = [h for h in SECURITY_HEADERS if h[0] not in existing]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


__all__ = [
    "SECURITY_HEADERS",
    "BodyLimitMiddleware",
    "JsonContentTypeMiddleware",
    "SecurityHeadersMiddleware",
]
