"""The FastAPI application: API under /api, the browser app at /, OpenAPI at /openapi.json,
its documentation at /docs (Swagger UI) and /redoc (ReDoc), served from local files."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hamdel import __version__
from hamdel.api.docs import install_docs
from hamdel.api.errors import install_error_handlers
from hamdel.api.routes import (
    account,
    auth,
    chat,
    health,
    profile,
    ratings,
    records,
    speech,
    uploads,
)
from hamdel.companion.components import load_components, make_sender
from hamdel.companion.courier import CourierThread, deliver_due
from hamdel.companion.monitor import MonitorThread, monitor_tick
from hamdel.core.settings import Settings, get_settings
from hamdel.jobs import make_queue
from hamdel.jobs.monitor import alert_policy
from hamdel.jobs.monitor import courier as make_courier
from hamdel.server.deps import AppState
from hamdel.server.limits import Attempts, Rules
from hamdel.server.middleware import (
    BodyLimitMiddleware,
    JsonContentTypeMiddleware,
    SecurityHeadersMiddleware,
)
from hamdel.server.warmup import start_warm_up
from hamdel.store import make_engine, make_session_factory, upgrade
from hamdel.web import (
    STATIC_DIR,
    account_pages,
    auth_pages,
    contact_pages,
    home_pages,
    import_pages,
    mood_pages,
    profile_pages,
    upload_pages,
)
from hamdel.web.pages import install as install_page_guards

logger = logging.getLogger(__name__)
UPLOAD_PREFIXES = ("/api/uploads/",)
IMPORT_PATHS = ("/import", "/api/uploads/posts")
"""Archives of posts (up to ``max_import_bytes``, streamed to a file)."""
MULTIPART_SLACK = 64 * 1024
"""The form around the archive: boundaries, headers, the CSRF token."""

DESCRIPTION = (
    "hamdel (همدل) API. hamdel is not a therapist and does not diagnose. Browser clients sign in "
    "with `POST /api/auth/login` (session cookie + `X-CSRF-Token`), API clients with "
    "`POST /api/auth/token` (`Authorization: Bearer …`)."
)


def _start_monitor(state: AppState) -> MonitorThread | None:
    """Every ``monitor_minutes`` (and at once after an import): import the archives waiting in
    drop folders, read pending posts, then deliver due scheduled messages. In-process with the
    inline backend; as the ``hamdel.monitor.tick`` job on a Celery worker otherwise."""
    minutes = state.settings.monitor_minutes
    if minutes == 0:
        return None
    if state.queue.backend == "celery":
        queue = state.queue
        return MonitorThread(minutes * 60, lambda: queue.submit("hamdel.monitor.tick")).start()
    components = state.components

    def tick() -> None:
        monitor_tick(
            state.sessions, components, drop_root=state.settings.drop_root,
            settle_seconds=state.settings.drop_settle_seconds, now=datetime.now(UTC),
        )  # fmt: skip

    return MonitorThread(minutes * 60, tick).start()


def _start_courier(state: AppState) -> CourierThread:
    """Deliver the outbox: at once when a request queued something (and committed), and every
    ``courier_seconds`` for retries. In-process with the inline backend; as the
    ``hamdel.deliveries.run`` job on a Celery worker otherwise (in-process while Redis is down:
    an alert must not wait for the queue)."""
    courier = make_courier(state.settings, state.components)

    def here() -> None:
        deliver_due(state.sessions, courier)

    if state.queue.backend != "celery":
        return CourierThread(
            here,
            every=state.settings.courier_seconds or 3600,
            workers=state.settings.courier_workers,
        ).start()
    queue = state.queue

    def there() -> None:
        if queue.problem() is not None:
            here()
        else:
            queue.submit("hamdel.deliveries.run")

    return CourierThread(there, every=state.settings.courier_seconds or 3600).start()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the database is migrated and components loaded once, at start-up."""
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    state = AppState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        queue=make_queue(settings),
        attempts=Attempts.from_uri(
            settings.redis_url if settings.job_backend == "celery" else "memory://",
            Rules(
                sign_in_per_address=settings.sign_in_limit_address,
                sign_in_per_account=settings.sign_in_limit_account,
                sign_up_per_address=settings.sign_up_limit_address,
            ),
        ),
        components=load_components(
            models_dir=settings.models_dir,
            cache_dir=settings.cache_dir,
            sender=make_sender(**settings.sender_parts()),
            alert_policy=alert_policy(settings),
            sessions=sessions,
        ),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logger.info(
            "hamdel started",
            extra={"fields": {"version": __version__, "jobs": state.queue.backend}},
        )
        # the thread is kept for tests and benchmarks to wait on; readiness is not an endpoint
        stop_warm_up: threading.Event | None = None
        app.state.warm_up = None
        if settings.warm_up:
            app.state.warm_up, stop_warm_up = start_warm_up(state.components)
        state.monitor = _start_monitor(state)
        state.courier = _start_courier(state)
        yield
        if stop_warm_up is not None:
            stop_warm_up.set()
        state.courier.stop()
        if state.monitor is not None:
            state.monitor.stop()
        state.queue.close()
        engine.dispose()

    app = FastAPI(
        title="hamdel",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load Swagger UI and ReDoc from a CDN: ours are local
        redoc_url=None,
    )
    app.state.hamdel = state
    install_docs(app)
    install_error_handlers(app)
    install_page_guards(app)
    for module in (health, auth, profile, account, records, chat, uploads, speech, ratings):
        app.include_router(module.router)
    for pages in (auth_pages, home_pages, upload_pages, account_pages, profile_pages,
                  contact_pages):  # fmt: skip
        app.include_router(pages.router)
    app.include_router(mood_pages.router)
    app.include_router(import_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Added last = runs first: refuse oversize or non-JSON bodies before anything reads them.
    # The docs pages get the same headers as every page (their scripts are files of our own).
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(JsonContentTypeMiddleware, exempt=UPLOAD_PREFIXES)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes,
        upload_prefixes=UPLOAD_PREFIXES,
        import_limit=settings.max_import_bytes + MULTIPART_SLACK,
        import_paths=IMPORT_PATHS,
    )
    return app


__all__ = ["create_app"]
