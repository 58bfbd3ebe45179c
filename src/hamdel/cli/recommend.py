"""``hamdel recommend ...``: three suggestions and/or a message; ``hamdel recommend train``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    help="Coping suggestions and a message for an emotion, filtered by the person's profile.",
)


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(code=2)


def _read_json(value: str | None, what: str) -> Any:
    """JSON given inline or as a path to a file (``@file.json`` or an existing path)."""
    if value is None:
        return None
    path = Path(value[1:] if value.startswith("@") else value)
    text = path.read_text(encoding="utf-8") if path.suffix == ".json" and path.is_file() else value
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what} is not valid JSON ({exc.msg})") from exc


def _recent(raw: Any) -> tuple[tuple[str, Any], ...]:
    from datetime import datetime

    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError("--recent must be a JSON list of {item_id, delivered_at}")
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or "item_id" not in entry or "delivered_at" not in entry:
            raise ValueError("each --recent entry needs item_id and delivered_at (ISO 8601)")
        out.append((str(entry["item_id"]), datetime.fromisoformat(entry["delivered_at"])))
    return tuple(out)


def _stored_person(ref: str, novelty_days: float) -> dict[str, Any]:
    """Profile, deliveries and feedback of one person in the configured database."""
    from datetime import UTC, datetime, timedelta

    from hamdel.companion.service import person_context
    from hamdel.core.errors import InputError
    from hamdel.core.settings import get_settings
    from hamdel.store import make_engine, make_session_factory, transaction
    from hamdel.store import repositories as repo
    from hamdel.store.study import recent_post_texts

    engine = make_engine(get_settings().database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            person = (
                repo.get_user(db, user_id=int(ref))
                if ref.isdigit()
                else repo.get_user_by_email(db, email=ref.strip().lower())
            )
            if person is None:
                raise InputError(f"no person {ref!r} in the database")
            since = datetime.now(UTC) - timedelta(days=novelty_days)
            ctx = person_context(db, user_id=person.id, since=since)
            return {
                "id": person.id,
                "profile": dict(ctx.profile),
                "recent": tuple(ctx.recent),
                "ratings": ctx.ratings,
                "posts": recent_post_texts(db, user_id=person.id),
            }
    finally:
        engine.dispose()


@app.callback(invoke_without_command=True)
def recommend_cmd(
    ctx: typer.Context,
    emotion: Annotated[
        str | None, typer.Option(help="Assessed emotion; omit when nothing was posted")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="en or fa")] = "en",
    intensity: Annotated[
        str, typer.Option(help="eSM2 level: lower, intermediate, extreme")
    ] = "intermediate",
    stress: Annotated[str | None, typer.Option(help="low, medium or high")] = None,
    profile: Annotated[
        str | None, typer.Option(help="Profile attributes as JSON (or a .json file)")
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="A person in the hamdel database (id or e-mail): their consented profile, "
            "recent deliveries, feedback and time zone are used (read only)",
        ),
    ] = None,
    feedback: Annotated[
        str | None, typer.Option(help="Feedback state JSON (or a .json file)")
    ] = None,
    recent: Annotated[
        str | None, typer.Option(help="Recent deliveries JSON list (or a .json file)")
    ] = None,
    now: Annotated[str | None, typer.Option(help="Local time, ISO 8601 (default: now)")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the feedback sampler")] = 0,
    variant: Annotated[
        str,
        typer.Option(
            help="sentiment+ontology, sentiment, ontology, neither; or content: the design's "
            "content-based recommender, by the words of --posts (or the --user's posts)"
        ),
    ] = "sentiment+ontology",
    posts: Annotated[
        str | None,
        typer.Option(help="--variant content: the person's recent posts, a JSON list of texts"),
    ] = None,
    want: Annotated[str, typer.Option(help="both, suggestions or message")] = "both",
    said: Annotated[
        str | None,
        typer.Option(help="The person's words: a suggestion for a situation they name may come"),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="Scorer folder (default: models/suggestion_scorer)")
    ] = None,
    novelty_days: Annotated[float, typer.Option(help="Days a delivered item stays out")] = 7.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Recommend for one assessment: `hamdel recommend --emotion sadness --lang fa --json`."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import UTC, datetime

    from hamdel.core.errors import HamdelError
    from hamdel.recommend import EngineConfig, Need, Recommender
    from hamdel.recommend.feedback import FeedbackState

    try:
        attributes = _read_json(profile, "--profile")
        if attributes is not None and not isinstance(attributes, dict):
            raise ValueError("--profile must be a JSON object")
        need = Need(emotion, intensity, stress) if emotion is not None else None
        engine = Recommender.load(model, config=EngineConfig(novelty_days=novelty_days))
        moment = datetime.fromisoformat(now) if now else None
        deliveries = _recent(_read_json(recent, "--recent"))
        state = FeedbackState.from_dict(_read_json(feedback, "--feedback"))
        node = user
        if user is not None:
            stored = _stored_person(user, novelty_days)
            node = str(stored["id"])
            attributes = {**stored["profile"], **(attributes or {})}
            deliveries = deliveries or stored["recent"]
            if feedback is None:
                state = engine.feedback_from(stored["ratings"])
            moment = moment or datetime.now(UTC)  # in their time zone, by the request
        if variant == "content":
            texts = _read_json(posts, "--posts") if posts is not None else None
            if texts is None and user is not None:
                texts = stored["posts"]
            result = _content_based(engine, texts, lang, attributes, deliveries, need, want)
        else:
            request = engine.request_for(
                need, profile=attributes or {}, language=lang, recent=deliveries, feedback=state,
                now=moment, seed=seed, want=want, variant=variant, node=node, said=said,
            )  # fmt: skip
            result = engine.recommend(request)
    except (HamdelError, ValueError, OSError) as exc:
        raise _fail(exc) from exc
    _show(result, json_out)


def _content_based(
    engine: Any,
    texts: Any,
    lang: str,
    attributes: dict[str, Any] | None,
    deliveries: tuple[Any, ...],
    need: Any,
    want: str,
) -> Any:
    """The content-based recommender over the engine's own catalogue (safety rules kept)."""
    from hamdel.knowledge import user_graph
    from hamdel.recommend.content_based import ContentBased

    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise ValueError("--variant content needs --posts (a JSON list of texts) or --user")
    content = ContentBased(engine.items, engine.messages, engine.ontology)
    profile = {k: v for k, v in (attributes or {}).items() if k != "timezone"}
    return content.recommend(
        texts,
        language=lang,
        user=user_graph(profile, engine.ontology),
        recent=[item for item, _ in deliveries],
        emotion=need.emotion if need is not None else None,
        want=want,
    )


