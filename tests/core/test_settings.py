"""Settings: defaults, HAMDEL_* environment, TOML file, and refusal of impossible values."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamdel.core.errors import ConfigError
from hamdel.core.settings import load_settings


def test_defaults_need_no_service() -> None:
    s = load_settings()
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("hamdel.db")
    assert s.job_backend == "inline" and s.default_language == "en"
    assert s.host == "127.0.0.1" and s.port == 8000


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMDEL_DATABASE_URL", "postgresql://u@db/hamdel")
    monkeypatch.setenv("HAMDEL_JOB_BACKEND", "celery")
    monkeypatch.setenv("HAMDEL_DEFAULT_LANGUAGE", "fa")
    s = load_settings()
    assert (s.database_url, s.job_backend, s.default_language) == (
        "postgresql://u@db/hamdel",
        "celery",
        "fa",
    )


def test_toml_file_is_read_and_env_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "hamdel.toml"
    config.write_text('port = 9100\ndefault_language = "fa"\nsmtp_host = "mail.example.org"\n')
    monkeypatch.setenv("HAMDEL_CONFIG", str(config))
    monkeypatch.setenv("HAMDEL_PORT", "9200")
    s = load_settings()
    assert s.port == 9200 and s.default_language == "fa" and s.smtp_host == "mail.example.org"


@pytest.mark.parametrize(
    ("var", "value"),
    [("HAMDEL_DATABASE_URL", "mysql://x"), ("HAMDEL_JOB_BACKEND", "cron"), ("HAMDEL_PORT", "0")],
)
def test_impossible_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError):
        load_settings()


def test_unknown_toml_keys_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "hamdel.toml"
    config.write_text("databse_url = 'sqlite:///typo.db'\n")
    monkeypatch.setenv("HAMDEL_CONFIG", str(config))
    with pytest.raises(ConfigError):
        load_settings()
