"""``hamdel monitor``: the background reader of imported posts and its imports.

- ``run``: read pending imported posts and deliver the scheduled messages due now (the service
  does this every ``monitor_minutes`` by itself).
- ``import``: import a person's archive (Telegram, Instagram, Facebook, X, Mastodon, WhatsApp,
  CSV), or fetch their own public Mastodon posts; importing twice adds nothing.
- ``drop-folder``: the folder whose archives the monitor imports for the person by itself.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from hamdel.companion.imports import ImportReport

app = typer.Typer(help="Scheduled messages at the times each person chose.", no_args_is_help=True)

SOURCE_HELP = "csv, telegram, instagram, facebook, x, mastodon or whatsapp (detected if omitted)"


@app.command("run")
def run_cmd(
    now: Annotated[
        str | None, typer.Option(help="Pretend it is this moment (ISO 8601 with zone)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """One tick over HAMDEL_DATABASE_URL: posts read, who got a message and why others did not."""
    from datetime import UTC, datetime

    from hamdel.core.errors import HamdelError
    from hamdel.jobs import run_task

    try:
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
        if moment.tzinfo is None:
            raise ValueError("--now needs a time zone, e.g. 2026-11-22T18:30+03:30")
        posts_first = _read_posts_with_a_bar() if sys.stderr.isatty() else None
        report = run_task("hamdel.monitor.tick", {"now": moment.isoformat()})
        if posts_first is not None:  # the tick read what arrived meanwhile
            for key in ("read", "failed"):
                report["posts"][key] += posts_first[key]
    except (HamdelError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    posts = report["posts"]
    drop = report.get("drop")
    if drop and (drop["imported"] or drop["refused"] or drop["failed"]):
        typer.echo(
            f"drop folders: {drop['imported']} archives imported ({drop['new_posts']} new posts), "
            f"{drop['refused']} refused, {drop['failed']} failed"
        )
    typer.echo(f"posts read {posts['read']}, failed {posts['failed']}")
    typer.echo(f"checked {report['checked']}, delivered {report['delivered']}")
    for outcome in report["outcomes"]:
        typer.echo(f"  person {outcome['user_id']}: {outcome['reason']}")


@app.command("import")
def import_cmd(
    user: Annotated[str, typer.Option(help="The person's e-mail (their account)")],
    file: Annotated[
        Path | None, typer.Argument(help="The archive: the .zip, the folder, or the bare file")
    ] = None,
    source: Annotated[str | None, typer.Option(help=SOURCE_HELP)] = None,
    author: Annotated[
        str | None, typer.Option(help="Chats: your name as it appears in the chat")
    ] = None,
    instance: Annotated[
        str | None,
        typer.Option(help="Mastodon: fetch from this server, e.g. https://example.social"),
    ] = None,
    account: Annotated[
        str | None, typer.Option(help="Mastodon: your account name on --instance")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Import the person's own posts; the monitor reads them next. Exit code 2 and nothing
    stored when the archive is malformed (the error names the first bad entry)."""
    from hamdel.core.errors import HamdelError

    try:
        if instance is not None or account is not None:
            report = _fetch_mastodon(user, source, instance, account, file)
        elif file is None:
            raise typer.BadParameter("name the archive FILE (or --instance and --account)")
        else:
            report = _import_file(user, file, source, author)
    except HamdelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    line = f"{report.new:,} new posts imported, {report.already:,} already there"
    if report.repeated:
        line += f" ({report.repeated:,} repeated in the archive, kept once)"
    typer.echo(line)


@app.command("drop-folder")
def drop_folder_cmd(
    user: Annotated[str, typer.Option(help="The person's e-mail (their account)")],
) -> None:
    """Print (and create) the person's drop folder: archives put there are imported by the
    monitor by itself, then moved to done/ or refused/ (with a note saying why)."""
    from hamdel.companion.import_drop import person_folder
    from hamdel.core.errors import HamdelError
    from hamdel.core.settings import get_settings

    try:
        user_id = _person_id(user)
        typer.echo(str(person_folder(get_settings().drop_root, user_id)))
    except HamdelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _person_id(email: str) -> int:
    from hamdel.core.errors import NotFoundError
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import sessions_for
    from hamdel.store import repositories as repo
    from hamdel.store import transaction

    with transaction(sessions_for(get_settings().database_url)) as db:
        person = repo.get_user_by_email(db, email=email.strip().lower())
        if person is None:
            raise NotFoundError(f"no account for {email}")
        return person.id


def _import_file(email: str, file: Path, source: str | None, author: str | None) -> ImportReport:
    from hamdel.companion.imports import choose_source, read_posts, store
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import sessions_for

    user_id = _person_id(email)
    kind = choose_source(file, source)
    with _ByteBar(f"reading {file.name} ({kind})") as bar:
        gathered = read_posts(kind, file, author=author, progress=bar.update)
    return store(sessions_for(get_settings().database_url), user_id=user_id, gathered=gathered)


def _fetch_mastodon(
    email: str, source: str | None, instance: str | None, account: str | None, file: Path | None
) -> ImportReport:
    from hamdel.companion.import_mastodon import fetch_own_posts
    from hamdel.companion.imports import gather, store
    from hamdel.core.errors import InputError
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import sessions_for

    if source not in (None, "mastodon") or file is not None or not instance or not account:
        raise InputError("fetching needs --source mastodon, --instance URL and --account NAME only")
    user_id = _person_id(email)
    with _CountBar(f"fetching {account} from {instance}") as bar:
        gathered = gather(
            fetch_own_posts(instance, account, progress=bar.update), source="mastodon"
        )
    return store(sessions_for(get_settings().database_url), user_id=user_id, gathered=gathered)


def _read_posts_with_a_bar() -> dict[str, int] | None:
    """Where the jobs run in this process: read the pending posts first, with a bar of posts
    read (a Celery worker reads them itself, without one). ``None``: not done here."""
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import service_components, sessions_for

    settings = get_settings()
    if settings.job_backend != "inline":
        return None
    from hamdel.companion.posts import analyze_pending_posts

    with _PostBar("reading imported posts") as bar:
        report = analyze_pending_posts(
            sessions_for(settings.database_url), service_components(), limit=None,
            progress=bar.update,
        )  # fmt: skip
    return {"read": report.read, "failed": report.failed}


class _ByteBar:
    """A rich progress bar on stderr (only when it is a terminal): bytes read of the total."""

    def __init__(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(
            *self._columns(), console=Console(stderr=True), transient=True,
            disable=not sys.stderr.isatty(),
        )  # fmt: skip
        self._task = self._progress.add_task(description, total=None)

    @staticmethod
    def _columns() -> tuple[Any, ...]:
        from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn

        text = TextColumn("[progress.description]{task.description}")
        return text, BarColumn(), DownloadColumn(), TimeRemainingColumn()

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total or None)

    def __enter__(self) -> _ByteBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


class _CountBar(_ByteBar):
    """The same bar counting statuses fetched (the total is not known)."""

    @staticmethod
    def _columns() -> tuple[Any, ...]:
        from rich.progress import SpinnerColumn, TextColumn

        text = TextColumn("[progress.description]{task.description}")
        return SpinnerColumn(), text, TextColumn("{task.completed} statuses")


class _PostBar(_ByteBar):
    """The same bar counting posts read of those pending."""

    @staticmethod
    def _columns() -> tuple[Any, ...]:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

        text = TextColumn("[progress.description]{task.description}")
        return text, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