def _show(result: Any, json_out: bool) -> None:
    if json_out:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for number, item in enumerate(result.suggestions, start=1):
        typer.echo(f"{number}. {item.text}\n   ({item.why})")
    if result.message is not None:
        typer.echo(f"✉ {result.message.text}\n   ({result.message.why})")
    for note in result.notes:
        typer.echo(f"- {note}")


@app.command("train")
def train_cmd(
    out: Annotated[Path, typer.Option(help="Output folder")] = Path("models/suggestion_scorer"),
    corpus: Annotated[Path | None, typer.Option(help="Suggestion corpus folder")] = None,
    catalogue: Annotated[
        Path | None, typer.Option(help="Message catalogue folder (vocabulary)")
    ] = None,
    epochs: Annotated[int, typer.Option(help="Most training epochs")] = 30,
    hidden: Annotated[int, typer.Option(help="LSTM units per direction")] = 64,
    fa_dim: Annotated[int, typer.Option(help="Persian word-vector size after PCA")] = 128,
    seed: Annotated[int, typer.Option(help="Seed of the split and the training")] = 0,
    targets: Annotated[
        str, typer.Option(help="tags: learn every tagged emotion; primary: the primary only")
    ] = "tags",
    no_eval: Annotated[
        bool, typer.Option("--no-eval", help="Skip the held-out evaluation")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Train the GloVe/e5 + BiLSTM scorer (torch, `train` extra), evaluate it, export ONNX."""
    import logging

    from hamdel.core.errors import HamdelError

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        from hamdel.recommend.train import TrainConfig, train
    except ImportError as exc:
        raise _fail(
            RuntimeError(f"training needs the train extra: pip install 'hamdel[train]' ({exc})")
        ) from exc
    try:
        meta = train(
            out,
            TrainConfig(epochs=epochs, seed=seed, hidden=hidden, fa_dim=fa_dim, targets=targets),
            corpus_path=corpus,
            catalogue_path=catalogue,
            evaluate=not no_eval,
        )
    except (HamdelError, ValueError, OSError) as exc:
        raise _fail(exc) from exc
    keys = ("out", "n_items", "epochs", "validation_accuracy", "heldout")
    summary = {"out": str(out)} | {k: meta[k] for k in keys[1:] if k in meta}
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2) if json_out else summary)
