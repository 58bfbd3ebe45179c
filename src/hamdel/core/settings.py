"""One settings object, read once: ``HAMDEL_*`` environment variables, then an optional TOML file.

Precedence (highest first): keyword arguments, environment (``HAMDEL_DATABASE_URL`` ...), the TOML
file named by ``HAMDEL_CONFIG`` (default ``<user config dir>/hamdel/config.toml`` if it exists),
then the defaults below. Nothing here reads settings at import time: call :func:`get_settings`.

Perception, knowledge, recommend, safety and voice_out never import this module; the faces
(api, cli, jobs) read settings and pass plain values in.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hamdel.core.errors import ConfigError

APP_NAME = "hamdel"
PROJECT_ROOT = Path(__file__).resolve().parents[3]
"""The source checkout (``src/hamdel/core`` → three levels up); shipped models live in it."""


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_config_file() -> Path:
    explicit = os.environ.get("HAMDEL_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _default_database_url() -> str:
    return f"sqlite:///{user_data_dir() / 'hamdel.db'}"


def _default_data_dir() -> Path | None:
    """``../shared/data`` beside the checkout (or the working directory), when it exists."""
    for base in (PROJECT_ROOT, Path.cwd()):
        candidate = (base / ".." / "shared" / "data").resolve()
        if candidate.is_dir():
            return candidate
    return None


def _default_models_dir() -> Path:
    shipped = PROJECT_ROOT / "models"
    return shipped if shipped.is_dir() else user_data_dir() / "models"


class Settings(BaseSettings):
    """Everything hamdel can be configured with."""

    model_config = SettingsConfigDict(env_prefix="HAMDEL_", extra="forbid", frozen=True)

    environment: Literal["development", "production", "test"] = "production"
    database_url: str = Field(default_factory=_default_database_url)
    data_dir: Path | None = Field(default_factory=_default_data_dir)
    models_dir: Path = Field(default_factory=_default_models_dir)
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir(APP_NAME)))
    default_language: Literal["en", "fa"] = "en"

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    cookie_secure: bool = True
    session_days: int = Field(default=14, ge=1, le=365)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_upload_bytes: int = Field(default=26_214_400, ge=1024)
    max_import_bytes: int = Field(default=104_857_600, ge=1024)
    """Largest archive the import page and ``POST /api/uploads/posts`` take (a 100 MB social
    network export; read as a stream, never held whole)."""
    drop_dir: Path | None = None
    """Where each person's drop folder lives (``<drop_dir>/<id>-<key>/``): archives put there are
    imported by the monitor. Unset: ``drop`` in the user data directory (beside the SQLite
    file)."""
    drop_settle_seconds: int = Field(default=60, ge=0, le=86_400)
    """A file in a drop folder changed less than this long ago is still being copied: the
    monitor leaves it for the next tick (as it does ``*.part`` files)."""
    sign_in_limit_address: str = "20/minute"
    """Sign-in and token attempts per client address (``limits`` notation, e.g. 20/minute)."""
    sign_in_limit_account: str = "10/15 minutes"
    """Sign-in and token attempts at one account, from anywhere."""
    sign_up_limit_address: str = "5/hour"

    job_backend: Literal["inline", "celery"] = "inline"
    redis_url: str = "redis://127.0.0.1:6379/0"

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = None
    smtp_starttls: bool = True
    confirm_email: bool | None = None
    """Confirm a new account's e-mail address with a link before it can sign in, and answer
    every sign-up alike, so nobody learns from the page whether an address has an account.
    Unset: on when e-mail can be sent (``smtp_host``); off, a laptop without mail signs up at
    once (and the sign-up page then says when an address is taken)."""
    outbound_allow_private: bool = False
    """Let contacts' addresses reach loopback and private networks (a gateway on your own
    network)."""
    sms_gateway: str | None = None
    """An Apprise URL with ``{phone}`` where the number goes: how phone contacts are reached
    (e.g. ``json://gateway.lan:8080/send?:to={phone}``, ``twilio://SID:TOKEN@+1555.../{phone}``)."""
    base_url: str | None = None
    """Where people reach this server (``https://hamdel.example.org``): every link that leaves
    the app (invitations, withdrawals) starts with it. Unset: ``http://HOST:PORT``, which a
    contact on another device cannot open (``hamdel doctor`` warns)."""
    crisis_cooldown_minutes: int = Field(default=30, ge=0, le=1440)
    """After a contact was told of a crisis, no alert as serious to them for this long (a more
    serious one, an attempt in progress, goes at once)."""
    courier_seconds: int = Field(default=15, ge=0, le=3600)
    """How often the outbox is checked for retries (0: only when woken, and by the monitor);
    a request that queues an alert wakes it at once."""
    warm_up: bool = True
    """Warm the models in a background thread at start-up (one tiny run of each), so the first
    voice note and the first spoken reply take no longer than the next."""
    courier_workers: int = Field(default=4, ge=1, le=32)
    """Deliveries sent side by side by the server's courier (a slow mail server must not hold
    one alert behind another)."""
    delivery_lease_seconds: int = Field(default=90, ge=30, le=3600)
    """How long a worker holds a delivery it is sending; a worker killed mid-send leaves it to
    be sent again after this."""

    monitor_minutes: int = Field(default=15, ge=0, le=1440)
    """How often scheduled messages are checked (0 turns the monitor off)."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True

    def sender_parts(self) -> dict[str, Any]:
        """The settings that decide how contacts are reached (``make_sender(**parts)``)."""
        return {
            "smtp_host": self.smtp_host,
            "smtp_port": self.smtp_port,
            "smtp_from": self.smtp_from,
            "smtp_user": self.smtp_user,
            "smtp_password": self.smtp_password.get_secret_value() if self.smtp_password else None,
            "smtp_starttls": self.smtp_starttls,
            "sms_gateway": self.sms_gateway,
            "outbound_allow_private": self.outbound_allow_private,
        }

    @property
    def public_url(self) -> str:
        """The base of every link that leaves the app."""
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = default_config_file()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)

    @property
    def confirms_email(self) -> bool:
        """Whether new accounts confirm their address by e-mail (see ``confirm_email``)."""
        if self.confirm_email is not None:
            return self.confirm_email
        return bool(self.smtp_host)

    @property
    def drop_root(self) -> Path:
        """The folder that holds every person's drop folder."""
        return self.drop_dir if self.drop_dir is not None else user_data_dir() / "drop"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The SQLite file, or ``None`` for an in-memory or non-SQLite database."""
        if not self.is_sqlite:
            return None
        raw = self.database_url.split(":///", 1)[-1] if ":///" in self.database_url else ""
        return Path(raw) if raw and raw != ":memory:" else None


def load_settings(**overrides: Any) -> Settings:
    """Read settings now. Converts validation failures into :class:`ConfigError`."""
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise ConfigError(f"invalid hamdel settings: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()


__all__ = ["PROJECT_ROOT", "Settings", "get_settings", "load_settings", "user_data_dir"]
