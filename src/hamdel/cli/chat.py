"""``hamdel chat``: the conversation in a terminal, for a person who has an account.

Each line is one turn, exactly as in the web app: crisis resources for clear crisis language;
for uncertain language the normal reply and one direct question, answered here with yes or no.
"""

from __future__ import annotations

import secrets
import sys
from typing import Annotated, Any

import typer

app = typer.Typer(
    help="Talk with hamdel in the terminal (hamdel is not a therapist).",
    invoke_without_command=True,
)

QUIT = frozenset({"quit", "exit", "/q", "خروج"})


@app.callback()
def chat_cmd(
    user: Annotated[str, typer.Option(help="The person's e-mail (their account)")],
    message: Annotated[
        list[str] | None, typer.Argument(help="Messages to send; none: read lines from input")
    ] = None,
    answer: Annotated[
        str | None, typer.Option(help="Answer a check-in question: ID:yes or ID:no")
    ] = None,
    history: Annotated[
        int, typer.Option(help="Show the last N lines of the conversation first (web and CLI)")
    ] = 0,
) -> None:
    """One turn per message (or per input line, until end of input or "quit")."""
    from hamdel.core.errors import HamdelError

    try:
        if history > 0:
            _history(user, min(history, 100))
        if answer is not None:
            check_in_id, _, said = answer.partition(":")
            if said not in ("yes", "no") or not check_in_id.isdigit():
                raise typer.BadParameter("--answer takes ID:yes or ID:no")
            _show(_answer(user, int(check_in_id), said == "yes"))
            return
        interactive = not message
        if interactive:
            typer.echo(f"hamdel: {_greeting(user)}")
        lines = message or _input_lines()
        for line in lines:
            if line.strip().lower() in QUIT:
                break
            if not line.strip():
                continue
            reply = _turn(user, line)
            _show(reply)
            if reply["check_in"] and interactive:
                yes = _ask(reply["check_in"])
                if yes is not None:
                    _show(_answer(user, reply["check_in"]["id"], yes))
    except HamdelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _input_lines() -> Any:
    if sys.stdin.isatty():
        typer.echo('Write to hamdel ("quit" to stop). hamdel is not a therapist.')
    for line in sys.stdin:
        yield line.rstrip("\n")


def _ask(check_in: dict[str, Any]) -> bool | None:
    """Read the answer to a check-in from the next input line (yes/no in either language)."""
    answers = check_in["answers"]
    typer.echo(f"[{answers['yes']} / {answers['no']}]")
    line = sys.stdin.readline()
    said = line.strip().lower()
    if said in ("yes", "y", answers["yes"].lower(), "بله", "آره"):
        return True
    if said in ("no", "n", answers["no"].lower(), "نه", "خیر"):
        return False
    typer.echo(f"(not answered; later: hamdel chat --user ... --answer {check_in['id']}:yes|no)")
    return None


def _person(db: Any, email: str) -> Any:
    from hamdel.core.errors import NotFoundError
    from hamdel.store import repositories as repo

    person = repo.get_user_by_email(db, email=email.strip().lower())
    if person is None:
        raise NotFoundError(f"no account for {email}")
    return person


def _in_transaction(email: str, act: Any) -> dict[str, Any]:
    """Run ``act(db, components, user, now)`` for the person in one transaction; the reply."""
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import service_components, sessions_for
    from hamdel.store import transaction
    from hamdel.store.models import utcnow

    with transaction(sessions_for(get_settings().database_url)) as db:
        reply = act(db, service_components(), _person(db, email), utcnow())
        return dict(reply.to_dict())


def _greeting(email: str) -> str:
    """The web app's greeting, in the person's language (with last time's topic where they
    chose ``remember_topics``)."""
    from hamdel.companion.greeting import greet, greeting_text
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import service_components, sessions_for
    from hamdel.store import repositories as repo
    from hamdel.store import transaction
    from hamdel.store.models import utcnow

    with transaction(sessions_for(get_settings().database_url)) as db:
        user = _person(db, email)
        profile = repo.consented_profile(db, user_id=user.id)
        found = greet(
            db, user_id=user.id, name=user.display_name,
            remember=profile.get("remember_topics") == "yes",
            topic_of=service_components().topic, now=utcnow(),
        )  # fmt: skip
        return greeting_text(found, user.language)


def _turn(email: str, text: str) -> dict[str, Any]:
    from hamdel.companion import text_turn

    return _in_transaction(
        email,
        lambda db, components, user, now: text_turn(
            db, components, user=user, text=text, language=None, now=now,
            seed=secrets.randbelow(2**31),
        ),
    )  # fmt: skip


def _answer(email: str, check_in_id: int, yes: bool) -> dict[str, Any]:
    from hamdel.companion import answer_check_in

    return _in_transaction(
        email,
        lambda db, components, user, now: answer_check_in(
            db, components, user=user, check_in_id=check_in_id, yes=yes, now=now
        ),
    )


def _history(email: str, n: int) -> None:
    """The last ``n`` lines of the same conversation the web app shows."""
    from hamdel.companion import thread
    from hamdel.core.settings import get_settings
    from hamdel.jobs.monitor import sessions_for
    from hamdel.store import transaction

    with transaction(sessions_for(get_settings().database_url)) as db:
        found = thread.page(db, user_id=_person(db, email).id, limit=n)
    for item in found.items:
        who = "you" if item.role == "person" else "hamdel"
        text = item.text or (item.message or {}).get("text", "")
        if item.kind == "voice":
            text = f"(voice note) {text}".strip()
        typer.echo(f"[{item.at:%Y-%m-%d %H:%M}] {who}: {text}")
        for i, s in enumerate(item.suggestions, 1):
            typer.echo(f"  {i}. {s.get('text')}")


def _show(reply: dict[str, Any]) -> None:
    typer.echo(f"hamdel: {reply['text']}")
    for i, s in enumerate(reply["suggestions"], 1):
        typer.echo(f"  {i}. {s['text']}")
    if reply["message"]:
        typer.echo(f"  {reply['message']['text']}")
    if reply["crisis"]:
        for line in reply["crisis"]["lines"]:
            typer.echo(f"  - {line['name']}: {line['contact']} ({line['hours']})")
        typer.echo(f"  {reply['crisis']['emergency']}")
    if reply["check_in"]:
        typer.echo(f"hamdel: {reply['check_in']['question']}  (check-in {reply['check_in']['id']})")
