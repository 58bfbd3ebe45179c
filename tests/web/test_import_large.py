"""Archives larger than the ordinary body limits reach the import page and the API (their own
limit, ``max_import_bytes``), and the monitor tick picks up drop folders.

Needs the body-limit and tick wiring in ``server/app.py``, ``server/middleware.py`` and
``jobs/monitor.py`` (issue 20, item 1)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hamdel.core.settings import Settings
from tests.api.helpers import sign_up
from tests.web.test_pages import _signed_up

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"


def _csv(size: int) -> bytes:
    """A CSV of about ``size`` bytes: long posts, so not many (the monitor reads them)."""
    filler = "and then the evening was quiet, " * 30
    rows = [f"{n},post {n}: {filler}".encode() for n in range(size // len(filler) + 1)]
    return b"id,text\n" + b"\n".join(rows) + b"\n"


@pytest.fixture
def roomy_app(settings: Settings) -> FastAPI:
    """Ordinary bodies 64 KiB, uploads 1 MiB, archives 3 MiB."""
    from hamdel.server.app import create_app

    limits = {"max_body_bytes": 64 * 1024, "max_upload_bytes": 2**20, "max_import_bytes": 3 * 2**20}
    return create_app(settings.model_copy(update=limits))


def test_an_archive_over_the_upload_limit_reaches_the_page_and_the_api(roomy_app: FastAPI) -> None:
    data = _csv(2 * 2**20)  # over the body and upload limits, under the archive limit
    with TestClient(roomy_app) as client:
        csrf = _signed_up(client, "big@example.org")
        r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("big.csv", data)})
        assert r.status_code == 200 and 'id="import-preview"' in r.text
        person = sign_up(roomy_app, "api@example.org", bearer=True)
        r = person.client.post(
            "/api/uploads/posts",
            files={"file": ("big.csv", data, "text/csv")},
            headers=person.headers,
        )
        assert r.status_code == 202 and r.json()["imported"] > 2_000, r.text
        too_big = _csv(4 * 2**20)
        r = client.post("/import", data={"csrf_token": csrf}, files={"file": ("b.csv", too_big)})
        assert r.status_code == 413
        r = client.post("/chat", data={"csrf_token": csrf, "text": "x" * 70_000})
        assert r.status_code == 413  # other forms keep the ordinary limit


def test_the_monitor_tick_imports_drop_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdel.companion.import_drop import person_folder
    from hamdel.core.settings import get_settings
    from hamdel.jobs import monitor, run_task
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo

    url = f"sqlite:///{tmp_path / 'tick.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as db:
        uid = repo.create_user(
            db, email="t@x.org", password_hash="x", language="en", display_name=None
        ).id
    folder = person_folder(tmp_path / "drop", uid)
    shutil.copy(ARCHIVES / "csv" / "posts.csv", folder / "posts.csv")
    for name, value in (
        ("DATABASE_URL", url),
        ("DROP_DIR", str(tmp_path / "drop")),
        ("DROP_SETTLE_SECONDS", "0"),
        ("MODELS_DIR", str(tmp_path / "m")),
    ):
        monkeypatch.setenv(f"HAMDEL_{name}", value)
    caches = (get_settings, monitor.sessions_for, monitor.service_components)
    for cached in caches:
        cached.cache_clear()
    try:
        report = run_task("hamdel.monitor.tick", {})
    finally:
        for cached in caches:
            cached.cache_clear()
        engine.dispose()
    assert report["drop"]["imported"] == 1 and (folder / "done" / "posts.csv").is_file()
    assert report["posts"]["read"] + report["posts"]["failed"] == report["drop"]["new_posts"]
    assert re.fullmatch(r"\d+-[0-9a-f]{20}", folder.name)
