"""Shared fixtures: corpora (skip where absent), real services, the app, isolation from ~/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from hamdel.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _shared_data_dir() -> Path | None:
    explicit = os.environ.get("HAMDEL_DATA_DIR")
    candidate = Path(explicit) if explicit else ROOT.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (or ``HAMDEL_DATA_DIR``); the test is skipped when it is absent."""
    path = _shared_data_dir()
    if path is None:
        pytest.skip("needs the shared corpora: ../shared/data (or HAMDEL_DATA_DIR) is absent")
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user's data, config or cache directories from a test."""
    home = tmp_path_factory.getbasetemp() / "home"
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("HAMDEL_CONFIG", raising=False)


# -- real services: PostgreSQL and Redis (skip with the reason where they do not answer) ----

POSTGRES_URL = os.environ.get(
    "HAMDEL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("HAMDEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def postgres_url() -> object:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    import uuid

    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg not installed (scale extra)")
    plain = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(plain, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL does not answer at {plain}: {exc}".splitlines()[0])
    schema = f"hamdel_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


@pytest.fixture
def redis_url() -> str:
    try:
        import redis
    except ImportError:
        pytest.skip("redis client not installed (scale extra)")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        pytest.skip(f"Redis does not answer at {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a test on SQLite and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hamdel.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def sessions(database_url: str):  # type: ignore[no-untyped-def]
    """A session factory on a migrated database, SQLite and PostgreSQL."""
    from hamdel.store import make_engine, make_session_factory, upgrade

    engine = make_engine(database_url)
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


# -- the app on a fresh SQLite file per test -------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    from hamdel.core.settings import load_settings

    return load_settings(
        database_url=f"sqlite:///{tmp_path / 'hamdel.db'}",
        environment="test",
        cookie_secure=False,  # TestClient speaks plain http://testserver
        models_dir=tmp_path / "models",
        # every TestClient comes from one address: the limits' own test uses the defaults
        sign_up_limit_address="1000/hour",
        sign_in_limit_address="1000/minute",
        sign_in_limit_account="1000/minute",
        base_url="http://testserver",  # links that leave the app point at the TestClient
        warm_up=False,  # hundreds of apps start here: each warming Whisper costs GBs
        courier_seconds=0,  # the outbox is delivered when a request wakes it, not on a timer
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    from hamdel.server.app import create_app

    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


# -- real receivers for the alert chain: an SMTP server and an HTTP gateway on loopback --------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the local SMTP server received: (recipients, raw message) per e-mail."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.delay = 0.0
        self.ack_delay = 0.0
        self.arrivals = 0
        """Messages whose DATA began (kept or not)."""

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        import asyncio

        self.arrivals += 1
        if self.delay:
            await asyncio.sleep(self.delay)
            if server.transport is None or server.transport.is_closing():
                return "451 the sender went away before the end"  # never acknowledged: not kept
        self.messages.append(
            (list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        )
        if self.ack_delay:  # kept, but the sender does not hear so yet
            await asyncio.sleep(self.ack_delay)
        return "250 OK"


@pytest.fixture
def smtp_inbox():  # type: ignore[no-untyped-def]
    """(inbox, port) of a real SMTP server (aiosmtpd) on loopback."""
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def gateway():  # type: ignore[no-untyped-def]
    """(received, port) of a local HTTP server standing in for an SMS or Telegram gateway:
    every POST's path, headers and JSON body; answers 200 (or ``received.status``)."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Received(list):  # type: ignore[type-arg]
        status = 200

    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = {"raw": body.decode("utf-8", "replace")}
            received.append({"path": self.path, "headers": dict(self.headers), "json": payload})
            self.send_response(received.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, server.server_address[1]
    server.shutdown()
