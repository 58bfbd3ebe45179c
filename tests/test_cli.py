"""The `hamdel` command: help, database upgrade, and a doctor that tells the truth."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hamdel.cli import app
from tests.conftest import free_port

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "doctor", "db"):
        assert command in result.output


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("hamdel")
    if not exe.exists():
        pytest.skip("hamdel console script not installed next to this Python")
    out = subprocess.run(
        [str(exe), "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    assert "doctor" in out.stdout


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hamdel.core.settings import get_settings
    from hamdel.store.migrate import head_revision

    db = tmp_path / "cli.db"
    monkeypatch.setenv("HAMDEL_DATABASE_URL", f"sqlite:///{db}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert db.exists() and f"revision {head_revision()}" in result.output
        assert runner.invoke(app, ["db", "current"]).output.strip() == head_revision()
    finally:
        get_settings.cache_clear()


def test_doctor_reports_what_is_really_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdel.core.settings import get_settings

    models = tmp_path / "models"
    (models / "good").mkdir(parents=True)
    (models / "good" / "model.onnx").write_bytes(b"x")
    (models / "good" / "MODEL_CARD.md").write_text("card")
    (models / "no_card").mkdir()
    (models / "no_card" / "model.onnx").write_bytes(b"x")
    monkeypatch.setenv("HAMDEL_MODELS_DIR", str(models))
    monkeypatch.setenv("HAMDEL_DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("HAMDEL_DATA_DIR", str(tmp_path / "absent"))
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["doctor", "--json"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    checks = {c["name"]: c for c in json.loads(result.output)}
    assert checks["good"]["available"] is True
    assert checks["no_card"]["available"] is False and "MODEL_CARD" in checks["no_card"]["detail"]
    assert checks["corpora"]["available"] is False
    assert "upgrade" in checks["database"]["detail"]  # empty database: says what to do
    assert checks["espeak-ng"]["available"] is (shutil.which("espeak-ng") is not None)
    assert checks["chromium"]["available"] is (shutil.which("chromium") is not None)
    assert checks["onnxruntime"]["available"] is True
    for name in ("text analyzer", "recommender", "voice en", "voice fa", "speech-to-text"):
        assert name in checks, name
    assert checks["voice fa"]["available"] is (shutil.which("espeak-ng") is not None)


def test_doctor_says_which_contacts_can_be_reached(tmp_path: Path, smtp_inbox) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from hamdel.core.settings import load_settings
    from hamdel.doctor import check_alerts
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo
    from hamdel.store.models import Contact

    url = f"sqlite:///{tmp_path / 'd.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as db:
        uid = repo.create_user(
            db, email="p@x.org", password_hash="x", language="en", display_name=None
        ).id
        for channel, address in (("email", "e@x.org"), ("phone", "+447700900123")):
            repo.add_owned(db, Contact, user_id=uid, name="C", channel=channel, address=address,
                           confirmed=True, withdraw_token=channel * 6,
                           created_at=datetime.now(UTC))  # fmt: skip
    _, port = smtp_inbox
    by_name = {
        c.name: c
        for c in check_alerts(
            load_settings(
                database_url=url, smtp_host="127.0.0.1", smtp_port=port, smtp_from="h@x.org"
            )
        )
    }
    assert by_name["e-mail"].available and "answers" in by_name["e-mail"].detail
    assert not by_name["text messages"].available and "HAMDEL_SMS_GATEWAY" in (
        by_name["text messages"].detail
    )
    assert not by_name["links"].available and "HAMDEL_BASE_URL" in by_name["links"].detail
    email, phone = by_name["contact 1"], by_name["contact 2"]
    assert email.available and "reachable" in email.detail and "never delivered" in email.detail
    assert not phone.available and "SMS gateway" in phone.detail
    # no SMTP server listening, and a public base URL: the e-mail check says so
    closed = {c.name: c for c in check_alerts(load_settings(
        database_url=url, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_from="h@x.org",
        base_url="https://hamdel.example.org"))}  # fmt: skip
    assert not closed["e-mail"].available and closed["links"].available


def test_chat_in_the_terminal_is_the_same_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hamdel.core.settings import get_settings
    from hamdel.jobs import monitor
    from hamdel.store import make_engine, make_session_factory, transaction, upgrade
    from hamdel.store import repositories as repo

    url = f"sqlite:///{tmp_path / 'chat.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as db:
        repo.create_user(db, email="t@x.org", password_hash="x", language="en", display_name=None)
    monkeypatch.setenv("HAMDEL_DATABASE_URL", url)
    monkeypatch.setenv("HAMDEL_MODELS_DIR", str(tmp_path / "models"))
    caches = (get_settings, monitor.service_components, monitor.sessions_for)
    for cached in caches:
        cached.cache_clear()
    try:
        said = runner.invoke(app, ["chat", "--user", "t@x.org", "a quiet evening at home"])
        assert said.exit_code == 0, said.output
        assert said.output.startswith("hamdel: ")
        shown = runner.invoke(app, ["chat", "--user", "t@x.org", "--history", "10", "quit"])
    finally:
        for cached in caches:
            cached.cache_clear()
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "you: a quiet evening at home" in lines[0] and "hamdel: " in lines[1]
