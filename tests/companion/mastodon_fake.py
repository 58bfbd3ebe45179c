"""A fake Mastodon server on loopback: account lookup and paged statuses (``Link: rel="next"``),
with a boost, a reply, a content warning and a media-only status among the posts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ACCOUNT = {
    "id": "7",
    "username": "sara",
    "acct": "sara",
    "display_name": "Sara",
    "url": "http://x/@sara",
    "created_at": "2020-01-01T00:00:00.000Z",
}


def status(n: int, content: str, **extra: object) -> dict[str, object]:
    return {
        "id": str(n),
        "uri": f"https://fake.social/users/sara/statuses/{n}",
        "url": f"https://fake.social/@sara/{n}",
        "created_at": f"2026-11-{n % 28 + 1:02d}T10:00:00.000Z",
        "content": content,
        "spoiler_text": "",
        "language": "en",
        "visibility": "public",
        "reblog": None,
        "in_reply_to_id": None,
        "account": ACCOUNT,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        **extra,
    }


PAGES = [
    [
        status(105, '<p>Long day.<br>Glad it is <a href="https://x">over</a></p>'),
        status(
            104, "<p>boosted words of someone else</p>", reblog=status(9, "<p>someone else</p>")
        ),
        status(103, "<p>امروز کمی خسته‌ام</p>", language="fa"),
    ],
    [
        status(102, "<p>@friend yes, see you there</p>", in_reply_to_id="50"),
        status(101, "<p>the spoiler body</p>", spoiler_text="hard week"),
        status(100, ""),  # a photo only
    ],
]


class Fake:
    def __init__(self) -> None:
        self.requests: list[str] = []
        self.pages = PAGES


@contextmanager
def fake_mastodon() -> Iterator[tuple[str, Fake]]:
    fake = Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(self.path)
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            headers: dict[str, str] = {}
            if url.path == "/api/v1/accounts/lookup":
                if query.get("acct") != ["sara"]:
                    return self._send(404, {"error": "Record not found"})
                body: object = ACCOUNT
            elif url.path == "/api/v1/accounts/7/statuses":
                index = 1 if query.get("max_id") == ["103"] else 0
                body = fake.pages[index]
                if index == 0:
                    headers["Link"] = (
                        f'<{base}/api/v1/accounts/7/statuses?limit=40&max_id=103>; rel="next", '
                        f'<{base}/api/v1/accounts/7/statuses?min_id=105>; rel="prev"'
                    )
            else:
                return self._send(404, {"error": "not found"})
            self._send(200, body, headers)

        def _send(self, code: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", fake
    finally:
        server.shutdown()
        server.server_close()
